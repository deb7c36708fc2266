"""The closure's reach into hand-wired code (`session.Closure.needed`), where no import
leads from a transaction body to what it calls:

- a transaction wrapper that is a class's method (`createTransaction = (cb) =>
  this.prisma.$transaction(cb)` of a BaseRepository) is called through fields and
  instances (`this.orderRepository.createTransaction(async (tx) => ...)`) by modules that
  never import it: the files that mention its name are parsed for the bodies they hand it
  (`wrapper_users`);
- a class whose transaction bodies call through a field its constructor stores
  (`constructor(orderRepository) { this.orderRepository = orderRepository }`, no type to
  name the class) learns what the field holds from the module that builds it (`new
  OrderService(orderRepository)` of a DI module): the importers that name the class are
  parsed, and what they build their instances from is followed down (`wired_builders`).
"""

from __future__ import annotations


def method_wrappers(by_path, wrappers: dict) -> dict[str, set[bytes]]:
    """path -> the names of its transaction wrappers by behaviour that are methods of a class."""
    out: dict[str, set[bytes]] = {}
    for path, fids in wrappers.items():
        r = by_path.get(path)
        if not fids or r is None or r.facts.symbols is None:
            continue
        names = {f.name.encode() for f in r.facts.symbols.functions if f.id in fids and f.owner and f.name}
        if names:
            out[path] = names
    return out


def wrapper_users(by_path, wrappers: dict, mentions, kinds, package_root) -> set[str]:
    """The code files without symbols, in the wrapper's package (`package_root(path)`: the
    folder of its package.json), that mention a class-method wrapper's name."""
    out: set[str] = set()
    for path, names in sorted(method_wrappers(by_path, wrappers).items()):
        root = package_root(path)
        prefix = root.rstrip("/") + "/" if root else ""
        for word in sorted(names):
            out.update(p for p, r in by_path.items()
                       if p.startswith(prefix) and r.facts.symbols is None and r.found.kind in kinds
                       and mentions(p, (word,)))
    return out


def wired_builders(by_path, handed_of, importers, mentions) -> set[str]:
    """The files that name a class whose transaction bodies (or bodies it hands to a
    wrapper: `handed_of(path)`) call through a field its constructor stores, and import it."""
    out: set[str] = set()
    for path, r in by_path.items():
        symbols = r.facts.symbols
        if symbols is None:
            continue
        owners = _wired_owners(symbols, handed_of(path))
        names = {e.name for e in symbols.exports if e.local in owners} | \
            (owners if symbols.ecosystem == "python" else set())   # a Python module's names are its exports
        if not names:
            continue
        words = tuple(sorted(o.encode() for o in owners))
        for importer, _, _ in importers(path, names):
            if importer in by_path and importer != path and mentions(importer, words):
                out.add(importer)
    return out


def _wired_owners(symbols, handed) -> set[str]:
    """The classes of the module with a transaction body (or a handed one) that calls
    `this.<field>` of a field the constructor stores and no type names."""
    fields = {c.name: set(dict(c.param_fields)) - set(dict(c.injections)) for c in symbols.classes if c.param_fields}
    if not fields:
        return set()
    by_id = {f.id: f for f in symbols.functions}
    out = set()
    for f in symbols.functions:
        owner = f
        while owner is not None and owner.owner is None and owner.parent is not None:
            owner = by_id.get(owner.parent)
        wired = fields.get(owner.owner) if owner is not None else None
        if wired and any(c.callee.kind == "this" and c.callee.target in wired
                         and (c.transaction is not None or f.id in handed) for c in f.calls):
            out.add(owner.owner)
    return out
