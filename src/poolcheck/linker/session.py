"""One link over a run's files, for the engine: which files need symbols, then the link.

Which files get symbols (cost, plan §3.2): every file that passed the prefilter has them
from its one parse. A file the prefilter rejected carries only the import specifiers a
byte scan found (`FileFacts.import_specs`). From those the closure the link needs is:
- downwards from every file with an interactive transaction (the helpers its body may
  call, and theirs: a notification writer, an S3 wrapper);
- upwards, one level, from every file with a construction or a lifecycle call in an
  ordinary function (the handlers and services that import that factory or helper), and
  from a query fan-out in one where PC205 (opt-in) is on for the file (`Closure.fan_out`).
Only those files are parsed for symbols (`analyse_symbols`, served from the cache next
time). Everything else is never parsed.
"""

from __future__ import annotations

from collections import deque
from typing import Iterable, Sequence

from ..facts import ClientCall, ClientConstruction, ParallelQueries, ScopeKind, Transaction
from .. import symbols as _symbols
from ..symbols import Import, link_seeds
from .hand_wired import wired_builders, wrapper_users
from .importers import ECOSYSTEM, ImportGraph
from .upward import candidate_names, exported_names, walk_up
from .modules import ModuleIndex, resolver_for

CODE_KINDS = frozenset({"typescript", "tsx", "javascript"})
# Kinds whose front-end gives symbols: the closure parses only these.
SYMBOL_KINDS = frozenset(CODE_KINDS | {"python"})


def scan_imports(kind: str, data: bytes) -> tuple[tuple[str, ...] | None, tuple | None]:
    """The import specifiers of a file without symbols, and the names it imports from each
    (regular expressions over its bytes): the approximate import graph."""
    if _symbols.LINK_OFF:
        return None, None
    if kind == "python":
        from .resolve_py import scan

        return scan(data)
    if kind not in CODE_KINDS:
        return None, None
    from .scan_js import scan

    return scan(data)


def _specs(facts) -> list[Import]:
    symbols = facts.symbols
    if symbols is not None:
        return [i for i in symbols.imports if i.how != "type"]
    return [Import(local="", specifier=s, imported="*") for s in (facts.import_specs or ())]


def seeds(facts, fan_out: bool = True) -> tuple[bool, bool]:
    return link_seeds(facts, fan_out)


class Closure:
    """The files the link needs, found in rounds: each round names the files that need
    symbols and have none; once parsed, their own calls say where to go next."""

    def __init__(self, index: ModuleIndex, fan_out=None):
        """`fan_out(found)`: whether a query fan-out in the file seeds the walk up (PC205
        is on for it); by default always."""
        self.index = index
        self.fan_out = fan_out if fan_out is not None else (lambda found: True)
        self.resolvers = {eco: resolver_for(eco, index) for eco in set(ECOSYSTEM.values())}
        self.tried: set[str] = set()   # asked for once: a file that yields no symbols is not asked again
        self._edges: dict[str, tuple] = {}   # path (with symbols) -> (down, imported, from tx)
        self.imports = ImportGraph(self.resolvers)
        # the project's transaction wrappers by what they do (`Effects.tx_body`): path -> the
        # ids of those functions, and the names they are called by (`$tx`, `runAtomic`)
        self._wrappers: dict[str, set] = {}
        self.wrapper_names: set[str] = set()
        self._mentioned: dict[tuple, bool] = {}

    def needed(self, results: Sequence) -> list:
        by_path = {}
        abs_of = self.index.abs
        for r in results:
            if r.facts is not None and r.found.kind in ECOSYSTEM:
                by_path[abs_of[r.found.path]] = r
        down_edges: dict[str, list[str]] = {}
        down, up = [], []
        names = self._note_wrappers(by_path)
        for path, r in by_path.items():
            if r.facts.symbols is None:   # only files with symbols call anywhere we know of
                continue
            has_tx, candidate = seeds(r.facts, self.fan_out(r.found))
            if candidate:
                up.append(path)
            handed = handed_bodies(r.facts.symbols, names)
            cached = self._edges.get(path)
            if cached is None or cached[3] != (names if handed else None):
                cached = self._edges[path] = self._edges_of(path, r, by_path, handed) + (names if handed else None,)
            if cached[0]:
                down_edges[path] = cached[0]
            if has_tx or handed:
                down.extend(cached[2])    # from a transaction body: only what it calls
        self.imports.update(by_path)
        starts = {}
        for p in up:
            symbols = by_path[p].facts.symbols
            if symbols is not None:
                spans = [f.span for f in by_path[p].facts.facts
                         if isinstance(f, (ClientConstruction, ClientCall, ParallelQueries))
                         and f.scope.kind is ScopeKind.FUNCTION]
                starts[p] = candidate_names(symbols, spans)
        for p, r in by_path.items():   # `DbDep = Annotated[...]`: the modules taking it by name (markers.py)
            aliases = {reg.alias for reg in r.facts.symbols.registrations if reg.alias} \
                if r.facts.symbols is not None else None
            if aliases:
                starts.setdefault(p, set()).update(aliases)
        self.imports.expect(len(starts))
        symbols_of = (lambda p: by_path[p].facts.symbols if p in by_path else None)
        js = self.resolvers.get("js")
        callers = walk_up(starts, self.imports.importers, symbols_of,
                          resolve=js.resolve if js is not None else None)
        callers |= self._wrapper_callers(by_path, symbols_of)
        callers |= wrapper_users(by_path, self._wrappers, self._mentions, SYMBOL_KINDS, self._package_root)
        builders = wired_builders(by_path, lambda p: handed_bodies(by_path[p].facts.symbols, names),
                                  self.imports.importers, self._mentions)
        callers |= builders   # parsed, and what those with symbols build instances from followed down
        down.extend(t for b in sorted(builders) for t in down_edges.get(b, ()))
        # the class behind an interface a body's injected field is typed by: reached like a callee
        down = [*down, *sorted(self._implementers(by_path, symbols_of, down))]
        needed = [p for p in sorted(_reach(set(down), down_edges) | set(up) | callers)
                  if p not in self.tried and by_path[p].facts.symbols is None
                  and by_path[p].found.kind in SYMBOL_KINDS]
        self.tried.update(needed)
        return [by_path[p] for p in needed]

    def _note_wrappers(self, by_path) -> frozenset:
        """Record the transaction wrappers by behaviour of the files with new symbols; the
        names they are called by, all files so far."""
        for path, r in by_path.items():
            if r.facts.symbols is not None and path not in self._wrappers:
                mine = [f for f in r.facts.symbols.functions if f.effects.tx_body]
                self._wrappers[path] = {f.id for f in mine}
                self.wrapper_names.update(f.name for f in mine if f.name)
        return frozenset(self.wrapper_names)

    def _wrapper_callers(self, by_path, symbols_of) -> set[str]:
        """The files without symbols that import a transaction wrapper by behaviour: they may
        hand it their bodies (`this.prismaService.$tx(async () => ...)`, `in_tx(_settle)`),
        which only their symbols show. One level (through barrels), not their callers."""
        wrapped = {p: exported_names(by_path[p].facts.symbols, fids) for p, fids in self._wrappers.items()
                   if fids and p in by_path}
        if not wrapped:
            return set()
        words = tuple(sorted(n.encode() for n in self.wrapper_names))
        return {p for p in walk_up(wrapped, self.imports.importers, symbols_of, one_level=True)
                if p in by_path and self._mentions(p, words)}

    def _implementers(self, by_path, symbols_of, down) -> set[str]:
        """The importers of a types-only module a transaction body reaches (an interface an
        injected field is typed by, `IPointRepository`) that implement something: the class
        behind the interface may be among them (`bind.implementer`). One level."""
        typed = {p: {"*"} for p in set(down) if p in by_path and (s := symbols_of(p)) is not None
                 and not s.functions and not s.classes}
        if not typed:
            return set()
        return {importer for p in sorted(typed) for importer, _, _ in self.imports.importers(p, {"*"})
                if importer in by_path and self._mentions(importer, (b"implements",))}

    def _package_root(self, path: str) -> str | None:
        """The folder of the nearest package.json (or pyproject.toml) above a file."""
        folder = path.rsplit("/", 1)[0]
        while folder and "/" in folder:
            if any(self.index.project.exists(f"{folder}/{name}") for name in ("package.json", "pyproject.toml")):
                return folder
            folder = folder.rsplit("/", 1)[0]
        return None

    def _mentions(self, path: str, words) -> bool:
        """Whether the file's bytes name one of the wrappers (`$tx`, `runAtomic`): an importer
        of the wrapper's module that never calls it (most of a NestJS app imports its
        PrismaService) is not parsed for it. Memoised per file and set of names. Read
        through the index's project reader, so a cached link records the bytes it was
        decided on (`engine.link_cache`: an edit that makes a file name a wrapper links again)."""
        key = (path, words)
        hit = self._mentioned.get(key)
        if hit is None:
            from ..frontends.typescript.gates import has_word

            data = self.index.project.raw(path)
            hit = self._mentioned[key] = data is None or has_word(data, words)
        return hit

    def asked_paths(self, needed: Sequence) -> list[str]:
        return [self.index.abs[r.found.path] for r in needed]

    def _edges_of(self, path: str, r, by_path, handed=frozenset()) -> tuple[list[str], list[str], list[str]]:
        """(files a module with symbols calls into, files it imports, files its
        transaction bodies call into: `handed`, the functions it hands to a transaction
        wrapper, are such bodies too)."""
        resolver = self.resolvers.get(ECOSYSTEM[r.found.kind])
        down: list[str] = []
        imports: list[str] = []
        from_tx: list[str] = []
        if resolver is None:
            return down, imports, from_tx

        submodule = getattr(resolver, "submodule", None)   # Python `from pkg import module`

        def add(imp: Import, follow: bool, in_tx: bool = False) -> None:
            for target in (resolver.resolve(path, imp), submodule(path, imp) if submodule else None):
                if target is None or target not in by_path or target == path:
                    continue
                imports.append(target)
                if follow:
                    down.append(target)
                if in_tx:
                    from_tx.append(target)

        symbols = r.facts.symbols
        called = _called_imports(symbols)
        tx_called = _tx_called_imports(symbols, handed) | {   # `{ timeout: TX_TIMEOUT }`: where it is defined
            name for t in r.facts.of(Transaction) for _, name, _ in t.option_refs}
        # a Python package's __init__.py re-exports what it imports: a barrel
        barrel = symbols.exports_all and path.endswith("/__init__.py")
        for imp in symbols.imports:
            if imp.how != "type":
                add(imp, barrel or imp.local in called or not imp.local, imp.local in tx_called)
        for e in symbols.exports:     # barrels: a re-export is followed like a call
            if e.source is not None:
                add(Import("", e.source, e.imported or "*"), True)
        _auto_imported(path, symbols, by_path, down, from_tx)
        return down, imports, from_tx


def _auto_imported(path: str, symbols, by_path, down: list, from_tx: list) -> None:
    """A Nitro server file calling what server/utils/ exports, never imported (`useDB(event)`):
    the server/utils/ files of its app are followed like imports."""
    from ..vocabulary.frameworks_js import AUTO_IMPORT_FOLDER, auto_import_root

    sites = [c for f in symbols.functions for c in f.calls if c.callee.kind == "global"]
    root = auto_import_root(path) if sites else None
    if root is None:
        return
    utils = [p for p in by_path if p.startswith(root + AUTO_IMPORT_FOLDER) and p != path]
    down.extend(utils)
    if any(c.transaction is not None for c in sites):
        from_tx.extend(utils)


def _called_imports(symbols) -> set[str]:
    """Local import names a module calls through (directly, as `ns.f()`, as an injected
    class, or as the class of a module instance): the imports worth following down."""
    out: set[str] = set()
    for f in symbols.functions:
        for c in f.calls:
            if c.callee.kind in ("import", "name"):
                out.add(c.callee.target)
                # what it is handed (`makeNoteService(db)`): a factory's methods query it (factories.py)
                out.update(a.name for a in c.args if a.name)
    for c in symbols.module_calls:
        out.add(c.callee.target)
        out.update(a.name for a in c.args if a.name)
    for cls in symbols.classes:
        out.update(ref.target for _, ref in cls.injections)
        out.update(ref.target for ref in cls.bases)
        out.update(ref.target for _, ref in cls.param_defaults)   # `constructor(client = prisma)`
    for inst in symbols.instances:
        out.add(inst.cls.target)
        # what it is built with (`new UserRepo(prisma)`): the class's fields hold it
        out.update(a.target for a in inst.args if a is not None and a.kind in ("import", "name"))
    for reg in symbols.registrations:
        out.add(reg.target.target)
    return out


def handed_bodies(symbols, names) -> frozenset:
    """The functions a module hands to a call of one of `names` (the project's transaction
    wrappers by behaviour: `this.prismaService.$tx(async () => ...)`), with the functions
    nested in them: transaction bodies, as far as the closure can tell before the link
    (the link binds each call and keeps only those whose callee runs the argument)."""
    if not names:
        return frozenset()
    out = {a.function for f in symbols.functions for c in f.calls
           if (c.callee.path[-1] if c.callee.path else c.callee.target) in names
           for a in c.args if a.kind == "function" and a.function is not None}
    if not out:
        return frozenset()
    grew = True
    while grew:
        grew = False
        for f in symbols.functions:
            if f.parent in out and f.id not in out:
                out.add(f.id)
                grew = True
    return frozenset(out)


def _tx_called_imports(symbols, handed=frozenset()) -> set[str]:
    """Local import names that the file's transaction bodies call through, directly or via
    the file's own functions and methods they call (followed within the file); `handed`:
    functions it hands to a transaction wrapper, whose calls count as a body's."""
    by_id = {f.id: f for f in symbols.functions}
    methods = {(cls.name, name): fid for cls in symbols.classes for name, fid in cls.methods}
    injections = {(cls.name, fld): ref.target for cls in symbols.classes for fld, ref in cls.injections}
    # a module instance built with another module's object (`new UserRepo(prisma)`): a call
    # on it reaches that object through the class's fields
    built_with = {inst.name: [inst.cls.target, *(a.target for a in inst.args if a is not None and a.kind in ("import", "name"))]
                  for inst in symbols.instances}
    # a module-level service a factory built (`const notes = createNoteService(prismaDb)`):
    # a call on it reaches the factory's methods, which query what it was handed (factories.py)
    made = {c.span: c for c in symbols.module_calls if c.callee.kind in ("import", "name")}
    for name, span in symbols.held:
        if span in made and name not in built_with:
            built_with[name] = [made[span].callee.target, *(a.name for a in made[span].args if a.name)]
    out: set[str] = set()
    work = [(f, c) for f in symbols.functions for c in f.calls if c.transaction is not None or f.id in handed]
    seen: set[str] = set()
    while work:
        f, c = work.pop()
        ref = c.callee
        nxt = None
        if ref.kind in ("import", "name"):
            out.add(ref.target)
            out.update(built_with.get(ref.target, ()))
        elif ref.kind == "local":
            nxt = by_id.get(ref.target)
        elif ref.kind == "this":
            owner = _owner_class(f, by_id)
            if ref.target:
                target = injections.get((owner, ref.target))
                if target:
                    out.add(target)
                    # what a field is built with (`new Svc((new Repos).get(k))`): `linker.wiring`
                    out.update(_field_wiring(symbols))
            elif ref.path:
                nxt = by_id.get(methods.get((owner, ref.path[0]), ""))
        if nxt is not None and nxt.id not in seen:
            seen.add(nxt.id)
            work.extend((nxt, cc) for cc in nxt.calls)
            work.extend((g, cc) for g in symbols.functions if g.parent == nxt.id for cc in g.calls)
    return out


def _field_wiring(symbols) -> set[str]:
    """The names the file's field and nested constructions are built from and with (their
    classes, and the factories and instances of their arguments)."""
    out = set()
    for inst in symbols.instances:
        if inst.name.startswith("<"):
            out.add(inst.cls.target)
            out.update(a.target for a in inst.args if a is not None)
    return out


def _owner_class(f, by_id) -> str | None:
    while f is not None and f.owner is None and f.parent is not None:
        f = by_id.get(f.parent)
    return f.owner if f is not None else None


def closure(results: Sequence, index: ModuleIndex) -> list:
    """One round of `Closure.needed` (tests, simple callers)."""
    return Closure(index).needed(results)


def _reach(starts: Iterable[str], edges: dict[str, list[str]]) -> set[str]:
    seen = set(starts)
    queue = deque(seen)
    while queue:
        p = queue.popleft()
        for q in edges.get(p, ()):
            if q not in seen:
                seen.add(q)
                queue.append(q)
    return seen


def link_results(results: list, index: ModuleIndex) -> dict[str, list]:
    """abs path -> the file's linked fact list, for files whose facts the link changes."""
    from .program import link

    modules, facts_by_path = {}, {}
    for r in results:
        if r.facts is not None and r.facts.symbols is not None:
            p = index.abs[r.found.path]
            modules[p] = r.facts.symbols
            facts_by_path[p] = r.facts
    if not modules:
        return {}
    program = link(modules, index)
    return program.derived_facts(facts_by_path)


def index_for(paths: Iterable, project_files=None, abs_paths=None) -> ModuleIndex:
    return ModuleIndex(paths, project_files, abs_paths)

