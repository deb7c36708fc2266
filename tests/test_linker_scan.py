"""The linker's cheap string paths give what the general ones gave: the byte scan of a file
without symbols (literal-first patterns against the word-boundary alternation they
replace), the TS resolver's joins and extensions (against posixpath), and the import
graph the closure's upward walk asks (against resolving every import for each question)."""

from __future__ import annotations

import posixpath
import re

from hypothesis import given, settings, strategies as st

from poolcheck.linker.importers import LOOKUPS, ImportGraph, raw_imports
from poolcheck.linker.resolve_ts import TsResolver, _join, _splitext
from poolcheck.linker.scan_js import scan, scan_names, scan_specifiers
from poolcheck.linker.modules import ModuleIndex, ProjectFiles
from poolcheck.symbols import Import

# The one alternation the scan was before (a word boundary before each keyword).
REFERENCE = re.compile(rb"""(?:\bfrom|\bimport|\brequire\s*\(|\bimport\s*\()\s*["']([^"'\n]{1,300})["']""")
TOKENS = ["import", "from", "require", "export", "(", ")", " ", "\n", '"', "'", "./a", "@x/y", "x",
          "$", "_", "{ a, b as c }", "* as ns", "type ", ",", "default", "/", "from'z'", "import(\"q\")"]


def reference_specifiers(data: bytes) -> tuple[str, ...]:
    seen: list[str] = []
    for m in REFERENCE.finditer(data):
        spec = m.group(1).decode("utf-8", errors="replace")
        if spec not in seen:
            seen.append(spec)
    return tuple(seen)


@settings(derandomize=True, max_examples=600)
@given(st.lists(st.sampled_from(TOKENS), max_size=40))
def test_specifier_scan_is_the_alternation_it_replaced(tokens):
    data = "".join(tokens).encode()
    assert scan_specifiers(data) == reference_specifiers(data)


def test_specifier_scan_on_real_shapes():
    data = b"""import a from "./a"
import { b } from '@/lib/b'; const x = require("x"), y = await import('./y')
export * from "./barrel"
const s = "import nothing"; myimport("./not"); $from "./dollar"
import z from "./from"; const q = "after"
"""
    assert scan_specifiers(data) == reference_specifiers(data)
    assert scan_specifiers(data)[:5] == ("./a", "@/lib/b", "x", "./y", "./barrel")
    assert "./not" not in scan_specifiers(data)       # `myimport(`: not the keyword
    assert "./dollar" in scan_specifiers(data)        # `$` is no word character of the boundary


def test_name_scan_keeps_defaults_namespaces_and_reexports():
    data = b"""import db, { getDb as g, type T } from "./db"
import * as ns from "./ns"
export { a, b as c } from "./ab"
export * from "./all"
reimport { no } from "./no"
"""
    assert scan_names(data) == (("./db", "default"), ("./db", "getDb"), ("./ns", "*"),
                                ("./ab", "*"), ("./ab", "a"), ("./ab", "b"), ("./all", "*"))


def test_an_import_of_types_only_is_no_whole_module_import():
    """`import { type T } from "./db"` binds no value (TypeScript drops it): the scan says
    so with the name "", and the import graph gives no "*" entry for it, so the upward walk
    does not parse the file as if it imported the whole module. A file that also imports
    the module otherwise (`import("./both")`) still has that entry."""
    data = b"""import { type T, type U as V } from "./db"
import {} from "./empty"
import { type W } from "./both"; const m = await import("./both")
import { type X, y } from "./mixed"
import "./side"
"""
    names = scan_names(data)
    assert names == (("./mixed", "y"), ("./db", ""), ("./empty", ""))
    assert scan(data) == (scan_specifiers(data), names)
    r = _Result("typescript", scan_specifiers(data), names)
    assert raw_imports(r.facts) == [("./mixed", "y", None), ("./both", "*", None), ("./side", "*", None)]


SEGMENTS = st.sampled_from(["a", "b.ts", "..", ".", "", ".x", "x..y", "...", "index"])


@settings(derandomize=True, max_examples=400)
@given(st.lists(st.sampled_from(["a", "b", "c.d"]), max_size=4), st.sampled_from(["./", "../", ".", ".."]),
       st.lists(SEGMENTS, max_size=4))
def test_string_join_and_splitext_are_posixpaths(folder, head, tail):
    folder = "/" + "/".join(folder)
    spec = head + "/".join(tail) if head.endswith("/") else head
    assert _join(folder, spec) == posixpath.normpath(posixpath.join(folder, spec))
    path = _join(folder, spec) + "/" + "/".join(tail)
    assert _splitext(path) == posixpath.splitext(path)


class _Found:
    def __init__(self, kind):
        self.kind = kind


class _Result:
    def __init__(self, kind, specs, names=()):
        from poolcheck.facts import FileFacts

        self.found = _Found(kind)
        self.facts = FileFacts(path=None, language="typescript", import_specs=specs, import_names=names)


def test_import_graph_answers_as_resolving_everything():
    files = ["/p/src/lib/db.ts", "/p/src/lib/index.ts", "/p/src/a.ts", "/p/src/b.ts", "/p/src/lib/c.ts",
             "/p/packages/db/src/index.ts", "/p/packages/db/package.json", "/p/src/d.ts"]
    project = {"/p/packages/db/package.json": b'{"name": "@repo/db"}',
               "/p/tsconfig.json": b'{"compilerOptions": {"paths": {"@/*": ["./src/*"]}}}'}
    index = ModuleIndex(files, ProjectFiles(reader=project.get))
    by_path = {
        "/p/src/a.ts": _Result("typescript", ("./lib/db", "@/lib", "react")),
        "/p/src/b.ts": _Result("typescript", ("@/lib/db", "@repo/db", "."), (("@/lib/db", "getDb"),)),
        "/p/src/lib/c.ts": _Result("typescript", ("./db", "..", "./index")),
        "/p/src/d.ts": _Result("typescript", ("./lib",)),
        "/p/src/lib/index.ts": _Result("typescript", ("./db",)),
    }
    graph = ImportGraph({"js": TsResolver(index)})
    graph.update(by_path)
    resolver = TsResolver(index)

    def everything(path):
        # the name filter the closure always had, then a resolution of every import
        stem = re.sub(r"\.(?:[cm]?[jt]sx?|vue|svelte|astro)$", "", path.rsplit("/", 1)[-1])
        names = {stem} | ({path.rsplit("/", 2)[-2]} if stem == "index" else set())
        out = []
        for importer, r in by_path.items():
            for spec, imported, local in raw_imports(r.facts):
                last = re.sub(r"\.(?:[cm]?[jt]sx?|vue|svelte|astro)$", "", spec.rstrip("/").rsplit("/", 1)[-1])
                if importer == path or last not in names and (spec.startswith(".") or
                                                             not spec.startswith("@") and "/" in spec.lstrip("./")):
                    continue
                if resolver.resolve(importer, Import("", spec, imported)) == path:
                    out.append((importer, imported, local))
        return out

    for path in files:   # one graph per file asked: its importers looked up for it alone
        alone = ImportGraph({"js": TsResolver(index)})
        alone.update(by_path)
        assert alone.importers(path) == alone.importers(path) == everything(path), path
        assert not alone._eager
    asked = files + [f"/p/src/other{i}.ts" for i in range(LOOKUPS + 1 - len(files))]
    for path in asked:   # one graph for all: after LOOKUPS files, every import filed
        assert graph.importers(path) == everything(path), path
    assert graph._eager
    told = ImportGraph({"js": TsResolver(index)})   # a walk from more files than LOOKUPS: filed at once
    told.update(by_path)
    told.expect(LOOKUPS + 1)
    assert told._eager and [told.importers(p) for p in files] == [everything(p) for p in files]
    assert ("/p/src/b.ts", "getDb", None) in graph.importers("/p/src/lib/db.ts")   # through `paths`
    assert [i for i, _, _ in graph.importers("/p/src/lib/index.ts")] == ["/p/src/a.ts", "/p/src/lib/c.ts", "/p/src/d.ts"]
    # a file parsed for symbols since is listed again, by what its symbols import
    from poolcheck.symbols import ModuleSymbols

    lazy = ImportGraph({"js": TsResolver(index)})
    lazy.update(by_path)
    assert lazy.importers("/p/src/b.ts") == [] and [i for i, _, _ in lazy.importers("/p/src/lib/index.ts")] \
        == ["/p/src/a.ts", "/p/src/lib/c.ts", "/p/src/d.ts"]
    by_path["/p/src/d.ts"].facts.symbols = ModuleSymbols(ecosystem="js", imports=(Import("x", "./b", "x"),))
    by_path["/p/src/d.ts"].facts = _refresh(by_path["/p/src/d.ts"].facts)
    for g in (graph, lazy):
        g.update(by_path)
        assert g.importers("/p/src/b.ts") == [("/p/src/d.ts", "x", "x")]
        assert "/p/src/d.ts" not in [i for i, _, _ in g.importers("/p/src/lib/index.ts")]
    assert not lazy._eager


def _refresh(facts):
    from dataclasses import replace

    return replace(facts)


def _reference_names(data: bytes) -> tuple[tuple[str, str], ...]:
    """`scan_names` as it was written before `findall` (finditer, `None` for a group that
    did not take part), for the property test below."""
    from poolcheck.linker import scan_js

    clause = re.compile(scan_js._CLAUSE.pattern.replace(rb"(\{[^}]*\})", rb"\{([^}]*)\}"))
    reexport = scan_js._REEXPORT.pattern
    out, clauses, bare = [], {}, []

    def names(braces):
        for item in (braces or b"").decode("utf-8", errors="replace").split(","):
            item = item.strip()
            if not item.startswith("type ") and item.split(" as ")[0].strip():
                yield item.split(" as ")[0].strip()
    for m in clause.finditer(data):
        default, braces, star, spec = m.groups()
        s = spec.decode("utf-8", errors="replace")
        clauses[s] = clauses.get(s, 0) + 1
        before = len(out)
        out += [(s, "default")] * bool(default) + [(s, "*")] * bool(star) + [(s, n) for n in names(braces)]
        if len(out) == before and braces is not None:
            bare.append(s)
    for m in reexport.finditer(data):
        braces, star, spec = m.groups()
        s = spec.decode("utf-8", errors="replace")
        out += [(s, "*")] + [(s, n) for n in names(braces)]
    written = {}
    for m in REFERENCE.finditer(data):
        s = m.group(1).decode("utf-8", errors="replace")
        written[s] = written.get(s, 0) + 1
    out += [(s, "") for s in bare if written.get(s) == clauses[s]]
    return tuple(dict.fromkeys(out))


NAME_TOKENS = TOKENS + ["{}", "{ type T }", "{ a }", "\\xff", "export { x } from './e'", "import {} from './m'",
                        "xexport * from 'n'", "import d, { e } from 'f'", "require ('r')"]


@settings(derandomize=True, max_examples=800)
@given(st.lists(st.sampled_from(NAME_TOKENS), max_size=40))
def test_keyword_search_and_findall_are_the_engines(tokens):
    """`_Keyword` (the keyword by `bytes.find`, the pattern matched there) finds what the
    compiled pattern's own search finds; `findall` with one live pattern and the names'
    `findall` give what the step-by-step scans gave."""
    from poolcheck.linker import scan_js

    data = "".join(tokens).encode("utf-8", errors="surrogateescape").replace(b"\\xff", b"\xff")
    for k in (scan_js._SPECIFIERS[2], scan_js._REEXPORT):
        for pos in range(0, len(data) + 1, 7):
            a, b = k.search(data, pos), k.pattern.search(data, pos)
            assert (a and a.span()) == (b and b.span())
        assert k.findall(data) == k.pattern.findall(data)
    assert scan_specifiers(data) == reference_specifiers(data)
    assert scan_names(data) == _reference_names(data)
    assert scan(data) == (scan_specifiers(data), scan_names(data))


def test_importers_of_wanted_names_are_the_walks_own_filter():
    """`importers(path, wanted)` leaves out only the entries the upward walk drops (a name
    neither "*" nor wanted), whatever it resolves or caches, and asking again with more
    names gives the entries of those too."""
    files = ["/p/src/lib/db.ts", "/p/src/a.ts", "/p/src/b.ts", "/p/src/c.ts", "/p/packages/db/src/index.ts",
             "/p/packages/db/package.json"]
    project = {"/p/packages/db/package.json": b'{"name": "@repo/db"}',
               "/p/tsconfig.json": b'{"compilerOptions": {"paths": {"@/*": ["./src/*"]}}}'}
    index = ModuleIndex(files, ProjectFiles(reader=project.get))
    by_path = {
        "/p/src/a.ts": _Result("typescript", ("@/lib/db", "@repo/db"), (("@/lib/db", "getDb"), ("@repo/db", "x"))),
        "/p/src/b.ts": _Result("typescript", ("./lib/db", "@/lib/db"), (("./lib/db", "other"),)),
        "/p/src/c.ts": _Result("typescript", ("@repo/db",), (("@repo/db", "y"), ("@repo/db", "z"))),
    }

    def kept(entries, wanted):
        return [e for e in entries if e[1] == "*" or e[1] in wanted or "*" in wanted]

    for path in ("/p/src/lib/db.ts", "/p/packages/db/src/index.ts"):
        everything = ImportGraph({"js": TsResolver(index)})
        everything.update(by_path)
        full = everything.importers(path)
        graph = ImportGraph({"js": TsResolver(index)})
        graph.update(by_path)
        for wanted in ({"getDb"}, {"y"}, {"y", "z"}, {"*"}, set(), {"other", "x"}):
            assert graph.importers(path, wanted) == kept(full, wanted), (path, wanted)
        assert graph.importers(path) == full
