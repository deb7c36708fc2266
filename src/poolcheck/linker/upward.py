"""Which callers of a candidate the link needs (the upward closure), name by name.

A candidate is a function that builds a client or connects/disconnects a shared one
(`getDb()`, `checkDatabase()`): what matters is who calls it per request. Following every
importer of its module would take in the whole tree (the client module is imported by
everything), so the walk goes by exported name: from the names under which the
candidate's module exports it, to the importers that import one of those names (or the
whole module), to the names under which those export the functions that call it, and so
on. An importer without symbols is asked for (parsed in the next round) and the walk goes
on from it then.
"""

from __future__ import annotations

from collections import deque

from ..symbols import ModuleSymbols

def candidate_names(symbols: ModuleSymbols, spans) -> set[str]:
    """The names under which a module exports the functions holding these fact spans."""
    from .derive import _Locator

    locate = _Locator(symbols.functions)
    fids = {locate.at(s) for s in spans} - {None}
    return exported_names(symbols, fids)


def exported_names(symbols: ModuleSymbols, fids: set) -> set[str]:
    """The exported names of the module-level functions, objects and classes that hold
    the functions `fids` (a nested function counts for its outermost one), or that call
    one of them in the same file (`prepare()` calling `ensureConnected()`: a route
    importing `prepare` reaches the connect)."""
    by_id = {f.id: f for f in symbols.functions}
    fids = _with_local_callers(symbols, by_id, fids)
    locals_: set[str] = set()
    for fid in fids:
        f = by_id.get(fid)
        while f is not None and f.parent is not None:
            f = by_id.get(f.parent)
        if f is None:
            continue
        if f.owner:
            locals_.add(f.owner)        # a method: its class, object or instance
            locals_.update(i.name for i in symbols.instances if i.cls.target == f.owner)
        elif f.name:
            locals_.add(f.name)
    names = {e.name for e in symbols.exports if e.local in locals_ or e.local and e.local.split(".")[0] in locals_}
    return names | ({"*"} if symbols.exports_all and locals_ else set())


def _with_local_callers(symbols: ModuleSymbols, by_id: dict, fids: set) -> set:
    """`fids` and the functions of the same file that call one of them, to a fixed point."""
    out = set(fids)
    callers: dict[str, set[str]] = {}
    for f in symbols.functions:
        for c in f.calls:
            if c.callee.kind == "local":
                callers.setdefault(c.callee.target, set()).add(f.id)
    if not callers:
        return out
    work = list(out)
    while work:
        fid = work.pop()
        f = by_id.get(fid)
        while f is not None and f.parent is not None:   # a closure: its outermost function is called
            f = by_id.get(f.parent)
        for caller in callers.get(fid, set()) | (callers.get(f.id, set()) if f is not None else set()):
            if caller not in out:
                out.add(caller)
                work.append(caller)
    return out


def callers_of(symbols: ModuleSymbols, local: str, imported: str, wanted: set[str]) -> set:
    """The functions of a module that call through its import `local` (of name
    `imported`): `getDb()`, `db.getDb()` for a namespace, `this.svc.m()` for an injection."""
    out = set()
    injected = {(cls.name, fld) for cls in symbols.classes for fld, ref in cls.injections if ref.target == local}
    for f in symbols.functions:
        for c in f.calls:
            ref = c.callee
            # a whole-module import reaches `default` through any use: `const GetFeature =
            # require("./GetFeatures")` is that module's `module.exports = GetFeature`
            if ref.kind == "import" and ref.target == local and (
                    imported != "*" or not wanted or "*" in wanted or "default" in wanted
                    or ref.path[:1] and ref.path[0] in wanted):
                out.add(f.id)
                break
            if ref.kind == "this" and injected and any(fld == ref.target for _, fld in injected):
                out.add(f.id)
                break
    return out


def extended_by(symbols: ModuleSymbols, local: str) -> set[str]:
    """The exported names of the classes extending the import `local` (and of their
    module-level instances): their callers reach the base class's methods (`supers`)."""
    subs = {c.name for c in symbols.classes if any(b.target == local and not b.path for b in c.bases)}
    subs |= {i.name for i in symbols.instances if i.cls.target in subs and not i.cls.path}
    return {e.name for e in symbols.exports if e.local in subs} if subs else set()


def walk_up(starts: dict[str, set[str]], importers, symbols_of, one_level: bool = False,
            resolve=None) -> set[str]:
    """Files without symbols the upward walk reaches. `importers(path, wanted)` gives
    (importer, imported name, local name or None) for every import of `path` (it may
    leave out those of a name neither "*" nor in `wanted`, which the walk drops);
    `symbols_of(path)` the importer's symbols or None. `one_level`: only the importers of
    the names (through barrels), not their callers' importers in turn. `resolve(path,
    import)`: the module an import names, for the classes an importer constructs with an
    instance of a wanted one (`new Service(new Repo(prisma))`: `wired_into`)."""
    names = {p: set(n) for p, n in starts.items()}
    work = deque(sorted(starts))
    needed: set[str] = set()

    def want(path: str, more: set[str]) -> None:
        new = more - names.get(path, set())
        if new:
            names.setdefault(path, set()).update(new)
            work.append(path)
    while work:
        path = work.popleft()
        wanted = names[path]
        for importer, imported, local in importers(path, wanted):
            if imported != "*" and imported not in wanted and "*" not in wanted:
                continue
            symbols = symbols_of(importer)
            if symbols is None:
                needed.add(importer)
                continue
            if local is None or one_level and not local.startswith("="):
                continue
            if local.startswith("="):      # a barrel re-exports it under this name
                exported = {local[1:]} if local[1:] != "*" else set(wanted)
                new = exported - names.get(importer, set())
                if new:
                    names.setdefault(importer, set()).update(new)
                    work.append(importer)
                continue
            want(importer, exported_names(symbols, callers_of(symbols, local, imported, wanted)) |
                 extended_by(symbols, local))
            for module, name in (wired_into(symbols, local, importer, resolve) if resolve is not None else ()):
                if symbols_of(module) is None:
                    needed.add(module)
                want(module, {name})
    return needed


def wired_into(symbols: ModuleSymbols, local: str, path: str, resolve) -> set[tuple[str, str]]:
    """(module, exported name) of the classes a module constructs at module level with an
    instance of its import `local` as an argument, directly or through instances of its
    own classes so built (`const repo = new Repo(prisma); const service = new
    Service(repo)`): their methods call the instance's (`linker.wiring`)."""
    classes, out, seen = [local], set(), set()
    imports = {i.local: i for i in symbols.imports if i.local and i.how != "type"}
    while classes:
        cls = classes.pop()
        held = {i.name for i in symbols.instances if i.cls.target == cls and not i.cls.path}
        for inst in symbols.instances:
            ref = inst.cls
            if ref.path or ref.target in seen or not any(a is not None and a.target in held for a in inst.args):
                continue
            seen.add(ref.target)
            imp = imports.get(ref.target)
            module = resolve(path, imp) if imp is not None else None
            if module is not None and imp.imported != "*":
                out.add((module, imp.imported))
            elif imp is None:   # a class of the module itself: its exports, and what it is passed to
                out.update((path, e.name) for e in symbols.exports if e.local == ref.target)
                classes.append(ref.target)
    return out
