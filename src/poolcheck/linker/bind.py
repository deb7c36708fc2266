"""Binding: imports to modules, names to definitions, call sites to functions.

A `Target` (linker.graph) is what a name stands for once the imports are followed: a function, an object
of functions, a module instance of a class, a class, a client, a whole module (namespace),
or a package outside the project (`External`). `export *` chains and barrels are followed
with a visited set; a cycle yields None (unresolved), never a guess.
"""

from __future__ import annotations

from typing import Mapping

from ..symbols import CallSite, CalleeRef, ClassInfo, Function, Import, ModuleSymbols
from ..vocabulary.clients import JS_TRANSACTION
from .client_classes import extends_client, wraps_client, model_query
from .graph import Edge, Graph, Target
from .markers import marker_uses
from .modules import ModuleIndex, resolver_for
from .returns import returned_calls
from .runners import runner_edges
from .factories import factory_param
from .supers import wired_class
from .wiring import implementer, interface_call

class Binder:
    def __init__(self, modules: Mapping[str, ModuleSymbols], index: ModuleIndex):
        self.modules = modules
        self.index = index
        self._resolvers: dict[str, object] = {}
        self._resolved: dict[tuple[str, str, int], str | None] = {}
        self._tables: dict[str, dict] = {}
        self._providers: dict | None = None   # (app root, name) -> the server/utils/ module
        self._wired: dict | None = None       # class -> its module-level constructions: wiring.py
        self._built: dict | None = None       # class -> the arguments of its constructions in functions
        self._implementers: dict | None = None   # interface name -> the classes implementing it
        self._subclasses: dict | None = None  # class -> the classes extending it: supers.py
        self._factory_calls: dict | None = None   # function -> the call sites calling it: factories.py

    # -- imports -----------------------------------------------------------------
    def resolve_import(self, path: str, imp: Import) -> str | None:
        key = (path, imp.specifier, imp.level)
        if key not in self._resolved:
            eco = self.modules[path].ecosystem
            if eco not in self._resolvers:
                self._resolvers[eco] = resolver_for(eco, self.index)
            resolver = self._resolvers[eco]
            target = resolver.resolve(path, imp) if resolver is not None else None
            self._resolved[key] = target if target in self.modules else None
        return self._resolved[key]

    def resolve_submodule(self, path: str, imp: Import) -> str | None:
        """A resolver that knows submodules (Python) names one for `from pkg import name`."""
        self.resolve_import(path, imp)   # creates the ecosystem's resolver
        resolver = self._resolvers.get(self.modules[path].ecosystem)
        find = getattr(resolver, "submodule", None)
        target = find(path, imp) if find is not None else None
        return target if target in self.modules else None

    # -- names -------------------------------------------------------------------
    def _table(self, path: str) -> dict:
        table = self._tables.get(path)
        if table is None:
            m = self.modules[path]
            table = {"fn": {}, "obj": {}, "inst": {}, "cls": {}, "imp": {}, "alias": dict(m.aliases)}
            for f in m.functions:
                if f.parent is None and f.owner is None and f.name:
                    table["fn"].setdefault(f.name, f.id)
            for o in m.objects:
                table["obj"][o.name] = o
            for i in m.instances:
                table["inst"][i.name] = i
            for c in m.classes:
                table["cls"][c.name] = c
            for imp in m.imports:
                if imp.local and imp.how != "type":
                    table["imp"][imp.local] = imp
            table["client"] = set(m.client_bindings)
            table["marker"] = {r.alias for r in m.registrations if r.alias}
            table["held"] = dict(m.held)
            self._tables[path] = table
        return table

    def local(self, path: str, name: str, seen: frozenset = frozenset()) -> Target | None:
        """What a module-level name of `path` stands for."""
        if (path, name) in seen or len(seen) > 64:
            return None
        seen = seen | {(path, name)}
        t = self._table(path)
        if name in t["marker"]:   # `DB = Depends(get_db)`, not an instance of Depends: markers.py
            return Target("marker", path, name)
        if name in t["fn"]:
            return Target("function", path, t["fn"][name])
        if name in t["obj"]:
            return Target("object", path, name)
        if name in t["inst"]:
            return Target("instance", path, name)
        if name in t["cls"]:
            return Target("class", path, name)
        if name in t["client"]:
            return Target("client", path, name)
        if name in t["alias"]:
            return self.local(path, t["alias"][name], seen)
        if name in t["held"]:   # what the call returns: linker.returns, after the binding
            return Target("held", path, name)
        imp = t["imp"].get(name)
        if imp is not None:
            sub = self.resolve_submodule(path, imp)
            if sub is not None:   # Python `from app import db`: the module app/db.py
                return Target("module", sub, "")
            target = self.resolve_import(path, imp)
            if target is None:
                return Target("external", "", imp.specifier if imp.imported in ("*", "default")
                              else f"{imp.specifier}.{imp.imported}")
            if imp.imported == "*":
                whole = self._module_value(target, seen) if imp.how == "require" else None
                return whole or Target("module", target, "")
            return self.exported(target, imp.imported, seen)
        if "." in name:   # `module.exports.send`: a member of a local object
            head, last = name.rsplit(".", 1)
            return self.member(self.local(path, head, seen), (last,))
        return None

    def held_span(self, target: Target):
        """The span of the call whose result a "held" Target's name holds."""
        return self._table(target.path)["held"].get(target.name)

    def exported(self, path: str, name: str, seen: frozenset = frozenset()) -> Target | None:
        """What `path` exports as `name`, through re-exports and `export *`."""
        if (path, "export:" + name) in seen or len(seen) > 64:
            return None
        seen = seen | {(path, "export:" + name)}
        m = self.modules[path]
        stars = []
        for e in m.exports:
            if e.name == "*" and e.source is not None:
                stars.append(e)
                continue
            if e.name != name:
                continue
            if e.source is None:
                return self.local(path, e.local or name, seen)
            src = self.resolve_import(path, Import(local="", specifier=e.source, imported=e.imported or name))
            if src is None:
                return Target("external", "", e.source)
            if e.imported == "*":
                return Target("module", src, "")
            return self.exported(src, e.imported or name, seen)
        if m.exports_all or name == "default" and not m.exports:
            found = self.local(path, name, seen)
            if found is not None:
                return found
        if name == "default":
            return None
        hits = []
        for e in stars:
            src = self.resolve_import(path, Import(local="", specifier=e.source or "", imported="*"))
            if src is not None:
                hit = self.exported(src, name, seen)
                if hit is not None:
                    hits.append(hit)
        return hits[0] if len(set(hits)) == 1 else None

    # -- members -----------------------------------------------------------------
    def member(self, target: Target | None, path: tuple[str, ...]) -> Target | None:
        for i, segment in enumerate(path):
            if target is None:
                return None
            if target.kind == "module":
                found = self.exported(target.path, segment)
                if found is None and self._commonjs(target.path):
                    # `const mailer = require("./mailer")`: the module is its `module.exports`
                    found = self.member(self.exported(target.path, "default"), (segment,))
                target = found
                if target is not None and target.kind == "client-query":
                    return target   # `db.user.count` of `const db = require("./prisma")`
            elif target.kind == "object":
                obj = self._table(target.path)["obj"][target.name]
                fid = dict(obj.members).get(segment)   # or an instance (`{ users: new UserRepo() }`)
                target = Target("function", target.path, fid) if fid else self.local(target.path, f"{target.name}.{segment}")
            elif target.kind == "instance":
                inst = self._table(target.path)["inst"][target.name]
                cls = self.callee_class(target.path, inst.cls)
                # of a package's class (`new S3()`): that package's methods, for the known-library
                # lists; of a project class: its method, or the class a field holds (`services.notes.count()`)
                target = (self.method(cls, segment) or (self.injection(cls.path, cls.name, segment)
                          if i + 1 < len(path) else None)) if cls is not None else \
                    self._external_class(target.path, inst.cls, segment)
            elif target.kind == "class":
                found = self.method(target, segment)
                on_client = model_query(path[i:]) or path[i:] == (JS_TRANSACTION,)
                if on_client and (found is None and extends_client(self, target) or wraps_client(self, target)):
                    # `this.prisma.user.update` of an injected `PrismaService extends PrismaClient`
                    # (its `$transaction`: the transaction's client, for PC202's "another client")
                    return Target("client-query", target.path, target.name)
                target = found
            elif target.kind == "client":   # `prisma.user.findMany`: a query on a client
                return Target("client-query", target.path, target.name)
            elif target.kind == "external":
                target = Target("external", "", f"{target.name}.{segment}")
            else:
                return None
        return target

    def _auto_import(self, path: str, name: str) -> Target | None:
        from ..vocabulary.frameworks_js import auto_import_root

        if self._providers is None:
            self._providers = {}
            for p in sorted(self.modules):
                root = auto_import_root(p, provider=True)
                if root is not None:
                    for e in self.modules[p].exports:
                        self._providers.setdefault((root, e.name), p)
        root = auto_import_root(path)
        provider = self._providers.get((root, name)) if root is not None else None
        return self.exported(provider, name) if provider is not None and provider != path else None

    def _module_value(self, path: str, seen: frozenset) -> Target | None:
        """`const GetFeature = require("./GetFeatures")` of a module that ends with
        `module.exports = GetFeature`: the class (function, instance) itself, so
        `new GetFeature()` and `GetFeature()` bind; any other module stays a module."""
        for e in self.modules[path].exports:
            if e.name == "default" and e.source is None and e.local and e.local != "module.exports":
                found = self.local(path, e.local, seen)
                return found if found is not None and found.kind in ("class", "function", "instance") else None
        return None

    def _commonjs(self, path: str) -> bool:
        return any(e.name == "default" and e.local == "module.exports" for e in self.modules[path].exports)

    def callee_class(self, path: str, ref: CalleeRef) -> Target | None:
        base = self.local(path, ref.target) if ref.kind in ("import", "name", "local") else None
        base = self.member(base, ref.path) if ref.path else base
        return base if base is not None and base.kind == "class" else None

    def _external_class(self, path: str, ref: CalleeRef, segment: str) -> Target | None:
        if ref.kind == "external" and ref.external:
            return Target("external", "", f"{ref.external}.{segment}")
        base = self.local(path, ref.target) if ref.kind in ("import", "name") else None
        base = self.member(base, ref.path) if ref.path and base is not None else base
        return Target("external", "", f"{base.name}.{segment}") \
            if base is not None and base.kind == "external" else None

    def method(self, cls: Target | None, name: str, depth: int = 0) -> Target | None:
        if cls is None or cls.kind != "class" or depth > 8:
            return None
        info: ClassInfo = self._table(cls.path)["cls"][cls.name]
        fid = dict(info.methods).get(name)
        if fid:
            return Target("function", cls.path, fid)
        for base in info.bases:
            found = self.method(self.callee_class(cls.path, base), name, depth + 1)
            if found is not None:
                return found
        return None

    def injection(self, path: str, owner: str | None, fieldname: str, depth: int = 0) -> Target | None:
        """`this.<field>` of class `owner`: the class of its constructor injection (its own, or
        a base class's: `constructor(protected readonly prisma: PrismaService)` of a
        `BaseRepository` the repository extends)."""
        if owner is None or depth > 8:
            return None
        info = self._table(path)["cls"].get(owner)
        if info is None:
            return None
        if fieldname not in dict(info.injections) and fieldname not in dict(info.param_fields):
            for cls in filter(None, (self.callee_class(path, base) for base in info.bases)):
                if (found := self.injection(cls.path, cls.name, fieldname, depth + 1)) is not None:
                    return found
        ref = dict(info.injections).get(fieldname)
        cls = self.callee_class(path, ref) if ref is not None else None
        # `constructor(repo) { this.repo = repo }`, or a type that is no class (an interface):
        # the class of what module-level code constructs it with, else the one class of the
        # project that implements that interface (NestJS's `@Inject(TOKEN) repo: IRepo`)
        if cls is not None:
            return cls
        return wired_class(self, path, owner, fieldname) or (implementer(self, path, owner, ref) if ref is not None else None)

    def _injected_external(self, path: str, owner: str | None, fieldname: str) -> Target | None:
        """`this.<field>` of class `owner` holding a package's object: a field built from a
        package class or client factory (`private s3 = new S3Client()`, `self.http =
        httpx.AsyncClient()`, `nodemailer.createTransport()`), or a package class injected."""
        info = self._table(path)["cls"].get(owner) if owner is not None else None
        ref = dict(info.injections).get(fieldname) if info is not None else None
        if ref is None or ref.kind not in ("import", "name"):
            return None
        base = self.member(self.local(path, ref.target), ref.path)
        # a package's object, or a field aliasing a module's instance, object of functions
        # or client (`this.s3Client = s3Client` of `import { s3Client } from "./s3"`)
        return base if base is not None and base.kind in ("external", "instance", "object", "client") else None

    # -- call sites --------------------------------------------------------------
    def _this_owner(self, path: str, fn: Function) -> str | None:
        """The class `this` means in `fn`: an arrow function sees its enclosing method's."""
        table = self._table(path)
        if "by_id" not in table:
            table["by_id"] = {f.id: f for f in self.modules[path].functions}
        while fn.kind == "arrow" and fn.parent is not None and fn.owner is None:
            parent = table["by_id"].get(fn.parent)
            if parent is None:
                break
            fn = parent
        return fn.owner

    def call(self, path: str, fn: Function | None, site: CallSite) -> Target | None:
        ref = site.callee
        if ref.kind == "local":
            return Target("function", path, ref.target)
        if ref.kind in ("name", "import"):   # (or a parameter typed by an interface: `repo: NoteRepo`)
            return self.member(self.local(path, ref.target), ref.path) or interface_call(self, path, ref)
        if ref.kind == "this" and fn is not None:
            owner = self._this_owner(path, fn)
            if not ref.target:
                return self.method(Target("class", path, owner), ref.path[0]) \
                    if owner in self._table(path)["cls"] and ref.path else None
            cls = self.injection(path, owner, ref.target)
            if cls is None and ref.path:   # `this.s3 = new S3Client()`: a package's client
                ext = self._injected_external(path, owner, ref.target)
                if ext is not None and ext.kind != "external":
                    return self.member(ext, ref.path)
                return Target("external", "", ".".join((ext.name, *ref.path))) if ext is not None else None
            return self.member(cls, ref.path) if cls is not None and ref.path else None
        if ref.kind == "closure":   # `client.note.create()` of `makeNoteService(client)`
            return factory_param(self, path, ref)
        if ref.kind == "global":   # Nitro's auto-imports: what server/utils/ exports
            return self.member(self._auto_import(path, ref.target), ref.path)
        if ref.kind in ("external", "returned") and ref.external:
            # "returned": the front-end's own reading until `bind_returned` knows better
            return Target("external", "", ref.external)
        return None


def bind(modules: Mapping[str, ModuleSymbols], index: ModuleIndex) -> Graph:
    binder = Binder(modules, index)
    graph = Graph(modules=modules)
    for path in sorted(modules):
        for f in modules[path].functions:
            graph.functions[(path, f.id)] = f
    for path in sorted(modules):
        m = modules[path]
        for f in m.functions:
            node = (path, f.id)
            for site in f.calls:
                target = binder.call(path, f, site)
                _record(graph, node, site, target, path)
        for site in m.module_calls:
            target = binder.call(path, None, site)
            _record(graph, None, site, target, path)
        for reg in m.registrations:
            target = binder.member(binder.local(path, reg.target.target), reg.target.path) \
                if reg.target.kind in ("import", "name") else None
            if target is not None and target.kind in ("class", "instance"):
                # a class registered as a dependency is called per request (its `__init__`
                # runs), an instance of one is (its `__call__` runs)
                target = binder.member(target, ("__init__" if target.kind == "class" else "__call__",))
            if target is not None and target.kind == "function" and (target.path, target.name) in graph.functions:
                graph.registrations.append((path, reg, (target.path, target.name)))
    marker_uses(graph, binder, modules)   # `db: DbDep`: the marker's dependency, for the route
    packaged, methods = returned_calls(graph, binder)
    for key, target in packaged.items():   # `stripeSDK().charges.create()`, `X.getInstance().user.count()`
        graph.bound[key] = target
    for path, fid, site, target in methods:   # `getMailer().send()`: the project's method
        _record(graph, (path, fid) if fid is not None else None, site, target, path)
    runner_edges(graph)   # `withRetries(async () => fetch(url))`: the argument runs there
    graph.binder = binder  # type: ignore[attr-defined]
    return graph


def _record(graph: Graph, node, site: CallSite, target: Target | None, path: str) -> None:
    if target is None:
        return
    graph.bound[(path, site.span)] = target
    if target.kind != "function" or (target.path, target.name) not in graph.functions:
        return
    callee = (target.path, target.name)
    if site.keywords:
        site = _placed_keywords(site, graph.functions[callee].params)
        graph.placed[(path, site.span)] = site
    if node is None:
        graph.module_edges.append(Edge((path, ""), callee, site))
        return
    edge = Edge(node, callee, site)
    graph.edges.setdefault(node, []).append(edge)
    graph.callers.setdefault(callee, []).append(edge)


def _placed_keywords(site: CallSite, params: tuple[str, ...]) -> CallSite:
    """Keyword arguments at the positions of the callee's parameters of those names."""
    from dataclasses import replace

    from ..symbols import Arg

    args = list(site.args)
    for name, arg in site.keywords:
        if name in params:
            i = params.index(name)
            args.extend(Arg("absent") for _ in range(i + 1 - len(args)))  # not passed
            args[i] = arg
    return replace(site, args=tuple(args))

