"""Python front-end for prisma-client-py: the cheap checks, then LibCST only when needed.

The passes, in the order `analyser.run` calls them:
- `reduce`: a big file is cut down to the statements that may matter (lines mapped back);
- `gate`: CPython's parser says whether any fact can come out; LibCST is imported only then;
- `errors`: a syntax error yields one ParseProblem (PC900) placed by CPython's parser;
- `analyser` over a `context.PyFile` (the shared state of one file): `functions` (defs,
  `if __name__` blocks, client keys), `frameworks` (direct scope of each function, from
  `vocabulary.frameworks_py`), `scopes` (inherited scope), then the fact passes
  `clients`, `lifecycle`, `transactions`, `urls` (with `env` and `values`).
Names are resolved, not guessed: qualified names as LibCST's ScopeProvider gives them, from
the module's own bindings where that provably agrees (`qualified`), ScopeProvider otherwise.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

from ...core.diagnostics import Span
from ...facts import FileFacts, ParseProblem
from . import gate
from .reduce import MIN_LINES, reduce


def _parse(text: str):
    try:
        return gate.cpython_parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return None


def _add_symbols(source, facts: FileFacts, tree) -> None:
    """The file's symbols for the linker, from CPython's tree of the whole file; none when
    CPython cannot parse it (the LibCST facts then carry the syntax error)."""
    tree = tree if tree is not None else _parse(source.text)
    if tree is None:
        return
    from .symbols import extract

    try:
        facts.symbols = extract(tree, source, source.path)
    except RecursionError:
        facts.symbols = None


# From this many Python files to parse, the forked workers will almost surely each meet
# one that passes the gate (prisma-client-py: 24 of 283 do), and each would import LibCST
# (~0.1 s CPU) and the passes: the parent imports them once before the fork instead.
PREFORK_FILES = 32


def before_fork(count: int) -> None:
    """frontends.before_fork's hook: LibCST and the passes loaded in the parent for many files."""
    if count >= PREFORK_FILES:
        from . import analyser, symbols  # noqa: F401  (they import libcst)


# The file `screen` last found closed by the gate, as (path, text, CPython's tree): the
# `analyse` of that file that follows reuses the parse and the verdict instead of doing
# both again. One entry, matched on path and text, so a stale one is never wrong.
_SCREENED: list = []


def screen(path, data: bytes) -> bool:
    """Whether this file goes past the gate (LibCST), told before it is analysed: what the
    engine needs to decide whether a worker pool pays (prisma-client-py: 24 of 282 files
    do). True too for whatever is not plain (not decodable text, a big file `reduce` cuts,
    deep nesting, a syntax error): the ordinary path decides those, under the file's budget.
    A False keeps the tree for the `analyse` of the same file that follows."""
    from ...core.sources import Source, UnreadableSource

    try:
        text = Source.from_bytes(path, "python", data).text
    except UnreadableSource:
        return True
    if text.count("\n") >= MIN_LINES or gate.deep_nesting_problem(text) is not None:
        return True
    with _collector_paused():
        tree = _parse(text)
        if tree is None or gate.may_have_facts(text, tree, path):
            return True
    _SCREENED[:] = [(path, text, tree)]
    return False


def _screened_tree(path, text: str):
    """The tree `screen` kept for this very file (path and text), taken out; None otherwise."""
    if _SCREENED:
        kept_path, kept_text, tree = _SCREENED[0]
        if kept_path == path and kept_text == text:
            _SCREENED.clear()
            return tree
    return None


def analyse_with_symbols(source, settings) -> FileFacts:
    return analyse(source, settings, symbols=True)


@contextmanager
def _collector_paused():
    """The cyclic garbage collector held off while one file is analysed. CPython's and
    LibCST's trees hold no reference cycles (refcounting frees them), but building them
    allocates hundreds of thousands of objects, and every 700 allocations start a
    collection that walks the young objects again: 8-10 % of a Python tree's CPU
    (prisma-client-py, `--jobs 1`: 1.05 -> 0.96 s). Whatever cycle one file leaves is
    collected once the collector runs again; an outer pause (gc.disable) is kept."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def analyse(source, settings, symbols: bool = False) -> FileFacts:
    """The file's facts; its symbols too when asked (`symbols`: the linker's closure) or when
    the file goes the full way (LibCST: it may yield facts)."""
    with _collector_paused():
        return _analyse(source, settings, symbols)


def _analyse(source, settings, symbols: bool) -> FileFacts:
    facts = FileFacts(path=source.path, language="python")
    tree = _screened_tree(source.path, source.text)
    if tree is not None:  # parsed, not nested deep, closed by the gate: `screen` said so
        if symbols:
            _add_symbols(source, facts, tree)
        return facts
    # A big file is analysed through the statements that may matter (reduce), with every
    # line mapped back: the parsers' cost then follows what is kept, not the file.
    reduced = reduce(source.text)
    text = reduced.text if reduced is not None else source.text

    def placed(problem: ParseProblem) -> ParseProblem:
        if reduced is None:
            return problem
        s = problem.span
        return ParseProblem(Span(reduced.line(s.line), s.col, reduced.line(s.end_line), s.end_col),
                            problem.message)

    problem = gate.deep_nesting_problem(text)
    if problem is not None:
        facts.add(placed(problem))
        return facts
    # one CPython parse for the gate and the symbols (a reduced file's differ)
    tree = _parse(text) if reduced is None else None
    if not gate.may_have_facts(text, tree, source.path):
        if symbols:
            _add_symbols(source, facts, tree)
        return facts
    import libcst as cst

    from .analyser import run
    from .errors import syntax_problem

    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        facts.add(placed(syntax_problem(text, exc)))
        return facts
    except RecursionError:
        facts.add(ParseProblem(Span(1, 1, 1, 2), "nesting too deep to parse"))
        return facts
    try:
        run(source, facts, settings, module, reduced.line if reduced is not None else None,
            tree if reduced is None else _parse(text))
    except RecursionError:
        # The file parsed (LibCST, and CPython in the gate): it is valid, only nested deeper
        # than the analysis passes go (pydoc_data/topics.py: thousands of concatenated
        # strings in one literal). Say it was not analysed; it is no syntax error.
        facts.facts = [f for f in facts.facts if isinstance(f, ParseProblem)]
        facts.add(ParseProblem(Span(1, 1, 1, 2), "nesting too deep to analyse; not analysed",
                               skipped=True))
    # A file that went the full way keeps its symbols, seed of the link or not: they come
    # from CPython's tree, already parsed (~1 ms a file), where a file without them would
    # be parsed again, LibCST included, once the link's closure asks for it, and its
    # imports would be the byte scan's guess instead of the import statements.
    _add_symbols(source, facts, tree)
    return facts
