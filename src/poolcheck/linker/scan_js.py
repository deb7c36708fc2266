"""The byte scan of a JS/TS file the front-end gave no symbols: its import specifiers and
the names it imports from each (the closure's approximate import graph, `session.py`).

Runs on every file the prefilter rejects and every parsed file without symbols (most of
a monorepo), so it is written for Python's regular-expression engine: each pattern
starts with a literal keyword (`from`, `import`, `require`, `export`), which the engine
finds with a fast substring search, instead of a word boundary (`\\b`), which makes it try
the pattern at every byte (3 to 7 times slower on real trees). The boundary is checked
by a lookbehind placed after the keyword. Results are those of one alternation scanned
left to right (`_leftmost`), exactly.
"""

from __future__ import annotations

import re

_QUOTED = rb"""\s*["']([^"'\n]{1,300})["']"""
# The quoted specifier after `from`, `import`, `import(`, `require(` (and `export ... from`).
_SPECIFIERS = (
    re.compile(rb"from(?<![\w]from)" + _QUOTED),
    re.compile(rb"import(?<![\w]import)(?:\s*\()?" + _QUOTED),
    re.compile(rb"require(?<![\w]require)\s*\(" + _QUOTED),
)
_CLAUSE = re.compile(rb"""import(?<![\w]import)\s+(?:type\s+)?(?:([\w$]+)\s*,?\s*)?(?:\{([^}]*)\}|(\*)\s*as\s+[\w$]+)?\s*from\s*["']([^"'\n]{1,300})["']""")
_REEXPORT = re.compile(rb"""export(?<![\w]export)\s+(?:type\s+)?(?:\{([^}]*)\}|(\*)(?:\s+as\s+[\w$]+)?)\s*from\s*["']([^"'\n]{1,300})["']""")


def _leftmost(patterns, data: bytes):
    """The matches `finditer` of the alternation of `patterns` would give: the leftmost
    match, then the leftmost from its end, and so on (the keywords differ, so at most one
    pattern matches at a position)."""
    nexts = [p.search(data) for p in patterns]
    pos = 0
    while True:
        best = None
        for i, m in enumerate(nexts):
            if m is not None and m.start() < pos:
                m = nexts[i] = patterns[i].search(data, pos)
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        if best is None:
            return
        yield best
        pos = best.end()


def scan(data: bytes) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """`scan_specifiers` and `scan_names` of one file, the specifiers' pass counting for
    the names' how often each specifier is written."""
    seen: dict[str, int] = {}
    for m in _leftmost(_SPECIFIERS, data):
        spec = m.group(1).decode("utf-8", errors="replace")
        seen[spec] = seen.get(spec, 0) + 1
    return tuple(seen), scan_names(data, seen)


def scan_specifiers(data: bytes) -> tuple[str, ...]:
    """The import specifiers of a file, in order of first occurrence."""
    return scan(data)[0]


def scan_names(data: bytes, written: dict[str, int] | None = None) -> tuple[tuple[str, str], ...]:
    """(specifier, imported name) pairs of `import`/`export ... from` statements; "*" for a
    namespace import, "default" for a default one, "" for an import that binds no value
    (`import { type T } from "./db"`: TypeScript drops it, so it names nothing a caller
    could call) when every import of that specifier in the file is such a clause (an
    `import("./db")` or a `require` of it stays a whole-module import). `written`: how
    often the specifier scan found each specifier (`scan`)."""
    out = []
    clauses: dict[str, int] = {}
    bare: list[str] = []
    for m in _CLAUSE.finditer(data):
        default, braces, star, spec = m.groups()
        s = spec.decode("utf-8", errors="replace")
        clauses[s] = clauses.get(s, 0) + 1
        before = len(out)
        if default:
            out.append((s, "default"))
        if star:
            out.append((s, "*"))
        for name in _names(braces):
            out.append((s, name))
        if len(out) == before and braces is not None:
            bare.append(s)
    for m in _REEXPORT.finditer(data):
        braces, star, spec = m.groups()
        s = spec.decode("utf-8", errors="replace")
        out.append((s, "*"))
        for name in _names(braces):
            out.append((s, name))
    if bare:
        if written is None:
            written = {}
            for m in _leftmost(_SPECIFIERS, data):
                spec = m.group(1).decode("utf-8", errors="replace")
                written[spec] = written.get(spec, 0) + 1
        out.extend((s, "") for s in bare if written.get(s) == clauses[s])
    return tuple(dict.fromkeys(out))


def _names(braces: bytes | None):
    if not braces:
        return
    for item in braces.decode("utf-8", errors="replace").split(","):
        item = item.strip()
        if item.startswith("type "):
            continue
        name = item.split(" as ")[0].strip()
        if name:
            yield name
