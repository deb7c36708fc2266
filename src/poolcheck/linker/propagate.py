"""Propagation over the call graph: scope downwards, effects upwards, to a fixed point.

Scope: a function called from request scope is per-request, whichever module it lives in
(handlers.md). Breadth-first from the seeds in (path, span) order, so the chain kept is
the shortest and the result does not depend on the order of the files. A function with a
mark of its own (a handler, a start-up hook, a test) keeps it; a memoised function is
process scope whoever calls it; a visited set ends cycles; there is no depth limit.

Effects: a function leaves the process if it calls a known slow library or awaits a
function that does (a fire-and-forget call does not hold anyone up); it queries through
an outer client if it does so itself, calls a function that does, or hands an outer
client to a parameter its callee queries through; it queries through its parameter `i`
if it does, or passes `i` on to a callee that does; it returns a fresh client if it
builds one per call and returns it, or returns the result of a function that does.
All monotone (sets only grow), so a worklist reaches the fixed point, cycles included.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from ..facts import Scope, ScopeKind
from ..symbols import NESTED_TRANSACTION
from ..vocabulary.clients import JS_TRANSACTION
from ..vocabulary.frameworks_py import SCRIPT_ENTRY
from ..vocabulary.layout import health_route
from .graph import Graph, NodeId

Step = tuple[str, object, str]     # (module path, span, message): a Related before display paths


@dataclass(frozen=True)
class Reach:
    """How request scope reaches a function: the seed's scope and file, the call chain."""

    seed: Scope
    seed_path: str
    chain: tuple[Step, ...]


@dataclass(frozen=True)
class Witness:
    chain: tuple[Step, ...]
    reason: str
    # outer queries: the client as written where it is queried, and its identity when the
    # linker bound it ((module path, name) of the client binding), else None
    client: str | None = None
    client_id: tuple[str, str] | None = None


@dataclass
class Effects:
    fresh: Witness | None = None
    leaves: Witness | None = None
    outer: Witness | None = None
    # every client it queries unconditionally, first witness each (a helper reading the
    # replica and writing the primary: the transaction's own client decides the finding)
    outer_by_client: dict[object, Witness] = field(default_factory=dict)
    # outer queries reached only when parameter k is absent (`tx ? tx.x.find() : getTeam()`)
    outer_unless: dict[int, Witness] = field(default_factory=dict)
    params: dict[object, Witness] = field(default_factory=dict)   # index, or (index, member)


@dataclass
class Result:
    reach: dict[NodeId, Reach] = field(default_factory=dict)
    effects: dict[NodeId, Effects] = field(default_factory=dict)
    # functions a loop calls once per iteration (at any depth, in any module): the chain
    # from the call in the loop's body down to the function (PC106)
    loops: dict[NodeId, tuple[Step, ...]] = field(default_factory=dict)


PER_REQUEST = (ScopeKind.REQUEST, ScopeKind.EDGE_REQUEST)
# When several seeds could reach a function, which kind wins (one table for every language).
PRECEDENCE = {ScopeKind.REQUEST: 0, ScopeKind.EDGE_REQUEST: 1}
# what a method calls its own object, per ecosystem: `this.prisma`, `self.db`
_SELF = {"js": "this", "python": "self"}


def propagate(graph: Graph) -> Result:
    result = Result()
    _scopes(graph, result)
    _loops(graph, result)
    _effects(graph, result)
    return result


def who(graph: Graph, node: NodeId, depth: int = 0) -> str:
    """A function as its reader names it, quoted: `createOrder`, `Svc.charge`; a function
    without a name by what it is: the route it handles (`GET /users`, its scope's name), the
    default export, or a callback in the function around it."""
    f = graph.functions.get(node)
    if f is None:
        return "the handler"
    if f.qualname and not f.qualname.startswith("<") and f.qualname != "default":
        return f"`{f.qualname}`"
    if f.direct_scope is not None and f.direct_scope.name and f.direct_scope.name != "default":
        return f"`{f.direct_scope.name}`"
    if f.qualname == "default":
        return "the default export"
    if f.parent is not None and depth < 8:
        return f"a callback in {who(graph, (node[0], f.parent), depth + 1)}"
    return "a callback"


def _scopes(graph: Graph, result: Result) -> None:
    children: dict[NodeId, list[NodeId]] = {}
    for (path, fid), f in graph.functions.items():
        if f.parent is not None:
            children.setdefault((path, f.parent), []).append((path, fid))
    seeds: list[tuple[tuple, NodeId, Reach]] = []
    for node, f in graph.functions.items():
        s = f.direct_scope
        if s is not None and s.kind in PER_REQUEST:
            seeds.append(((PRECEDENCE[s.kind], node[0], f.span), node, Reach(s, node[0], ())))
    for path, reg, node in graph.registrations:
        if reg.scope.kind in PER_REQUEST:
            seeds.append(((PRECEDENCE[reg.scope.kind], path, reg.span), node,
                          Reach(reg.scope, path, (registered_here(path, reg),))))
    seeds.sort(key=lambda s: (s[0][0], s[0][1], s[0][2].line, s[0][2].col))
    # health-check routes (by file or by route path) last: a helper an ordinary route
    # reaches is judged by that route (PC105's exemption is for the health check's own
    # connect), whichever is nearer
    health = [s for s in seeds if _health(s)]
    _spread(graph, result, children, [s for s in seeds if not _health(s)])
    _spread(graph, result, children, health)


def registered_here(path: str, reg, also: bool = False) -> Step:
    """The step a registration adds to a chain: "`get_db` is registered as a dependency
    here", with ", by `list_users` through `DbDep`" for a function that takes it by a
    marker's name (linker.markers). `also`: one more after the first ("also registered
    per request here")."""
    what = "a dependency" if "dependency" in (reg.scope.framework or "") else "a handler"
    by = f", by `{reg.scope.name}` through `{reg.alias}`" if reg.alias and reg.scope.name else ""
    said = "also registered per request" if also else f"`{reg.target.written}` is registered as {what}"
    return path, reg.span, f"{said} here{by}"


def _health(seed) -> bool:
    (_, path, _), _, reach = seed
    return reach.seed.health or health_route(path)


def _spread(graph: Graph, result: Result, children, seeds) -> None:
    """Breadth-first from the seeds, into the functions no earlier seed reached."""
    queue: deque[NodeId] = deque()
    for _, node, reach in seeds:
        f = graph.functions[node]
        own = f.direct_scope
        if node in result.reach or own is not None and own.kind not in PER_REQUEST \
                and own.kind is not ScopeKind.FUNCTION:
            continue
        if own is None or own.kind is ScopeKind.FUNCTION:
            result.reach[node] = reach      # a registration from another module
        else:
            result.reach[node] = Reach(own, node[0], ())
        queue.append(node)
    while queue:
        node = queue.popleft()
        reach = result.reach[node]
        for child in children.get(node, ()):
            if child not in result.reach and _open(graph, child):
                result.reach[child] = reach
                queue.append(child)
        for edge in graph.edges.get(node, ()):
            callee = edge.callee
            if callee in result.reach or not _open(graph, callee) or edge.site.memoised:
                continue
            written = edge.site.callee.written or graph.functions[callee].qualname
            step = (node[0], edge.site.span, f"{who(graph, node)} calls `{written}` here")
            result.reach[callee] = Reach(reach.seed, reach.seed_path, reach.chain + (step,))
            queue.append(callee)


def _loops(graph: Graph, result: Result) -> None:
    """Loop reach: breadth-first from the calls in loop bodies (a `for`, a comprehension, an
    iterating callback), down every call that is not memoised, into functions that are not
    memoised; tests are left alone (PC106 does not judge them)."""
    queue: deque[NodeId] = deque()
    starts = [e for edges in graph.edges.values() for e in edges] + list(graph.module_edges)
    starts.sort(key=lambda e: (e.caller[0], e.site.span.line, e.site.span.col))
    for edge in starts:
        if not edge.site.in_loop or edge.site.memoised or edge.callee in result.loops:
            continue
        caller = graph.functions.get(edge.caller)
        if caller is not None and caller.direct_scope is not None \
                and caller.direct_scope.kind is ScopeKind.TEST or not _loop_open(graph, edge.callee):
            continue
        written = edge.site.callee.written or graph.functions[edge.callee].qualname
        caller_is = who(graph, edge.caller) if caller is not None else "the module"
        result.loops[edge.callee] = ((edge.caller[0], edge.site.span,
                                      f"{caller_is} calls `{written}` in a loop here"),)
        queue.append(edge.callee)
    while queue:
        node = queue.popleft()
        chain = result.loops[node]
        for edge in graph.edges.get(node, ()):
            callee = edge.callee
            if callee in result.loops or edge.site.memoised or not _loop_open(graph, callee):
                continue
            written = edge.site.callee.written or graph.functions[callee].qualname
            result.loops[callee] = chain + ((node[0], edge.site.span,
                                             f"{who(graph, node)} calls `{written}` here"),)
            queue.append(callee)


def _loop_open(graph: Graph, node: NodeId) -> bool:
    f = graph.functions[node]
    return not f.memoised and (f.direct_scope is None or f.direct_scope.kind is not ScopeKind.TEST)


def _open(graph: Graph, node: NodeId) -> bool:
    """Whether request scope may flow into a function: no mark of its own (or only that of a
    script entry, `asyncio.run(f())` under `__main__`: imported, it is an ordinary function),
    not memoised."""
    f = graph.functions[node]
    s = f.direct_scope
    return not f.memoised and (s is None or s.kind is ScopeKind.FUNCTION
                               or s.kind is ScopeKind.SCRIPT and s.framework == SCRIPT_ENTRY)


def _effects(graph: Graph, result: Result) -> None:
    from .slow import slow_reason

    effects = result.effects
    for node, f in graph.functions.items():
        path = node[0]
        e = Effects()
        local = f.effects
        if local.returns_fresh and not f.memoised and local.constructs:
            e.fresh = Witness(((path, local.constructs[0], "a new client is built here on every call"),),
                              "builds a client per call")
        sites = {c.span: c for c in f.calls} if local.outer_queries else {}
        for span in local.outer_queries:   # every client it queries (first query each)
            site = sites.get(span)
            client = _client_text(site.callee) if site is not None else None
            if site is not None and site.callee.path[-1:] == (JS_TRANSACTION,):
                # a transaction of its own on the shared client: a second connection
                what = f"{NESTED_TRANSACTION} on the shared client"
            else:
                what = "queries the shared client"
            w = Witness(((path, span, f"{what} here"),), f"{what} `{client}`" if client else what, client)
            if site is not None and site.unless_param is not None:
                e.outer_unless.setdefault(site.unless_param, w)
            else:
                add_outer(e, w)
        for i, span in local.param_queries:
            e.params.setdefault(i, Witness(((path, span, "queries through its parameter here"),), ""))
        for i, member, span in local.param_member_queries:   # keyed (index, member): `ctx.db`
            e.params.setdefault((i, member), Witness(((path, span, f"queries its parameter's `{member}` here"),), ""))
        for site in f.calls:
            target = graph.bound.get((path, site.span))
            site = graph.placed.get((path, site.span), site)   # `this.getModel(tx).findFirst()`: linker.returns
            if target is not None and target.kind == "client-query" and site.query:
                # `this.prisma` of an injected client class, `prisma` of an imported client
                # (`X.getInstance()` of `X.getInstance().user.count()`: a class's static client)
                name = _field_client(graph, path, site.callee, target) if site.callee.kind == "this" else \
                    _handed_name(graph, path, site.callee) if site.callee.kind == "closure" else \
                    site.callee.target or _client_text(site.callee) or "?"
                w = Witness(((path, site.span, f"queries the shared client `{name}` here"),),
                            f"queries the shared client `{name}`", name, (target.path, target.name))
                if site.unless_param is not None:
                    e.outer_unless.setdefault(site.unless_param, w)
                else:
                    add_outer(e, w)
            if site.awaited is False or e.leaves is not None or site.callee.path[-1:] == ("__init__",):
                continue   # building an object of a package's class is not a call to it
            name = target.name if target is not None and target.kind == "external" else site.callee.external
            reason = slow_reason(name, graph.modules[path].ecosystem) if name else None
            if reason:
                e.leaves = Witness(((path, site.span, f"`{site.callee.written or name}` here: {reason}"),),
                                   reason)
        effects[node] = e
    work = deque(sorted(graph.functions))
    queued = set(work)
    while work:
        node = work.popleft()
        queued.discard(node)
        if _update(graph, node, effects):
            for edge in graph.callers.get(node, ()):
                if edge.caller not in queued:
                    queued.add(edge.caller)
                    work.append(edge.caller)


def _update(graph: Graph, node: NodeId, effects: dict[NodeId, Effects]) -> bool:
    e = effects[node]
    f = graph.functions[node]
    changed = False
    returns = set(f.effects.returns_calls)
    for edge in graph.edges.get(node, ()):
        c = effects[edge.callee]
        site = edge.site
        written = site.callee.written or graph.functions[edge.callee].qualname
        step = (node[0], site.span, f"calls `{written}` here")
        if e.leaves is None and c.leaves is not None and site.awaited is not False:
            e.leaves = Witness((step,) + c.leaves.chain, c.leaves.reason)
            changed = True
        for w in (outer_at(graph, node[0], c, site) if site.awaited is not False else ()):
            extended = Witness((step,) + w.chain, w.reason, w.client, w.client_id)
            if site.unless_param is None:
                changed |= add_outer(e, extended)
            elif site.unless_param not in e.outer_unless:
                e.outer_unless[site.unless_param] = extended
                changed = True
        if e.fresh is None and c.fresh is not None and site.span in returns and not f.memoised:
            e.fresh = Witness((step,) + c.fresh.chain, c.fresh.reason)
            changed = True
        for j, arg in enumerate(site.args):
            w = c.params.get(j)
            if w is None:
                continue
            if arg.kind == "param" and arg.index is not None and arg.index not in e.params:
                e.params[arg.index] = Witness((step,) + w.chain, w.reason)
                changed = True
            elif arg.kind == "outer-client" and e.outer is None:
                e.outer = Witness((step,) + w.chain, "hands the shared client to a query")
                changed = True
    return changed


def passes(site, k: int) -> bool:
    """Whether a call site passes an argument at position k (not `undefined`/`null`)."""
    return k < len(site.args) and site.args[k].kind != "absent"


def client_key(w: Witness):
    return w.client_id or (w.client or "").rsplit(".", 1)[-1]


def add_outer(e: Effects, w: Witness) -> bool:
    """Record an unconditional outer-query witness; whether anything changed."""
    key = client_key(w)
    if key in e.outer_by_client:
        return False
    e.outer_by_client[key] = w
    if e.outer is None:
        e.outer = w
    return True


def _outer_through(c: Effects, site):
    """The callee's outer-query witnesses that hold for this call: every client it
    queries, or the one it queries only without the argument this call leaves out."""
    if c.outer is not None:
        yield from c.outer_by_client.values()
        return
    for k in sorted(c.outer_unless):
        if not passes(site, k):
            yield c.outer_unless[k]
            return


def outer_at(graph: Graph, path: str, c: Effects, site) -> list[Witness]:
    """The callee's outer-query witnesses for this call (`_outer_through`), and the queries
    of a method on what one call of a factory built, on the client that call handed it
    (`graph.instance_queries`: `tasks.updateTask()` of `tasks = createTaskService(prismaDb)`)."""
    out = list(_outer_through(c, site))
    for where, span, name, client, _ in graph.instance_queries.get((path, site.span), ()):
        out.append(Witness(((where, span, f"queries the shared client `{name}` here"),),
                           f"queries the shared client `{name}`", name, (client.path, client.name)))
    return out


def _field_client(graph: Graph, path: str, ref, target) -> str:
    """How a query on a field names its client: the module's client the constructions
    hand the field (`db` of `new NoteRepo(db)`, `wiring`), else the field as written
    (`this.prisma` of an injected PrismaService)."""
    module = graph.modules.get(target.path)
    if module is not None and target.name and not any(c.name == target.name for c in module.classes):
        return target.name
    return f"{_SELF[graph.modules[path].ecosystem]}.{ref.target}"


def _handed_name(graph: Graph, path: str, ref) -> str:
    """`prismaDb` of a factory's `client.note.create()` when `createNoteService(prismaDb)`."""
    from .factories import handed_name

    binder = getattr(graph, "binder", None)
    return (handed_name(binder, path, ref) if binder is not None else None) or _client_text(ref) or "?"


def _client_text(ref) -> str | None:
    """`this.prisma` of `this.prisma.user.findMany`, `db` of `db.$queryRaw`."""
    head = ref.written.split(".")
    keep = len(head) - (1 if head[-1].startswith("$") else 2)
    return ".".join(head[:keep]) if keep > 0 else None
