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

from ...core.diagnostics import Span
from ...facts import ParseProblem
from ...urlmodel import looks_like_connection_url
from ...vocabulary import clients as c

# prisma-client-py's vocabulary (vocabulary/clients.py), shared with the analyser's passes.
PRISMA_ACTIONS = c.PY_QUERY_ACTIONS
RAW_QUERIES = c.PY_RAW_QUERIES
CLIENT_EVIDENCE = c.PY_CLIENT_EVIDENCE
LIFECYCLE = frozenset(c.PY_LIFECYCLE)
# Names whose call may build, register or fetch a client (the last segment of an imported name).
GATE_CALLS = c.PY_CLIENT_CLASSES | {c.PY_REGISTER, c.PY_GET_CLIENT}


def may_have_facts(text: str, tree=None) -> bool:
    """False only when no fact can come out of this file, decided on CPython's own (C) parser.

    LibCST's tree and metadata cost ~20x the parse; most files that pass the byte prefilter
    (`prisma` appears in every file of a project that uses it) yield no fact at all. This
    mirrors every fact the analyser emits, loosely (a superset): a call whose imported name
    ends in Prisma/Client/register/get_client (construction, registration, client key); a
    `with x.tx()`; `.connect()`/`.disconnect()` together with any client evidence (the
    receiver must be a client key); a string that is a database URL; an environment read
    together with a string placed to append a query (URL concatenation, as urls.py reads
    it: `x + "?..."`, f"{x}?...", `"%s?..." % x`, `"{}?...".format(x)`, `?` after blanks). Anything CPython cannot parse
    goes the full way, so syntax errors are still reported by LibCST.

    Long (88 lines) on purpose: one `ast.walk` with the checks inlined is what keeps the
    gate a fraction of LibCST's cost; a call per node would double it."""
    try:
        tree = tree if tree is not None else cpython_parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return True
    env = "environ" in text or "getenv" in text
    imported: set[str] = set()
    star = False
    calls: list[str] = []  # root names of `a.b.Prisma()`-like calls
    name_calls: set[str] = set()  # names called directly: `Prisma()`, `P()`
    aliases: set[str] = set()  # `from x import Prisma as P`
    lifecycle = evidence = question = False
    for node in ast.walk(tree):
        cls = type(node)
        if cls is ast.Call:
            func = node.func
            if type(func) is ast.Attribute:
                attr = func.attr
                if attr == "_replace" and any(k.arg == "query" for k in node.keywords):
                    question = True  # `urlparse(env)._replace(query=...)`: a query set in code
                elif attr == "format" and _is_str(func.value) and "}?" in func.value.value:
                    question = True  # "{}?sslmode=...".format(env)
                if attr in LIFECYCLE:
                    lifecycle = True
                elif attr in CLIENT_EVIDENCE:
                    evidence = True
                elif attr in PRISMA_ACTIONS and type(func.value) is ast.Attribute:
                    evidence = True
                if attr in GATE_CALLS:
                    base = func.value
                    while type(base) is ast.Attribute:
                        base = base.value
                    if type(base) is ast.Name:
                        calls.append(base.id)
            elif type(func) is ast.Name:
                name_calls.add(func.id)
        elif cls is ast.Constant:
            value = node.value
            if type(value) is str:
                if looks_like_connection_url(value, sqlite_files=False):
                    return True
        elif cls is ast.BinOp:
            op = type(node.op)
            if op is ast.Add and _is_str(node.right) and node.right.value.lstrip().startswith("?") \
                    or op is ast.Mod and _is_str(node.left) and "%s?" in node.left.value:
                question = True  # env + "?...", "%s?..." % env
        elif cls is ast.JoinedStr:
            values = node.values
            for i in range(len(values) - 1):
                if type(values[i]) is ast.FormattedValue and _is_str(values[i + 1]) \
                        and values[i + 1].value.lstrip().startswith("?"):
                    question = True  # f"{env}?..."
        elif cls is ast.With or cls is ast.AsyncWith:
            for item in node.items:
                expr = item.context_expr
                if type(expr) is ast.Call and type(expr.func) is ast.Attribute and expr.func.attr == c.PY_TRANSACTION:
                    return True
        elif cls is ast.Import:
            for alias in node.names:
                imported.add(alias.asname or alias.name.split(".")[0])
        elif cls is ast.ImportFrom:
            for alias in node.names:
                if alias.name == "*":
                    star = True
                elif alias.asname and alias.name in GATE_CALLS:
                    aliases.add(alias.asname)
                imported.add(alias.asname or alias.name)
    if env and question:
        return True
    direct = name_calls & GATE_CALLS
    if any(root in imported for root in calls) or direct & imported or name_calls & aliases \
            or star and (calls or direct):
        return True  # a construction, a registration or a client from get_client()
    return lifecycle and evidence


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
