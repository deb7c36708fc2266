"""The gate of the Python front-end: CPython's own (C) parser decides whether a file can
yield a fact before LibCST is imported or run.

Most Python files that pass the byte prefilter still cannot produce a fact; CPython's
parser decides that in a fraction of LibCST's cost, and LibCST itself (100 ms to import,
~20x the parse in metadata) is loaded only for the files that can. Also here: CPython's
parse (quiet), used to place syntax errors (errors.py) and to refuse absurd nesting.
"""

from __future__ import annotations

import ast
import re
import warnings
from pathlib import PurePosixPath

from ...core.diagnostics import Span
from ...facts import ParseProblem
from ...urlmodel import looks_like_connection_url
from ...urlmodel.names import env_name_holds_url
from ...vocabulary import clients as c
from ...vocabulary.layout import is_test_harness_module, path_role

# prisma-client-py's vocabulary (vocabulary/clients.py), shared with the analyser's passes.
PRISMA_ACTIONS = c.PY_QUERY_ACTIONS
RAW_QUERIES = c.PY_RAW_QUERIES
CLIENT_EVIDENCE = c.PY_CLIENT_EVIDENCE
LIFECYCLE = frozenset(c.PY_LIFECYCLE)
# Names whose call may build, register or fetch a client (the last segment of an imported name).
GATE_CALLS = c.PY_CLIENT_CLASSES | {c.PY_REGISTER, c.PY_GET_CLIENT}
# Of those, the ones whose qualified name must start with `prisma.` to count (prisma.register,
# prisma.get_client, prisma.Client, prisma.client.Client: vocabulary.clients.py_client_class);
# `X.Prisma` counts from any package (a custom generated client).
PRISMA_ONLY = GATE_CALLS - {"Prisma"}


def may_have_facts(text: str, tree=None, path=None) -> bool:
    """False only when no fact can come out of this file, decided on CPython's own (C) parser.

    LibCST's tree and metadata cost ~20x the parse; most files that pass the byte prefilter
    (`prisma` appears in every file of a project that uses it) yield no fact at all. This
    mirrors every fact the analyser emits, loosely (a superset): a call whose imported name
    ends in Prisma, or in Client/register/get_client imported from the `prisma` package
    (construction, registration, client key: `atexit.register`, httpx's `Client` cannot
    be one; a file importing a test harness still goes the full way when such a call is
    there, for the harness trait the analyser then adds, unless `path` is a test's or a
    script's, where it adds none); a
    `with x.tx()`; `with f() as x` whose `x` a call queries (`x.user.create()`), or a
    module-level function handed to a call whose first parameter one queries (a project's
    transaction wrapper and its body, `PendingTransaction`); `.connect()`/`.disconnect()`
    or `gather(*...)` together with any client
    evidence (the receiver must be a client key; PC205's fan-out), or `.connect()`/
    `.disconnect()` with a name imported from the project that says it is the client
    (vocabulary.clients.py_imported_client); a string that is a database URL; an environment read
    together with a string placed to append a query (URL concatenation, as urls.py reads
    it: `x + "?..."`, f"{x}?...", `"%s?..." % x`, `"{}?...".format(x)`, `?` after blanks,
    and a URL parameter in the file or a string naming a URL variable, as report_concat
    needs; or `_replace(query=...)`). Anything CPython cannot parse
    goes the full way, so syntax errors are still reported by LibCST.

    Long (150 lines) on purpose: one walk with the checks inlined is what keeps the
    gate a fraction of LibCST's cost; a call per node would double it."""
    try:
        tree = tree if tree is not None else cpython_parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return True
    env = "environ" in text or "getenv" in text
    imported: set[str] = set()
    from_prisma: set[str] = set()  # names bound by an import of the `prisma` package
    prisma_module: set[str] = set()  # names bound by `import prisma[.x] [as n]`
    modules: set[str] = set()  # top-level packages of absolute imports (a test harness?)
    star = False
    calls: list[tuple[str, str, bool]] = []  # (root, last name, `root.last`?) of `a.b.Prisma()`
    name_calls: set[str] = set()  # names called directly: `Prisma()`, `P()`
    aliases: set[str] = set()  # `from x import Prisma as P` (`prisma.x` for the other names)
    any_alias: set[str] = set()  # `from x import register as r`, whatever x
    lifecycle = evidence = replaced = gather = named_client = False
    # a project's transaction wrapper and its body (`PendingTransaction`): the names bound
    # by `with f() as x`, the names handed to calls, the roots of query-shaped calls
    name_args: set[str] = set()
    with_names: set[str] = set()
    query_roots: set[str] = set()
    queries: list[str] = []  # strings placed to append a query (their value holds it)
    strings: list[str] = []  # with an env read: every string (an env name?)
    for node in walk(tree):
        cls = type(node)
        if cls is ast.Call:
            func = node.func
            if type(func) is ast.Attribute:
                attr = func.attr
                if attr == "_replace" and any(k.arg == "query" for k in node.keywords):
                    replaced = True  # `urlparse(env)._replace(query=...)`: a query set in code
                elif attr == "format" and _is_str(func.value) and "}?" in func.value.value:
                    queries.append(func.value.value)  # "{}?sslmode=...".format(env)
                if attr == c.PY_FAN_OUT and node.args and type(node.args[0]) is ast.Starred:
                    gather = True   # `asyncio.gather(*[...])`: with query calls, PC205's fact
                if attr in LIFECYCLE:
                    lifecycle = True
                elif attr in CLIENT_EVIDENCE:
                    evidence = True
                elif attr in PRISMA_ACTIONS and type(func.value) is ast.Attribute:
                    evidence = True
                    if type(func.value.value) is ast.Name:
                        query_roots.add(func.value.value.id)   # `tx` of `tx.user.create(...)`
                if attr in GATE_CALLS:
                    base = func.value
                    while type(base) is ast.Attribute:
                        base = base.value
                    if type(base) is ast.Name:
                        calls.append((base.id, attr, base is func.value))
            for a in node.args:   # `in_tx(create_order)`, `in_tx(lambda tx: f(tx))`: a body handed by name
                if type(a) is ast.Lambda and type(a.body) is ast.Call:
                    a = a.body.func
                if type(a) is ast.Name:
                    name_args.add(a.id)
            if type(func) is ast.Name:
                name_calls.add(func.id)
                if func.id == c.PY_FAN_OUT and node.args and type(node.args[0]) is ast.Starred:
                    gather = True
        elif cls is ast.Constant:
            value = node.value
            if type(value) is str:
                if looks_like_connection_url(value, sqlite_files=False):
                    return True
                if env:
                    strings.append(value)
        elif cls is ast.BinOp:
            op = type(node.op)
            if op is ast.Add and _is_str(node.right) and node.right.value.lstrip().startswith("?"):
                queries.append(node.right.value)  # env + "?..."
            elif op is ast.Mod and _is_str(node.left) and "%s?" in node.left.value:
                queries.append(node.left.value)  # "%s?..." % env
        elif cls is ast.JoinedStr:
            values = node.values
            for i in range(len(values) - 1):
                if type(values[i]) is ast.FormattedValue and _is_str(values[i + 1]) \
                        and values[i + 1].value.lstrip().startswith("?"):
                    queries.append(values[i + 1].value)  # f"{env}?..."
        elif cls is ast.With or cls is ast.AsyncWith:
            for item in node.items:
                expr = item.context_expr
                if type(expr) is ast.Call and type(expr.func) is ast.Attribute and expr.func.attr == c.PY_TRANSACTION:
                    return True
                if type(expr) is ast.Call and type(item.optional_vars) is ast.Name and _may_wrap_tx(expr.func):
                    with_names.add(item.optional_vars.id)   # `async with in_tx() as tx:`, a wrapper's maybe

        elif cls is ast.Import:
            for alias in node.names:
                bound = alias.asname or alias.name.split(".")[0]
                imported.add(bound)
                top = alias.name.split(".")[0]
                modules.add(top)
                if top == "prisma":
                    from_prisma.add(bound)
                    prisma_module.add(bound)
        elif cls is ast.ImportFrom:
            top = node.module.split(".")[0] if node.module and not node.level else None
            modules.add(top)
            for alias in node.names:
                if alias.name == "*":
                    star = True
                elif alias.asname and alias.name in GATE_CALLS:
                    any_alias.add(alias.asname)
                    if alias.name == "Prisma" or top == "prisma":
                        aliases.add(alias.asname)
                imported.add(alias.asname or alias.name)
                if top == "prisma":
                    from_prisma.add(alias.asname or alias.name)
                elif c.py_imported_client(node.module, bool(node.level), alias.name):
                    named_client = True   # `from ..db.prisma import prisma`: a client key
    if env and (replaced or queries and _may_name_a_query(text, queries, strings)):
        return True
    direct = name_calls & GATE_CALLS & imported
    if any(_may_be_client_call(root, last, short, imported, from_prisma, prisma_module)
           for root, last, short in calls) \
            or direct - PRISMA_ONLY or direct & from_prisma or name_calls & aliases \
            or star and (calls or name_calls & GATE_CALLS):
        return True  # a construction, a registration or a client from get_client()
    if (any(root in imported for root, _, _ in calls) or direct or name_calls & any_alias) \
            and (path is None or path_role(PurePosixPath(path.as_posix())) not in ("test", "script")) \
            and any(m is not None and is_test_harness_module(m) for m in modules):
        return True  # left to the analyser: its test-harness trait comes with any fact pass
    if with_names & query_roots or name_args and any(
            type(n) in (ast.FunctionDef, ast.AsyncFunctionDef) and n.name in name_args
            and _first_param(n) in query_roots for n in tree.body):
        return True   # `with in_tx() as tx: tx.user.create()`, `in_tx(f)` of `def f(tx): tx.user.create()`
    return (lifecycle or gather) and evidence or lifecycle and named_client


def _first_param(fn) -> str | None:
    params = [*fn.args.posonlyargs, *fn.args.args]
    return params[0].arg if params else None


def _may_wrap_tx(func) -> bool:
    """`in_tx`, `self.uow.begin`: a function or method a project's transaction wrapper may
    be (analyser: a `PendingTransaction`), not a class built as a context manager
    (`AsyncClient()`, `httpx.AsyncClient()`), nor the client's own (`db.batch_()`)."""
    name = func.id if type(func) is ast.Name else func.attr if type(func) is ast.Attribute else ""
    return bool(name) and not name[:1].isupper() and name not in CLIENT_EVIDENCE   # `db.batch_()`


# Fields that hold only an operator or a load/store context (singletons no check reads as
# a node: BinOp's `op` is read from the BinOp itself).
_SKIPPED = frozenset({"ctx", "op", "ops"})
_FIELDS: dict = {}


def walk(tree):
    """The nodes `ast.walk` yields, minus the operator and context singletons, in another
    order (depth first; the gate's checks do not depend on it). `ast.walk` goes through
    two generators and an isinstance per field of every node: 40 % of the gate's cost on
    prisma-client-py, and a third of the Load/Store nodes it yields are never looked at."""
    fields = _FIELDS
    AST = ast.AST
    stack = [tree]
    pop, push = stack.pop, stack.append
    while stack:
        node = pop()
        yield node
        cls = type(node)
        names = fields.get(cls)
        if names is None:
            names = fields[cls] = tuple(f for f in cls._fields if f not in _SKIPPED)
        for name in names:
            value = getattr(node, name, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, AST):
                        push(item)
            elif isinstance(value, AST):
                push(value)


def _may_name_a_query(text: str, queries: list[str], strings: list[str]) -> bool:
    """Whether an appended `?...` can be reported (urls.report_concat): the appended text
    holds a URL parameter, or the env variable's name says it holds a URL. The appended
    text is a string's value, or an f-string part as written: that differs from its value
    only through escapes (`{{` cannot split a parameter's name), so with a backslash in
    the file the whole file is searched instead. The env name is a string's value."""
    keys = c.URL_QUERY_KEYS
    return any(p in q for q in queries for p in keys) \
        or "\\" in text and any(p in text for p in keys) \
        or any(env_name_holds_url(s) for s in strings)


def _may_be_client_call(root: str, last: str, short: bool, imported, from_prisma, prisma_module) -> bool:
    """Whether `root...last()` can have a client's qualified name: `X.Prisma` from any
    import; `prisma.Client`, `prisma.client.Client` from an import of the `prisma` package;
    `prisma.register`/`prisma.get_client` only as `root.last` with `root` bound by `import
    prisma` (a qualified name has at least the segments written; LibCST's ImportAssignment)."""
    if last == "Prisma":
        return root in imported
    if last in _SHORT_ONLY:
        return short and root in prisma_module
    return root in from_prisma


_SHORT_ONLY = frozenset({c.PY_REGISTER, c.PY_GET_CLIENT})


def _is_str(node) -> bool:
    return type(node) is ast.Constant and type(node.value) is str


_BRACKETS = re.compile(r"[()\[\]{}]")
_DEEP_INDENT = re.compile(r"^[ \t]{180,}\S", re.MULTILINE)


def deep_nesting_problem(text: str) -> ParseProblem | None:
    """LibCST's native parser can overflow the C stack on absurd nesting (a crash, not an
    exception). CPython refuses such code anyway (200 nested brackets, 100 indentation
    levels), so when a cheap scan sees deep nesting, let CPython's parser decide first."""
    depth = deepest = 0
    for m in _BRACKETS.finditer(text):
        if m.group() in "([{":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif depth:
            depth -= 1
    if deepest < 100 and not _DEEP_INDENT.search(text):
        return None
    try:
        cpython_parse(text)
    except SyntaxError as exc:
        line, col = exc.lineno or 1, exc.offset or 1
        return ParseProblem(Span(line, col, line, col + 1), f"syntax error: {exc.msg}")
    except (RecursionError, MemoryError):
        return ParseProblem(Span(1, 1, 1, 2), "nesting too deep to parse")
    return None


def cpython_parse(text: str):
    """CPython's own parser, quietly: its SyntaxWarnings (`1if x`, invalid escapes) speak of
    the user's code, and would otherwise land on poolcheck's stderr mid-run."""
    import ast

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(text)
