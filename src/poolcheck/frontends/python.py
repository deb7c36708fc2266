"""Python front-end for prisma-client-py: the cheap checks, then LibCST only when needed.

Most Python files that pass the byte prefilter still cannot produce a fact; CPython's own
parser decides that in a fraction of LibCST's cost, and LibCST itself (100 ms to import,
~20x the parse in metadata) is loaded only for the files that can. The analyser is in
python_cst.py: names are resolved, not guessed (QualifiedNameProvider-style scopes), and
a syntax error yields one ParseProblem (PC900) placed by CPython's parser.
"""

from __future__ import annotations

import ast
import re
import warnings

from ..diagnostics import Span
from ..facts import FileFacts, ParseProblem
from ..urls import looks_like_connection_url
from .python_reduce import reduce

# prisma-client-py's vocabulary, shared with the analyser in python_cst.py.
PRISMA_ACTIONS = frozenset({
    "find_unique", "find_unique_or_raise", "find_first", "find_first_or_raise", "find_many",
    "create", "create_many", "create_many_and_return", "update", "update_many", "upsert",
    "delete", "delete_many", "count", "group_by",
})
RAW_QUERIES = frozenset({"query_raw", "query_first", "execute_raw"})
CLIENT_EVIDENCE = frozenset({"tx", "batch_", "is_connected", "is_registered"}) | RAW_QUERIES



def is_prisma_class(qname: str) -> bool:
    """`prisma.Prisma`, `prisma.Client`, or `Prisma` exported by a custom generated package."""
    return qname in ("prisma.Prisma", "prisma.Client", "prisma.client.Prisma", "prisma.client.Client") \
        or qname.endswith(".Prisma") and "." in qname


_GATE_CALLS = frozenset({"Prisma", "Client", "register", "get_client"})


def _may_have_facts(text: str, tree=None) -> bool:
    """False only when no fact can come out of this file, decided on CPython's own (C) parser.

    LibCST's tree and metadata cost ~20x the parse; most files that pass the byte prefilter
    (`prisma` appears in every file of a project that uses it) yield no fact at all. This
    mirrors every fact the analyser emits, loosely (a superset): a call whose imported name
    ends in Prisma/Client/register/get_client (construction, registration, client key); a
    `with x.tx()`; `.connect()`/`.disconnect()` together with any client evidence (the
    receiver must be a client key); a string that is a database URL; an environment read
    together with a string containing `?` (URL concatenation). Anything CPython cannot parse
    goes the full way, so syntax errors are still reported by LibCST."""
    try:
        tree = tree if tree is not None else _cpython_parse(text)
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
                if attr in ("connect", "disconnect"):
                    lifecycle = True
                elif attr in CLIENT_EVIDENCE:
                    evidence = True
                elif attr in PRISMA_ACTIONS and type(func.value) is ast.Attribute:
                    evidence = True
                if attr in _GATE_CALLS:
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
                if "?" in value:
                    question = True
        elif cls is ast.With or cls is ast.AsyncWith:
            for item in node.items:
                expr = item.context_expr
                if type(expr) is ast.Call and type(expr.func) is ast.Attribute and expr.func.attr == "tx":
                    return True
        elif cls is ast.Import:
            for alias in node.names:
                imported.add(alias.asname or alias.name.split(".")[0])
        elif cls is ast.ImportFrom:
            for alias in node.names:
                if alias.name == "*":
                    star = True
                elif alias.asname and alias.name in _GATE_CALLS:
                    aliases.add(alias.asname)
                imported.add(alias.asname or alias.name)
    if env and question:
        return True
    direct = name_calls & _GATE_CALLS
    if any(root in imported for root in calls) or direct & imported or name_calls & aliases \
            or star and (calls or direct):
        return True  # a construction, a registration or a client from get_client()
    return lifecycle and evidence


_BRACKETS = re.compile(r"[()\[\]{}]")
_DEEP_INDENT = re.compile(r"^[ \t]{180,}\S", re.MULTILINE)


def _deep_nesting_problem(text: str) -> ParseProblem | None:
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
        _cpython_parse(text)
    except SyntaxError as exc:
        line, col = exc.lineno or 1, exc.offset or 1
        return ParseProblem(Span(line, col, line, col + 1), f"syntax error: {exc.msg}")
    except (RecursionError, MemoryError):
        return ParseProblem(Span(1, 1, 1, 2), "nesting too deep to parse")
    return None


def _cpython_parse(text: str):
    """CPython's own parser, quietly: its SyntaxWarnings (`1if x`, invalid escapes) speak of
    the user's code, and would otherwise land on poolcheck's stderr mid-run."""
    import ast

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(text)


def _symbols(source, facts: FileFacts):
    """The file's symbols for the linker, from CPython's tree of the whole file (which the
    gate reuses when it reads the same text); None when CPython cannot parse it."""
    try:
        tree = _cpython_parse(source.text)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return None
    from ..linker.py_symbols import extract

    try:
        facts.symbols = extract(tree, source, source.path)
    except RecursionError:
        facts.symbols = None
    return tree


def analyse(source, settings) -> FileFacts:
    facts = FileFacts(path=source.path, language="python")
    # A big file is analysed through the statements that may matter (python_reduce), with
    # every line mapped back: the parsers' cost then follows what is kept, not the file.
    reduced = reduce(source.text)
    text = reduced.text if reduced is not None else source.text

    def placed(problem: ParseProblem) -> ParseProblem:
        if reduced is None:
            return problem
        s = problem.span
        return ParseProblem(Span(reduced.line(s.line), s.col, reduced.line(s.end_line), s.end_col),
                            problem.message)

    problem = _deep_nesting_problem(text)
    if problem is not None:
        facts.add(placed(problem))
        return facts
    tree = _symbols(source, facts)
    if not _may_have_facts(text, tree if reduced is None else None):
        return facts
    import libcst as cst

    from .python_cst import Analyser, MetadataWrapper, syntax_problem

    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        facts.add(placed(syntax_problem(text, exc)))
        return facts
    except RecursionError:
        facts.add(ParseProblem(Span(1, 1, 1, 2), "nesting too deep to parse"))
        return facts
    try:
        analyser = Analyser(source, facts, settings)
        analyser.line_of = reduced.line if reduced is not None else None
        analyser.run(MetadataWrapper(module, unsafe_skip_copy=True))
    except RecursionError:
        # The file parsed (LibCST, and CPython in the gate): it is valid, only nested deeper
        # than the analysis passes go (pydoc_data/topics.py: thousands of concatenated
        # strings in one literal). Say it was not analysed; it is no syntax error.
        facts.facts = [f for f in facts.facts if isinstance(f, ParseProblem)]
        facts.add(ParseProblem(Span(1, 1, 1, 2), "nesting too deep to analyse; not analysed",
                               skipped=True))
    return facts
