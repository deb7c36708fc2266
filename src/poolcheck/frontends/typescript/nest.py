"""NestJS: providers for PC103 (`@Module({ providers: [...] })` entries and request-scoped
providers, `@Injectable({ scope: Scope.REQUEST })`, `{ provide, scope: Scope.REQUEST }`),
whether a PrismaService's instances share one driver pool, and the scopes of class methods (controller routes, resolvers, lifecycle hooks)."""

from __future__ import annotations

from ...facts import NestPrismaService, NestProvider, NestRequestScoped, ScopeKind
from ...vocabulary.frameworks_js import DECORATED_CONTROLLERS, NEST_MODULE_DECORATOR, NEST_RESOLVER_DECORATORS, \
    NEST_ROUTE_DECORATORS, STARTUP_METHODS, TEARDOWN_METHODS
from ..ts_model import FUNCTION_TYPES, class_of, function_name, resolve, strip, string_value


# -- NestJS providers (traits for PC103) ---------------------------------------------
def providers(tf) -> None:
    """`@Module({ providers: [PrismaService] })` entries and request-scoped providers.

    Emits NestProvider(span, class) per providers entry and
    NestRequestScoped(span, class) for `@Injectable({ scope: Scope.REQUEST })`
    or a `{ provide, scope: Scope.REQUEST }` entry; PC103 keeps the ones whose class
    extends PrismaClient anywhere in the project."""
    for deco, name, arg in module_decorators(tf, tf.prog.nodes("decorator")):
        if name == NEST_MODULE_DECORATOR:
            providers = object_value(tf, arg, "providers")
            if providers is not None and providers.type == "array":
                for entry in providers.named_children:
                    provider_entry(tf, strip(entry))
        elif name == "Injectable" and request_scoped(tf, arg):
            cls = deco.parent
            if cls is not None and cls.type == "export_statement":
                cls = cls.child_by_field_name("declaration")
            cname = cls.child_by_field_name("name") if cls is not None else None
            if cname is not None:
                tf.facts.add(NestRequestScoped(tf.span(cname), tf.text(cname)))


def module_decorators(tf, decorators):
    """(decorator, `Module` or `Injectable`, its object argument) for each of `decorators`
    called with an object first (`@Module({...})`, `@nest.Injectable({ scope })`), the
    ones `providers` reads. From the tree alone (targets.refine asks it before the model)."""
    for deco in decorators:
        call = deco.named_children[0] if deco.named_children else None
        if call is None or call.type != "call_expression":
            continue
        fn = call.child_by_field_name("function")
        name = tf.text(fn).rsplit(".", 1)[-1] if fn is not None else ""
        if name not in (NEST_MODULE_DECORATOR, "Injectable"):
            continue
        args = call.child_by_field_name("arguments")
        arg = strip(args.named_children[0]) if args is not None and args.named_children else None
        if arg is not None and arg.type == "object":
            yield deco, name, arg


def provider_entry(tf, entry) -> None:
    if entry is None:
        return
    if entry.type == "identifier":
        tf.facts.add(NestProvider(tf.span(entry), tf.text(entry)))
        return
    if entry.type != "object":
        return
    target = object_value(tf, entry, "useClass") or object_value(tf, entry, "provide")
    if target is None or target.type != "identifier":
        return
    tf.facts.add(NestProvider(tf.span(target), tf.text(target)))
    if request_scoped(tf, entry):
        tf.facts.add(NestRequestScoped(tf.span(target), tf.text(target)))


def object_value(tf, obj, key: str):
    for pair in obj.named_children:
        if pair.type == "pair":
            k = pair.child_by_field_name("key")
            if k is not None and tf.text(k).strip("'\"") == key:
                return strip(pair.child_by_field_name("value"))
    return None


def request_scoped(tf, obj) -> bool:
    scope = object_value(tf, obj, "scope")
    return scope is not None and tf.text(scope).replace(" ", "").endswith("Scope.REQUEST")


# -- a PrismaService over one shared driver pool (PC103) -------------------------------
def shares_pool(tf, cls) -> bool:
    """Every `super(...)` of a class extending PrismaClient hands the client a driver
    adapter over one module-level pool: `const pool = new Pool(...)` at module level and
    `super({ adapter: new PrismaPg(pool) })`, or a module-level `adapter = new
    PrismaPg(pool)` (or over `new Pool(...)` inline) given as `super({ adapter })`. Each
    instance NestJS builds is one more client object on that pool, not one more pool.
    Not: an adapter from a connection string or config (`new PrismaPg({ connectionString
    })`, at module level too: its factory opens a pool for each client it connects), a
    pool built in the constructor, no adapter."""
    supers = []
    stack = [cls]
    while stack:
        node = stack.pop()
        fn = node.child_by_field_name("function") if node.type == "call_expression" else None
        if fn is not None and fn.type == "super":
            supers.append(node)
        stack.extend(node.named_children)
    return bool(supers) and all(_adapter_on_shared_pool(tf, _adapter_option(tf, call)) for call in supers)


def _adapter_option(tf, call):
    """The `adapter` of `super({ adapter })` / `super({ adapter: x })`, or of an options
    object bound to a name (`super(options)`)."""
    args = call.child_by_field_name("arguments")
    first = strip(args.named_children[0]) if args is not None and args.named_children else None
    if first is not None and first.type == "identifier":
        b = resolve(tf.prog, tf.text(first), first)
        first = strip(b.init) if b is not None and b.kind in ("module", "local") and not b.path else None
    if first is None or first.type != "object":
        return None
    for member in first.named_children:
        if member.type == "shorthand_property_identifier" and tf.text(member) == "adapter":
            return member
    return object_value(tf, first, "adapter")


def _adapter_on_shared_pool(tf, node, module_level: bool = False, depth: int = 0) -> bool:
    """`node` is a driver adapter built over a module-level pool (`module_level`: the
    adapter expression itself is a module variable's value)."""
    node = strip(node)
    if node is None or depth > 4:
        return False
    if node.type in ("identifier", "shorthand_property_identifier"):
        b = resolve(tf.prog, tf.text(node), node)
        if b is None or b.kind not in ("module", "local") or b.path:
            return False
        return _adapter_on_shared_pool(tf, b.init, b.kind == "module" and b.owner == 0, depth + 1)
    if node.type != "new_expression" or _kind(tf, node) != "adapter":
        return False
    args = node.child_by_field_name("arguments")
    pool = strip(args.named_children[0]) if args is not None and args.named_children else None
    if pool is not None and pool.type == "identifier":
        b = resolve(tf.prog, tf.text(pool), pool)
        return b is not None and b.kind == "module" and b.owner == 0 and not b.path \
            and _kind(tf, strip(b.init)) == "pool"
    return module_level and _kind(tf, pool) == "pool"


def _kind(tf, node) -> str | None:
    """"prisma" / "pool" / "adapter" for a `new X(...)` of a client, pool or adapter class."""
    if node is None or node.type != "new_expression":
        return None
    kind = class_of(tf.prog, node.child_by_field_name("constructor"), tf.local_classes)
    return kind[0] if kind is not None else None


def mark_class(s, cls) -> None:
    prog = s.prog
    decorators = [c for c in cls.children if c.type == "decorator"]
    if cls.parent is not None and cls.parent.type == "export_statement":
        decorators += [c for c in cls.parent.children if c.type == "decorator"]
    deco_names = {decorator_name(s, d) for d in decorators}
    # `@Controller('health')`: the prefix of every route of the controller
    controller = next((d for d in decorators if decorator_name(s, d) in DECORATED_CONTROLLERS), None)
    framework, verbs = DECORATED_CONTROLLERS[decorator_name(s, controller)] if controller is not None \
        else (None, NEST_ROUTE_DECORATORS)
    prefix = route_path(s, controller) if controller is not None else None
    request_provider = any(
        "Scope.REQUEST" in prog.text(d) for d in decorators if decorator_name(s, d) == "Injectable")
    body = cls.child_by_field_name("body")
    if body is None:
        return
    pending: list = []
    routes: list = []   # the route decorators among `pending`
    for member in body.named_children:
        if member.type == "decorator":
            pending.append(decorator_name(s, member))
            if pending[-1] in verbs:
                routes.append(member)
            continue
        if member.type != "method_definition":
            pending, routes = [], []
            continue
        name = function_name(prog, member)
        if name in STARTUP_METHODS:
            s.mark(member, ScopeKind.STARTUP, "NestJS", name)
        elif name in TEARDOWN_METHODS:
            s.mark(member, ScopeKind.TEARDOWN, "NestJS", name)
        elif framework is not None and routes:
            route = "/".join(filter(None, (prefix, *(route_path(s, d) for d in routes))))
            s.mark(member, ScopeKind.REQUEST, framework, name, route=route)
        elif "Resolver" in deco_names and set(pending) & NEST_RESOLVER_DECORATORS:
            s.mark(member, ScopeKind.REQUEST, "NestJS GraphQL", name)
        elif request_provider:
            s.mark(member, ScopeKind.REQUEST, "NestJS request-scoped provider", name)
        pending, routes = [], []


def route_path(s, deco) -> str | None:
    """The path a decorator's call gives: `@Get('/healthz')`, `@Controller('health')`,
    `@Controller({ path: 'health' })`; None for `@Get()` or a computed path."""
    expr = deco.named_children[0] if deco.named_children else None
    args = expr.child_by_field_name("arguments") if expr is not None and expr.type == "call_expression" else None
    first = strip(args.named_children[0]) if args is not None and args.named_children else None
    if first is not None and first.type == "object":
        first = object_value(s.prog, first, "path")
    return string_value(s.prog, first)


def decorator_name(s, deco) -> str:
    expr = deco.named_children[0] if deco.named_children else None
    if expr is not None and expr.type == "call_expression":
        expr = expr.child_by_field_name("function")
    return s.prog.text(expr).rsplit(".", 1)[-1] if expr is not None else ""


def wrapper_class(tf, cls) -> None:
    """A class that builds its own Prisma client when it is instantiated (`this.client = new
    PrismaClient()` in its constructor, or a field `private prisma = new PrismaClient()`):
    like a class extending PrismaClient, each instance NestJS makes of it (one per module
    that provides it) is a client with its own pool (PC103)."""
    name = cls.child_by_field_name("name")
    body = cls.child_by_field_name("body")
    if name is None or body is None or name.type not in ("identifier", "type_identifier"):
        return
    for member in body.named_children:
        if member.type == "method_definition" and tf.text(member.child_by_field_name("name")) != "constructor":
            continue
        if member.type not in ("method_definition", "public_field_definition"):
            continue
        stack = [member]
        while stack:
            node = stack.pop()
            if node.type == "new_expression":
                kind = class_of(tf.prog, node.child_by_field_name("constructor"), tf.local_classes)
                if kind is not None and kind[0] == "prisma":
                    tf.facts.add(NestPrismaService(tf.span(name), tf.text(name), False, wraps=True))
                    return
            if node.type not in FUNCTION_TYPES or node is member:
                stack.extend(node.named_children)
