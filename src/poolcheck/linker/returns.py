"""What project functions return: a package's client (the binder's `bind_returned`).

A function returns a package's client when it builds one and returns it
(`Effects.returns_package`, the front-end's reading), or returns the result of a call that
does: a project function that returns one, a package class's constructor
(`httpx.AsyncClient()`), or a package's client factory (`axios.create()`,
`boto3.client("s3")`, `vocabulary.slow.CLIENT_FACTORIES`). To a fixed point over the
returns, so factories of factories and cycles are handled.
"""

from __future__ import annotations

from collections import deque

from ..vocabulary.slow import CLIENT_FACTORIES, CLIENT_FACTORY_CALLS
from ..symbols import CalleeRef
from .graph import Target


def returned_packages(graph) -> dict:
    """NodeId -> the package-qualified client it returns ("stripe", "httpx.AsyncClient")."""
    out: dict = {}
    pending: dict = {}   # node -> the NodeIds of the project functions whose result it returns
    for node, f in graph.functions.items():
        e = f.effects
        if e.returns_package:
            out[node] = e.returns_package
            continue
        spans = (*e.returns_calls, *getattr(e, "returns_held", ()))
        for span in spans:
            t = graph.bound.get((node[0], span))
            if t is None:
                continue
            if t.kind == "external":
                package = client_of(t.name)
                if package:
                    out[node] = package
                    break
            elif t.kind == "function" and (t.path, t.name) in graph.functions:
                pending.setdefault(node, []).append((t.path, t.name))
    return _through_returns(out, pending)


def returned_clients(graph) -> dict:
    """NodeId -> the Target ("client-query") of the client a class keeps in a static field
    that it returns (`Effects.returns_client`: `static getInstance() { return this.instance
    }`), or that a function whose result it returns does (`const db = () => X.getInstance()`)."""
    out: dict = {}
    pending: dict = {}
    for node, f in graph.functions.items():
        name = f.effects.returns_client
        if name:
            out[node] = Target("client-query", node[0], name)
            continue
        _note_returned_calls(graph, node, f, pending)
    return _through_returns(out, pending) if out else out


def returned_classes(graph, binder) -> dict:
    """NodeId -> the Target of the project's class it returns an instance of
    (`Effects.returns_class` bound to a class, or the result of a function that returns one:
    `export const mailer = () => getMailer()`)."""
    out: dict = {}
    pending: dict = {}
    for node, f in graph.functions.items():
        e = f.effects
        ref = getattr(e, "returns_class", None)
        cls = binder.callee_class(node[0], ref) if ref is not None else None
        if cls is not None:
            out[node] = cls
            continue
        _note_returned_calls(graph, node, f, pending)
    return _through_returns(out, pending) if out else out


def returned_objects(graph) -> dict:
    """NodeId -> {member name: NodeId} of the object literal of methods it returns
    (`Effects.returns_object`), or that a function whose result it returns does."""
    out: dict = {}
    pending: dict = {}
    for node, f in graph.functions.items():
        members = f.effects.returns_object
        if members:
            out[node] = {name: (node[0], fid) for name, fid in members if (node[0], fid) in graph.functions}
            continue
        _note_returned_calls(graph, node, f, pending)
    return _through_returns(out, pending) if out else out


def _note_returned_calls(graph, node, f, pending: dict) -> None:
    """`pending[node]`: the project functions whose result `node` returns (`return f()`)."""
    for span in f.effects.returns_calls:
        t = graph.bound.get((node[0], span))
        if t is not None and t.kind == "function" and (t.path, t.name) in graph.functions:
            pending.setdefault(node, []).append((t.path, t.name))


def _through_returns(out: dict, pending: dict) -> dict:
    """`out` grown to a fixed point: a function returning the result of one in `out`
    returns what that one does (factories of factories; cycles end)."""
    if not pending:
        return out
    waiting: dict = {}
    for node, callees in pending.items():
        for callee in callees:
            waiting.setdefault(callee, []).append(node)
    work = deque(n for n in sorted(out) if n in waiting)
    while work:
        callee = work.popleft()
        for node in waiting.get(callee, ()):
            if node not in out:
                out[node] = out[callee]
                work.append(node)
    return out


def client_of(name: str) -> str | None:
    """`httpx.AsyncClient.__init__` -> "httpx.AsyncClient"; `axios.create` and
    `admin.messaging` (`vocabulary.slow.CLIENT_FACTORY_CALLS`) -> themselves; a package
    call that builds no client (`fetch`, `axios.get`) -> None."""
    if name.endswith(".__init__"):
        return name[: -len(".__init__")]
    last = name.rsplit(".", 1)[-1]
    return name if last in CLIENT_FACTORIES or name in CLIENT_FACTORY_CALLS else None


def returned_calls(graph, binder) -> tuple[dict, list]:
    """Calls on what a project function returns or a `new` builds.

    - (path, call span) -> the Target of the package method it calls, for methods of what
      a project function returns (`stripeSDK().charges.create()`, `const c = getClient();
      c.request()`, a module-level `const s = makeStripe()`): when that function returns a
      package's client, built there or by a function it returns the result of, the call is
      that package's method (`stripe.charges.create`), for the known-library lists; or the
      Prisma client a class keeps in a static field, when the function hands that out
      (`PrismaClientInstance.getInstance().user.findMany()`: a query on that client);
    - (path, caller FunctionId or None, site, Target) for methods of an instance of the
      project's own class (`getMailer().send()`, `Payments.getInstance().charge()`, `new
      Mailer().send()`) or of an object literal a project function returns (`const buzz =
      createBuzzClient(); buzz.createTransaction()`): the method, for the binder to record
      as an edge."""
    out = {}
    methods = []
    packages = returned_packages(graph)
    classes = returned_classes(graph, binder)
    objects = returned_objects(graph)
    clients = returned_clients(graph)
    for path in sorted(graph.modules):
        m = graph.modules[path]
        built = None
        for fn, sites in [(None, m.module_calls), *((f, f.calls) for f in m.functions)]:
            for site in sites:
                ref = site.callee
                if ref.call is None:   # a name another module holds a call's result in
                    inner = _held_call(graph, binder, path, site)
                    if inner is None:
                        continue
                elif ref.kind not in ("returned", "name") or ref.kind == "name" and (path, site.span) in graph.bound:
                    continue
                else:
                    inner = graph.bound.get((path, ref.call))
                fnode = (inner.path, inner.name) if inner is not None and inner.kind == "function" else None
                chosen = _chosen_client(graph, binder, path, fn, site, fnode) if fnode is not None else \
                    _chosen_by_overrides(graph, binder, path, fn, site) if inner is None and fn is not None else None
                if chosen is not None:   # `this.getModel(tx).findFirst()` without a `tx`: the shared client
                    out[(path, site.span)] = chosen
                    continue
                package = packages.get(fnode) if fnode is not None \
                    else client_of(inner.name) if inner is not None and inner.kind == "external" else None
                if package:
                    out[(path, site.span)] = Target("external", "", ".".join((package, *ref.path)))
                    continue
                if fnode in clients and ref.path:
                    out[(path, site.span)] = clients[fnode]
                    continue
                cls = classes.get(fnode) if fnode is not None else None
                if cls is None and ref.kind == "returned" and ref.path:   # `new Mailer().send()`
                    if built is None:
                        built = _constructions(m)
                    made = built.get(ref.call)
                    cls = binder.callee_class(path, made) if made is not None else None
                target = binder.member(cls, ref.path) if cls is not None and ref.path else None
                if target is None and fnode in objects and len(ref.path) == 1:
                    member = objects[fnode].get(ref.path[0])
                    target = Target("function", *member) if member is not None else None
                if target is not None and target.kind == "function":
                    methods.append((path, fn.id if fn is not None else None, site, target))
    return out, methods


def _chosen_client(graph, binder, path: str, fn, site, fnode):
    """The shared client (a "client-query" Target) a query on what `fnode` returns runs on
    when the function returns `tx ? tx.bill : this.prisma.bill` (`Effects.returns_choice`)
    and the caller passes no `tx`: always when the call leaves it out, only without the
    caller's own parameter when it hands that on (the site's unless_param, `graph.placed`)."""
    from dataclasses import replace

    choice = graph.functions[fnode].effects.returns_choice
    if choice is None or fn is None or site.callee.kind != "returned":
        return None
    index, shared = choice
    call = next((c for c in fn.calls if c.span == site.callee.call), None)
    arg = call.args[index] if call is not None and index < len(call.args) else None
    if arg is not None and arg.kind not in ("absent", "param"):
        return None   # handed `tx` or anything else: not the shared client
    if shared.kind == "param":   # `getClient(prisma, tx)`: the client this call hands it
        handed = call.args[int(shared.target)] if call is not None and int(shared.target) < len(call.args) else None
        if handed is None or handed.kind not in ("outer-client", "other") or not handed.name:
            return None   # (an imported name the file cannot tell is a client: bound below)
        ref = CalleeRef("name", handed.name, tuple(site.callee.path), shared.written)
        target = binder.call(path, fn, replace(site, callee=ref))
    else:
        ref = replace(shared, path=(*shared.path, *site.callee.path))
        target = binder.call(fnode[0], graph.functions[fnode], replace(site, callee=ref))
    if target is None or target.kind != "client-query":
        return None
    graph.placed[(path, site.span)] = replace(site, callee=ref, query=True, unless_param=arg.index if arg is not None and
                                              arg.kind == "param" else None)
    return target


def _chosen_by_overrides(graph, binder, path: str, fn, site):
    """`this.getModel(tx).findFirst()` in a base class that declares `getModel` abstract:
    the shared client when every subclass's `getModel` returns the same choice of client
    (`tx ? tx.bill : this.prisma.bill`, each on the one injected client), else None."""
    call = next((c for c in fn.calls if c.span == site.callee.call), None) if site.callee.kind == "returned" else None
    if call is None or call.callee.kind != "this" or call.callee.target or len(call.callee.path) != 1:
        return None
    owner = binder._this_owner(path, fn)
    base = Target("class", path, owner) if owner is not None else None
    found = set()
    for p in sorted(graph.modules) if base is not None else ():
        for cls in graph.modules[p].classes:
            if any(binder.callee_class(p, b) == base for b in cls.bases):
                method = binder.method(Target("class", p, cls.name), call.callee.path[0])
                node = (method.path, method.name) if method is not None and method.kind == "function" else None
                got = _chosen_client(graph, binder, path, fn, site, node) if node in graph.functions else None
                if got is None:
                    return None   # one override that does not choose so: nothing is known
                found.add(got)
    return found.pop() if len(found) == 1 else None


def _held_call(graph, binder, path: str, site):
    """What the call bound to a module-level name of another module holds returns is
    bound to (`import { buzz } from "./buzz"` of `export const buzz = createBuzzClient()`),
    for a call on that name the binder left unbound."""
    ref = site.callee
    if ref.kind not in ("import", "name") or not ref.path or (path, site.span) in graph.bound:
        return None
    held = binder.local(path, ref.target)
    if held is None or held.kind != "held":
        return None
    span = binder.held_span(held)
    inner = graph.bound.get((held.path, span)) if span is not None else None
    if inner is not None and inner.kind == "external" and any(
            c.span == span and c.callee.kind == "import" and not c.callee.path
            for c in graph.modules[held.path].module_calls):
        # the package's own function called (`Omise({...})`, `twilio(sid, token)`): it
        # builds the package's client, as a construction would
        return Target("external", "", inner.name + ".__init__")
    return inner


def _constructions(symbols) -> dict:
    """call span -> the class a `new X()` site builds, as the file names it."""
    from dataclasses import replace

    out = {}
    for sites in [symbols.module_calls, *(f.calls for f in symbols.functions)]:
        for site in sites:
            if site.callee.path[-1:] == ("__init__",):
                out[site.span] = replace(site.callee, path=site.callee.path[:-1])
    return out
