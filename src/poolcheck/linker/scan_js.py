"""The byte scan of a JS/TS file the front-end gave no symbols: its import specifiers and
the names it imports from each (the closure's approximate import graph, `session.py`).

Runs on every file the prefilter rejects and every parsed file without symbols (most of
a monorepo), so it is written for speed: each pattern starts with a literal keyword
(`from`, `import`, `require`, `export`) and checks the word boundary by a lookbehind placed
after it (a `\\b` in front made the engine try the pattern at every byte). The engine's
search for a literal prefix costs some 6 instructions a byte; `bytes.find` under 2, so the
keywords a file holds few of (`require`, `export`: mostly `export const`, no re-export)
are found by it and the pattern tried there alone (`_Keyword`), while `from` and `import`,
dense in the import header, keep the engine's search (a Python step per occurrence costs
more there). A pattern matches only where its keyword occurs, so the matches are the
engine's search's, exactly. Results are those of one alternation scanned left to right
(`_leftmost`), exactly; a file whose specifiers all come from one pattern (most) takes
that pattern's `findall`, the same matches without a step per match in Python.
"""

from __future__ import annotations

import re


class _Keyword:
    """A compiled pattern that starts with the literal `keyword`, searched by finding the
    keyword with `bytes.find` and matching the pattern there (`match` at a position sees
    the bytes before it, so the lookbehind after the keyword holds as in `search`)."""

    def __init__(self, keyword: bytes, rest: bytes):
        self.keyword = keyword
        self.pattern = re.compile(keyword + rest)

    def search(self, data: bytes, pos: int = 0):
        find, match, keyword = data.find, self.pattern.match, self.keyword
        k = find(keyword, pos)
        while k >= 0:
            m = match(data, k)
            if m is not None:
                return m
            k = find(keyword, k + 1)
        return None

    def findall(self, data: bytes, pos: int = 0) -> list:
        """`pattern.findall(data, pos)`: no match is empty (each holds its keyword)."""
        out = []
        m = self.search(data, pos)
        while m is not None:
            groups = m.groups(data[:0])   # b"" for a group that did not take part
            out.append(groups if len(groups) > 1 else groups[0])
            m = self.search(data, m.end())
        return out


_QUOTED = rb"""\s*["']([^"'\n]{1,300})["']"""
# The quoted specifier after `from`, `import`, `import(`, `require(` (and `export ... from`).
_SPECIFIERS = (
    re.compile(rb"from(?<![\w]from)" + _QUOTED),
    re.compile(rb"import(?<![\w]import)(?:\s*\()?" + _QUOTED),
    _Keyword(b"require", rb"(?<![\w]require)\s*\(" + _QUOTED),
)
# The braces are in their group (`findall` gives "" for a group that did not take part,
# so `{}` must be told from no braces at all).
_CLAUSE = re.compile(rb"""import(?<![\w]import)\s+(?:type\s+)?(?:([\w$]+)\s*,?\s*)?(?:(\{[^}]*\})|(\*)\s*as\s+[\w$]+)?\s*from\s*["']([^"'\n]{1,300})["']""")
_REEXPORT = _Keyword(b"export", rb"""(?<![\w]export)\s+(?:type\s+)?(?:\{([^}]*)\}|(\*)(?:\s+as\s+[\w$]+)?)\s*from\s*["']([^"'\n]{1,300})["']""")


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
    written = _written(data)
    return tuple(written), scan_names(data, written)


def _written(data: bytes) -> dict[str, int]:
    """Each specifier the alternation finds, in order of first occurrence, with how often."""
    firsts = [p.search(data) for p in _SPECIFIERS]
    live = [i for i, m in enumerate(firsts) if m is not None]
    if not live:
        return {}
    if len(live) == 1:   # one pattern's matches are its own `findall`'s
        found = _SPECIFIERS[live[0]].findall(data, firsts[live[0]].start())
    else:
        found = [m.group(1) for m in _leftmost(_SPECIFIERS, data)]
    written: dict[str, int] = {}
    for raw in found:
        spec = raw.decode("utf-8", errors="replace")
        written[spec] = written.get(spec, 0) + 1
    return written


def scan_specifiers(data: bytes) -> tuple[str, ...]:
    """The import specifiers of a file, in order of first occurrence."""
    return tuple(_written(data))


def scan_names(data: bytes, written: dict[str, int] | None = None) -> tuple[tuple[str, str], ...]:
    """(specifier, imported name) pairs of `import`/`export ... from` statements; "*" for a
    namespace import, "default" for a default one, "" for an import that binds no value
    (`import { type T } from "./db"`: TypeScript drops it, so it names nothing a caller
    could call) when every import of that specifier in the file is such a clause (an
    `import("./db")` or a `require` of it stays a whole-module import). `written`: how
    often the specifier scan found each specifier (`scan`)."""
    out: list[tuple[str, str]] = []
    clauses: dict[str, int] = {}
    bare: list[str] = []
    for default, braces, star, spec in _CLAUSE.findall(data):
        s = spec.decode("utf-8", errors="replace")
        clauses[s] = clauses.get(s, 0) + 1
        before = len(out)
        if default:
            out.append((s, "default"))
        if star:
            out.append((s, "*"))
        if len(braces) > 2:
            out.extend([(s, name) for name in _names(braces[1:-1])])
        if len(out) == before and braces:
            bare.append(s)
    for braces, star, spec in _REEXPORT.findall(data):
        s = spec.decode("utf-8", errors="replace")
        out.append((s, "*"))
        if braces:
            out.extend([(s, name) for name in _names(braces)])
    if bare:
        if written is None:
            written = _written(data)
        out.extend((s, "") for s in bare if written.get(s) == clauses[s])
    return tuple(dict.fromkeys(out))


def _names(braces: bytes) -> list[str]:
    out = []
    for item in braces.decode("utf-8", errors="replace").split(","):
        item = item.strip()
        if item.startswith("type "):
            continue
        name = item.split(" as ")[0].strip()
        if name:
            out.append(name)
    return out
