"""Who imports a file, for the closure's upward walk (`upward.walk_up`): `importers(path)`
is (importer, imported name, local name) for every import of `path` in the run.

Kept across the closure's rounds. A run's walk asks about one or two files (its client
factories), so a JS file's imports are read for each file asked, again only for an
importer whose facts changed (a file parsed for symbols in the last round), with the
name filter before any resolution (`_asked_js`). Once more files are asked (`LOOKUPS`),
every JS import is filed once instead: a specifier that is not relative is resolved into
a reverse map (target -> its importers); a relative one is filed under its last segment
and resolved only when a file of that stem (or an `index` file of that folder) is asked
about. A Python import is resolved when listed (module and submodule). Either way the
answer is the same importers, in the order of the run's files and of each file's
imports, as resolving every import of the run for every question would give.
"""

from __future__ import annotations

import re

from ..symbols import Import

_CODE_EXT = re.compile(r"\.(?:[cm]?[jt]sx?|vue|svelte|astro)$")
ECOSYSTEM = {"typescript": "js", "tsx": "js", "javascript": "js", "vue": "js", "svelte": "js",
             "astro": "js", "python": "python"}


def raw_imports(facts) -> list[tuple[str, str, str | None]]:
    """(specifier, imported name, local name) of a file's imports and re-exports; for a
    file without symbols, from the byte scan ("*" where the names are unknown)."""
    symbols = facts.symbols
    if symbols is not None:
        out = [("." * i.level + i.specifier, i.imported, i.local or None)   # Python: dots kept
               for i in symbols.imports if i.how != "type"]
        out += [(e.source, e.imported or "*", "=" + e.name) for e in symbols.exports if e.source]
        return out
    names = facts.import_names or ()
    named = {s for s, _ in names}   # "": an import of types only (`scan_js.scan_names`), no entry
    return [(s, n, None) for s, n in names if n] + \
        [(s, "*", None) for s in (facts.import_specs or ()) if s not in named]


def python_import_targets(resolver, path: str, facts):
    """(position, module, imported name, local name) for each module of the project that a
    Python file's imports name: the submodule `from a import b` names (`a/b.py`, as a whole
    module: "*") and the module `a` itself; never the file itself, nor a module the import
    cannot name (`resolve_py.could_name`: the byte scan's `a.b.name` resolved as `a.b`).
    What the closure's graph files, and who imports a client module (PC103)."""
    from .resolve_py import could_name

    for seq, (spec, imported, local) in enumerate(raw_imports(facts)):
        imp = Import("", spec, imported)
        sub = resolver.submodule(path, imp)
        module = resolver.resolve(path, imp)
        if sub is not None and sub != path:
            yield seq, sub, "*", local
        if module is not None and module != sub and module != path and could_name(spec, imported, module):
            yield seq, module, imported, local


# How many files the JS importers are looked up for one by one (`ImportGraph._asked_js`)
# before every import of the run is filed once instead: a run's upward walk asks about
# one or two files (its client factories, documenso), a few more with transaction wrappers
# (trigger.dev: 4), and a lookup reads each import once, where filing them all costs about
# ten lookups (trigger.dev, profiled: 0.55 s against 0.053 s). Filing after 8 lookups
# costs at most twice what the best choice made knowing the number of files asked would
# have (3 made trigger.dev's walk file everything at its 4th file: its closure's last round
# 0.326 s -> 0.136 s CPU with 8, the same files needed).
LOOKUPS = 8
_UNRESOLVED = object()


class ImportGraph:
    def __init__(self, resolvers: dict):
        self.resolvers = resolvers
        self.order: dict[str, int] = {}
        self._eager = False                               # JS imports filed (else looked up per file asked)
        self._js: dict[str, object] = {}                  # JS importer -> its facts, not filed
        self._answers: dict[str, dict[str, tuple]] = {}   # file asked -> importer -> (facts, entries)
        self._lookup_memo: dict[str, dict[str, list]] = {}  # folder -> specifier -> [last, unfiltered, relative, target]
        self._listed: dict[str, object] = {}            # importer -> the facts its entries are of
        self._filed: dict[str, list[tuple[dict, str]]] = {}   # importer -> where its entries are
        self._by_last: dict[str, dict[str, list]] = {}   # JS relative: last segment -> importer -> entries
        self._by_target: dict[str, dict[str, list]] = {}  # resolved: target -> importer -> entries
        self._spec_memo: dict[str, tuple[str, bool]] = {}
        self._js_memo: dict[str, dict[str, tuple]] = {}   # folder -> specifier -> its listing
        self._raw: dict[str, tuple] = {}   # importer -> (its facts, their raw_imports)

    def _raw_imports(self, importer: str, facts) -> list:
        """`raw_imports(facts)`, once per importer and facts: each file asked about reads
        every importer's list again (`_js_entries`), and filing them all once more."""
        hit = self._raw.get(importer)
        if hit is None or hit[0] is not facts:
            hit = self._raw[importer] = (facts, raw_imports(facts))
        return hit[1]

    def update(self, by_path: dict) -> None:
        """List the imports of files new to the graph or whose facts changed."""
        for i, (path, r) in enumerate(by_path.items()):
            self.order[path] = i
            if self._listed.get(path) is r.facts:
                continue
            for table, key in self._filed.pop(path, ()):
                table.get(key, {}).pop(path, None)
            self._listed[path] = r.facts
            self._js.pop(path, None)
            eco = ECOSYSTEM[r.found.kind]
            resolver = self.resolvers.get(eco)
            if resolver is None:
                continue
            if eco == "python":
                self._list_python(path, r.facts, resolver)
            elif self._eager:
                self._list_js(path, r.facts, resolver)
            else:
                self._js[path] = r.facts

    def _file(self, table: dict, key: str, importer: str, entry: tuple) -> None:
        slot = table.setdefault(key, {})
        if importer not in slot:
            slot[importer] = []
            self._filed.setdefault(importer, []).append((table, key))
        slot[importer].append(entry)

    def _spec(self, spec: str) -> tuple[str, bool]:
        """(last segment without a code extension, whether the name filter lets it through
        whatever the file asked about: a scoped or one-segment package specifier)."""
        hit = self._spec_memo.get(spec)
        if hit is None:
            last = _CODE_EXT.sub("", spec.rstrip("/").rsplit("/", 1)[-1])
            hit = self._spec_memo[spec] = (last, spec.startswith("@") or "/" not in spec.lstrip("./"))
        return hit

    def _list_js(self, path: str, facts, resolver) -> None:
        """The entries of one importer, grouped here and filed once per key (a 2,000-file
        tree has some 15,000 of them: the filing is most of a cold closure's listing)."""
        folder = path[:path.rfind("/")]
        memo = self._js_memo.get(folder)
        if memo is None:   # a TS/JS resolution depends on the importer's folder only
            memo = self._js_memo[folder] = {}
        lasts: dict[str, list] = {}
        targets: dict[str, list] = {}
        seq = -1
        for spec, imported, local in self._raw_imports(path, facts):
            seq += 1
            hit = memo.get(spec)
            if hit is None:
                last, unfiltered = self._spec(spec)
                relative = spec.startswith(".")
                target = None if relative else resolver.resolve(path, Import("", spec, imported))
                hit = memo[spec] = (last, unfiltered, relative, target)
            if hit[2]:
                entries = lasts.get(hit[0])
                if entries is None:
                    entries = lasts[hit[0]] = []
                entries.append((seq, spec, imported, local))
            elif hit[3] is not None and hit[3] != path:
                entries = targets.get(hit[3])
                if entries is None:
                    entries = targets[hit[3]] = []
                entries.append((seq, imported, local, hit[0], hit[1], None))
        filed = []
        for table, grouped in ((self._by_last, lasts), (self._by_target, targets)):
            for key, entries in grouped.items():
                slot = table.get(key)
                if slot is None:
                    slot = table[key] = {}
                slot[path] = entries
                filed.append((table, key))
        if filed:
            self._filed[path] = filed

    def _list_python(self, path: str, facts, resolver) -> None:
        for seq, target, imported, local in python_import_targets(resolver, path, facts):
            self._file(self._by_target, target, path, (seq, imported, local, None, None, True))

    def importers(self, path: str, wanted: set[str] | None = None) -> list[tuple[str, str, str | None]]:
        """`wanted`: the names of `path` the caller keeps an entry for (an entry of another
        name, not "*", is dropped; None or a set holding "*": every entry). The walk up
        drops those entries itself, so a JS importer's import of another name is not
        resolved for it at all (`_js_entries`): most of what a client module's importers
        import from the tree's packages is other modules' functions."""
        stem = _CODE_EXT.sub("", path.rsplit("/", 1)[-1])
        names = {stem}
        if stem == "index":
            names.add(path.rsplit("/", 2)[-2])
        found = []
        if not self._eager:
            found = self._asked_js(path, names, None if wanted is None or "*" in wanted else frozenset(wanted))
        for name in names if self._eager else ():
            for importer, entries in self._by_last.get(name, {}).items():
                if importer == path:
                    continue
                resolver = self.resolvers["js"]
                for seq, spec, imported, local in entries:
                    if resolver.resolve(importer, Import("", spec, imported)) == path:
                        found.append((self.order[importer], seq, importer, imported, local))
        for importer, entries in self._by_target.get(path, {}).items():
            for seq, imported, local, last, unfiltered, python in entries:
                if not python and not unfiltered and last not in names:
                    continue
                found.append((self.order[importer], seq, importer, imported, local))
        found.extend(self._auto_importers(path))
        found.sort(key=lambda e: (e[0], e[1]))
        return [(importer, imported, local) for _, _, importer, imported, local in found]

    def expect(self, paths: int) -> None:
        """The walk about to start asks about at least `paths` files: past `LOOKUPS`,
        every import is filed at once."""
        if paths > LOOKUPS and not self._eager:
            self._file_all()

    def _file_all(self) -> None:
        self._eager = True
        for importer, facts in self._js.items():
            self._list_js(importer, facts, self.resolvers["js"])
        self._js.clear()
        self._answers.clear()

    def _asked_js(self, path: str, names: set[str], wanted: frozenset | None = None) -> list:
        """The JS importers of `path`, each importer's imports read for it alone (again
        only for an importer whose facts changed since, or when the names wanted changed),
        with the filter and resolution of the filed tables; after `LOOKUPS` files asked,
        every import is filed once instead."""
        answers = self._answers.get(path)
        if answers is None:
            if len(self._answers) >= LOOKUPS:
                self._file_all()
                return []   # the filed tables answer (`importers`)
            answers = self._answers[path] = {}
        found = []
        for importer, facts in self._js.items():
            hit = answers.get(importer)
            if hit is None or hit[0] is not facts or hit[1] != wanted:
                hit = answers[importer] = (facts, wanted, self._js_entries(importer, facts, path, names, wanted))
            order = self.order[importer]
            for seq, imported, local in hit[2]:
                found.append((order, seq, importer, imported, local))
        return found

    def _js_entries(self, importer: str, facts, path: str, names: set[str], wanted: frozenset | None = None) -> list:
        """(position, imported name, local name) of `importer`'s imports of `path`; with
        `wanted`, only those of a wanted name or "*" (the rest is neither resolved nor kept)."""
        if importer == path:
            return []
        resolver = self.resolvers["js"]
        folder = importer[:importer.rfind("/")]
        memo = self._lookup_memo.get(folder)
        if memo is None:
            memo = self._lookup_memo[folder] = {}
        out = []
        for seq, (spec, imported, local) in enumerate(self._raw_imports(importer, facts)):
            if wanted is not None and imported != "*" and imported not in wanted:
                continue
            hit = memo.get(spec)
            if hit is None:
                last, unfiltered = self._spec(spec)
                hit = memo[spec] = [last, unfiltered, spec.startswith("."), _UNRESOLVED]
            last, unfiltered, relative, target = hit
            if relative:
                if last in names and resolver.resolve(importer, Import("", spec, imported)) == path:
                    out.append((seq, imported, local))
            elif unfiltered or last in names:
                if target is _UNRESOLVED:
                    target = hit[3] = resolver.resolve(importer, Import("", spec, imported))
                if target == path:
                    out.append((seq, imported, local))
        return out

    def _auto_importers(self, path: str) -> list:
        """A server/utils/ module of a Nitro app is imported, without an import, by every
        server file of that app (`vocabulary.frameworks_js.auto_import_root`)."""
        from ..vocabulary.frameworks_js import auto_import_root

        root = auto_import_root(path, provider=True)
        if root is None:
            return []
        server = root + "/server/"
        return [(i, -1, p, "*", None) for p, i in self.order.items()
                if p != path and p.startswith(server) and _CODE_EXT.search(p)]
