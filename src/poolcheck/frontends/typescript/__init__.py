"""TypeScript/JavaScript front-end on tree-sitter (TS grammar for .ts/.mts/.cts, TSX for the rest).

Turns a program into language-neutral facts: client constructions (Prisma clients, pg/Neon
pools, Prisma 7 driver adapters), lifecycle calls, interactive transactions and the calls
inside them (following same-file helpers), parallel query fan-outs, connection-URL
literals, URL query concatenations and file traits. The modules, one per pass over a
`context.TsFile`: `scopes` (+ `frameworks`, `exports`) decide how often each function
runs; `constructions`, `clients`, `caches`, `nest`, `lifecycle`, `transactions`,
`queries`, `urls` (+ `env`) emit facts; `analyser` runs them in order; `errors` is the
syntax arbiter (PC900 only when a conformant parser agrees); `embedded` analyses the
scripts of .vue/.svelte/.astro/.md files. The tree model itself is `frontends/ts_model.py`.
"""

from __future__ import annotations

from ..ts_model import is_prisma_module
from .analyser import analyse, analyse_program, analyse_with_symbols, grammar_for

__all__ = ["analyse", "analyse_program", "analyse_with_symbols", "grammar_for", "is_prisma_module"]


# From this many TS/JS files of one kind to parse, each forked worker meets programs of both
# grammars: their parsers and the index queries of the two commonest gate sets (every pass
# but the calls' closed; the appended-query pass open too: 140 of documenso's 162 models)
# are built in the parent once before the fork (~50 ms CPU), not in every worker.
PREFORK_FILES = 32


def before_fork(count: int) -> None:
    """frontends.before_fork's hook (once per TS/JS kind; the caches make repeats free)."""
    if count < PREFORK_FILES:
        return
    from ..ts_tree import INDEXED_TYPES, _index_query, parser
    from .analyser import deferred_kinds
    from .gates import Gates

    closed = Gates(False, False, False, False, False, False)
    for grammar in ("typescript", "tsx"):
        parser(grammar)
        for g in (closed, closed._replace(appended=True)):
            _index_query(grammar, INDEXED_TYPES - deferred_kinds(g))
