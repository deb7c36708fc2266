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
