"""Client constructions: `new PrismaClient(...)`, pools and driver adapters, with their
options, binding, memoisation (global caches, module guards, `singleton(() => ...)`),
loops and Accelerate; classes extending a client class (NestJS `PrismaService`) and the
options they pass to `super(...)`."""

from __future__ import annotations

from bisect import bisect_right

from ...facts import UNKNOWN, ClientApi, ClientConstruction, NestPrismaService, Scope, ScopeKind
from ...urlmodel import is_accelerate
from ...vocabulary.clients import JS_MEMO_CALLS
from ..ts_model import FUNCTION_TYPES, ITERATING_METHODS, LOOP_TYPES, class_of, enclosing_function, \
    import_of, member_chain, resolve, strip, string_value
from ..ts_tree import in_tree_order
from . import caches, clients, nest
from .syntax import literal

MEMO_CALLS = JS_MEMO_CALLS


# -- classes (NestJS PrismaService extends PrismaClient) ---------------------------
def classes(tf) -> None:
    prog = tf.prog
    for cls in prog.nodes("class_declaration", "class"):
        heritage = next((c for c in cls.named_children if c.type == "class_heritage"), None)
        ext = next((c for c in heritage.named_children if c.type == "extends_clause"), None) if heritage else None
        value = ext.child_by_field_name("value") if ext is not None else None
        if value is None:
            nest.wrapper_class(tf, cls)   # `this.client = new PrismaClient()` in its constructor
            continue
        kind = class_of(prog, value, tf.local_classes)
        name = cls.child_by_field_name("name")
        if name is None and cls.parent is not None and cls.parent.type == "variable_declarator":
            name = cls.parent.child_by_field_name("name")   # `const Extended = class extends PrismaClient {}`
        if kind is None or name is None or name.type not in ("identifier", "type_identifier"):
            continue
        tf.local_classes[tf.text(name)] = kind[0]
        if kind[0] == "prisma":
            tf.facts.add(NestPrismaService(tf.span(name), tf.text(name), nest.shares_pool(tf, cls)))
            super_construction(tf, cls, tf.text(name))


def super_construction(tf, cls, name: str) -> None:
    """`super({ transactionOptions })` in a class extending PrismaClient: the options of a
    client that dependency injection constructs once."""
    stack = [cls]
    while stack:
        node = stack.pop()
        if node.type == "call_expression":
            fn = node.child_by_field_name("function")
            if fn is not None and fn.type == "super":
                options, spans = client_options(tf, node)
                tf.facts.add(ClientConstruction(
                    span=tf.span(node), kind="prisma", class_name=name,
                    scope=Scope(ScopeKind.STARTUP, "NestJS", name), binding=name,
                    memoised=True, options=options, option_spans=spans,
                    accelerate=accelerate(tf, options, node), api=ClientApi.JS))
        stack.extend(node.named_children)


# -- constructions -----------------------------------------------------------------
def construction(tf, node) -> None:
    kind = class_of(tf.prog, node.child_by_field_name("constructor"), tf.local_classes)
    if kind is None:
        return
    options, spans = client_options(tf, node)
    scope = tf.scopes.at(node)
    top = expression_top(tf, node)
    if scope.kind is ScopeKind.MODULE and _instance_field(top):
        # `private db = new PrismaClient()`: runs on every `new` of the class, not once per
        # module; who builds the class decides (the linker follows `new X()`)
        scope = Scope(ScopeKind.FUNCTION)
    binding = None
    if top.parent is not None and top.parent.type == "variable_declarator":
        name = top.parent.child_by_field_name("name")
        binding = tf.text(name) if name is not None and name.type == "identifier" else None
    memo = memoised(tf, node, top) or _handed_to_memoised(tf, top)
    tf.facts.add(ClientConstruction(
        span=tf.span(node), kind=kind[0], class_name=kind[1], scope=scope, binding=binding,
        memoised=memo, module_variable_cache=memo and module_variable_cache(tf, node, top),
        in_loop=in_loop(tf, node), dev_only=caches.inside_production_only(tf, node, production=False),
        accelerate=accelerate(tf, options, node) or kind[0] == "prisma" and edge_client(tf, node, options),
        options=options, option_spans=spans, api=ClientApi.JS))


def _handed_to_memoised(tf, top) -> bool:
    """`_db ??= new PrismaClient({ adapter: new PrismaPg(...) })`: the adapter (or pool) given
    to a memoised client's constructor is built exactly as often as that client."""
    n = top.parent
    while n is not None and n.type in ("pair", "object", "arguments"):
        n = n.parent
    if n is None or n.type != "new_expression" or n == top:
        return False
    return memoised(tf, n, expression_top(tf, n))


def module_variable_cache(tf, node, top) -> bool:
    """`db = new PrismaClient()` assigned to a variable of the module (`let db = null; if
    (!db) db = ...`, at top level or in a getter): a cache that lives as long as the module,
    so a dev server's reload, which evaluates the module again, starts it empty. Not a
    `globalThis.x ?? new ...` (top is the `??`), not a write that runs only in production."""
    parent = top.parent
    if top != node or parent is None or parent.type != "assignment_expression":
        return False
    left = strip(parent.child_by_field_name("left"))
    if left is None or left.type != "identifier" or not clients.module_binding(tf, left):
        return False
    return not caches.inside_production_only(tf, node)


def edge_client(tf, node, options) -> bool:
    """`new PrismaClient()` imported from the edge entry (`@prisma/client/edge`) without a
    driver adapter: that client only speaks HTTP to the Data Proxy or Accelerate, whose
    pool is server-side (with `adapter` the adapter's pool is judged instead)."""
    if any(k in ("adapter", "...") for k, _ in options):
        return False
    ctor = strip(node.child_by_field_name("constructor"))
    if ctor is not None and ctor.type == "member_expression":
        ctor, _ = member_chain(tf.prog, ctor)
    if ctor is None or ctor.type != "identifier":
        return False
    imp = import_of(tf.prog, resolve(tf.prog, tf.text(ctor), ctor))
    return imp is not None and imp[0].rsplit("/", 1)[-1] in ("edge", "edge.js")


def _instance_field(top) -> bool:
    field = top.parent
    return field is not None and field.type == "public_field_definition" \
        and not any(c.type == "static" for c in field.children)


def expression_top(tf, node):
    """Climb from `new X()` through wrappers, `.$extends(...)` chains and `??`/`||`."""
    while node.parent is not None:
        parent = node.parent
        if parent.type in ("parenthesized_expression", "non_null_expression", "as_expression",
                           "satisfies_expression", "await_expression"):
            node = parent
        elif parent.type == "member_expression" and parent.parent is not None and \
                parent.parent.type == "call_expression" and \
                tf.text(parent.child_by_field_name("property") or parent) == "$extends":
            node = parent.parent
        elif parent.type == "binary_expression" and tf.text(
                parent.child_by_field_name("operator")) in ("??", "||"):
            node = parent
        else:
            break
    return node


def memoised(tf, node, top) -> bool:
    parent = top.parent
    if top.type == "binary_expression":
        left = strip(top.child_by_field_name("left"))
        root, _ = member_chain(tf.prog, left) if left is not None else (None, [])
        if root is not None and (clients.is_global_object(tf, root) or clients.module_binding(tf, root)):
            return True
    if parent is not None and parent.type in ("assignment_expression",
                                              "augmented_assignment_expression"):
        left = strip(parent.child_by_field_name("left"))
        root, _ = member_chain(tf.prog, left)
        if root is not None and (clients.is_global_object(tf, root) or clients.module_binding(tf, root)):
            return True
        if root is not None and root.type == "this":
            return False
    if parent is not None and parent.type == "arguments":
        call = parent.parent
        fn = strip(call.child_by_field_name("function")) if call is not None else None
        if fn is not None and fn.type == "member_expression" and \
                tf.text(fn.child_by_field_name("property")) == "set":
            root, _ = member_chain(tf.prog, fn)
            if root is not None and (clients.module_binding(tf, root) or clients.is_global_object(tf, root)):
                return True
    if stored_in_cache(tf, node, top) or caches.fills_cache(tf, node):
        return True
    # inside a function handed to singleton()/cache()/once(), at any depth of nesting
    fn = enclosing_function(node)
    while fn is not None:
        holder = fn.parent
        while holder is not None and holder.type in ("parenthesized_expression",):
            holder = holder.parent
        if holder is not None and holder.type == "arguments":
            call = holder.parent
            callee = strip(call.child_by_field_name("function"))
            if callee is not None and tf.text(callee).rsplit(".", 1)[-1] in MEMO_CALLS:
                return True
        fn = enclosing_function(fn)
    return False


def stored_in_cache(tf, node, top) -> bool:
    """`let c = new PrismaClient(); clients.set(tenant.id, c)` or `cache[key] = c`: the client
    a function builds goes into a module-level or global cache (a bounded cache keyed by
    tenant is the fix PC106 asks for), so a later call finds it instead of building one."""
    parent = top.parent
    name = None
    if parent is not None and parent.type == "variable_declarator":
        name = parent.child_by_field_name("name")
    elif parent is not None and parent.type == "assignment_expression":
        name = strip(parent.child_by_field_name("left"))
    if name is None or name.type != "identifier":
        return False
    written = tf.prog.data[name.start_byte:name.end_byte]
    name = tf.text(name)
    fn = enclosing_function(node)
    if fn is None:
        return False
    # The name is bound (or assigned) here, inside `fn`, and must be read once more there,
    # as an argument or an assigned value: another identifier, so a second occurrence of
    # its bytes (the walk below visits every node of the function to find it; ASCII: the
    # walk compares decoded texts).
    if written.isascii() and tf.prog.data.count(written, fn.start_byte, fn.end_byte) < 2:
        return False
    return _stores_name(tf, fn, name)


def _stores_name(tf, fn, name: str) -> bool:
    """Some node of `fn` hands `name` to a shared cache: `<shared>.set(..., name)` or
    `<shared>[k] = name` / `<shared>.k = name`."""
    stack = [fn]
    while stack:
        n = stack.pop()
        if n.type == "call_expression":
            callee = strip(n.child_by_field_name("function"))
            args = n.child_by_field_name("arguments")
            if callee is not None and callee.type == "member_expression" and args is not None \
                    and tf.text(callee.child_by_field_name("property")) == "set" \
                    and any(a.type == "identifier" and tf.text(a) == name for a in args.named_children) \
                    and _shared_root(tf, callee.child_by_field_name("object")) \
                    and not caches.inside_production_only(tf, n, production=False):
                return True
        elif n.type == "assignment_expression":
            left = strip(n.child_by_field_name("left"))
            right = strip(n.child_by_field_name("right"))
            if right is not None and right.type == "identifier" and tf.text(right) == name and \
                    left is not None and left.type in ("subscript_expression", "member_expression") \
                    and _shared_root(tf, left) and not caches.inside_production_only(tf, n, production=False):
                return True   # (a store made only outside production caches nothing in production)
        stack.extend(n.named_children)
    return False


def _shared_root(tf, node) -> bool:
    root, _ = member_chain(tf.prog, node)
    return root is not None and (clients.is_global_object(tf, root) or clients.module_binding(tf, root))


def in_loop(tf, node, memo: dict | None = None) -> bool:
    """Whether `node` runs once per iteration: a loop's body, condition or update, an
    iterating callback; not what a `for ... of/in` iterates over, nor a `for`'s
    initializer (both evaluated once). Read from the ranges of the program's loops and
    functions (the symbols ask it of every call site: a climb of the tree costs the square
    of the depth, see ts_tree.FunctionRanges): the loops inside the enclosing function
    that hold `node`, innermost first, then whether that function is an iterating
    callback; the climb (`_in_loop_climbing`) where the ranges may be ambiguous. `memo`
    (node id -> verdict, for one tree) serves that climb: the verdict of a node that is no
    loop part of its parent is its parent's, so the calls of one function climb their shared
    ancestors once."""
    prog = tf.prog
    ranges = prog.ranges
    start, end = node.start_byte, node.end_byte
    if ranges is None or not ranges.exact or start == end:
        return _in_loop_climbing(tf, node, memo)
    fn = prog.enclosing(node)
    if prog.loops is None:
        prog.loops = in_tree_order(list(prog.nodes(*LOOP_TYPES)))
        prog.loop_starts = [loop.start_byte for loop in prog.loops]
    low = fn.start_byte if fn is not None else -1
    i = bisect_right(prog.loop_starts, start) - 1
    while i >= 0 and prog.loop_starts[i] >= low:
        loop = prog.loops[i]
        if end <= loop.end_byte and not _evaluated_once_range(loop, start, end):
            return True
        i -= 1
    if fn is None:
        return False
    known = prog.iterating.get(fn.id)
    if known is None:
        known = prog.iterating[fn.id] = _iterating_callback(tf, fn)
    return known


def _iterating_callback(tf, fn) -> bool:
    """`xs.map(fn)`, `xs.forEach(...)`: a function handed to an iterating method."""
    holder = fn.parent
    if holder is not None and holder.type == "arguments":
        call = holder.parent
        callee = strip(call.child_by_field_name("function"))
        if callee is not None and callee.type == "member_expression" and \
                tf.text(callee.child_by_field_name("property")) in ITERATING_METHODS:
            return True
    return False


def _in_loop_climbing(tf, node, memo: dict | None = None) -> bool:
    """in_loop by climbing the tree (see there)."""
    child, parent = node, node.parent
    climbed = []
    verdict = False
    while parent is not None:
        if memo is not None:
            hit = memo.get(child.id)
            if hit is not None:
                verdict = hit
                break
            climbed.append(child.id)
        if parent.type in LOOP_TYPES and not _evaluated_once(parent, child):
            verdict = True
            break
        if parent.type in FUNCTION_TYPES:
            verdict = _iterating_callback(tf, parent)
            break
        child, parent = parent, parent.parent
    for key in climbed:
        memo[key] = verdict
    return verdict


def _evaluated_once(loop, child) -> bool:
    for name in ("right", "initializer"):
        part = loop.child_by_field_name(name)
        if part is not None and part.id == child.id:
            return True
    return False


def _evaluated_once_range(loop, start: int, end: int) -> bool:
    """`_evaluated_once` for the loop's child that holds the range (a part of the loop
    holds it exactly when it is that child: ranges nest and this one is not empty)."""
    for name in ("right", "initializer"):
        part = loop.child_by_field_name(name)
        if part is not None and part.start_byte <= start and end <= part.end_byte:
            return True
    return False


def client_options(tf, call):
    args = call.child_by_field_name("arguments")
    if args is None or not args.named_children:
        return (), ()
    first = strip(args.named_children[0])
    options: list = []
    spans: list = []
    if first is not None and first.type == "object":
        stack = [(first, "")]
        while stack:
            obj, prefix = stack.pop()
            for member in obj.named_children:
                if member.type == "pair":
                    key_node = member.child_by_field_name("key")
                    key = string_value(tf.prog, key_node) if key_node.type == "string" \
                        else tf.text(key_node)
                    value = strip(member.child_by_field_name("value"))
                    full = prefix + key
                    if value is not None and value.type == "object":
                        stack.append((value, full + "."))
                        continue
                    options.append((full, literal(tf.prog, value)))
                    spans.append((full, tf.span(value if value is not None else member)))
                elif member.type == "shorthand_property_identifier":
                    full = prefix + tf.text(member)
                    options.append((full, UNKNOWN))
                    spans.append((full, tf.span(member)))
                elif member.type == "spread_element":
                    # `...DEFAULT_POOL_OPTIONS`: keys this literal cannot name (rules
                    # read "..." as options set elsewhere)
                    options.append((prefix + "...", UNKNOWN))
                    spans.append((prefix + "...", tf.span(member)))
    elif first is not None:
        value = literal(tf.prog, first)
        key = "connectionString" if isinstance(value, str) else "pool"
        options.append((key, value))
        spans.append((key, tf.span(first)))
    return tuple(options), tuple(spans)


def accelerate(tf, options, node) -> bool:
    opts = dict(options)
    if "accelerateUrl" in opts:
        return True
    for key, value in opts.items():
        if isinstance(value, str) and is_accelerate(value):
            return True
    top = node
    while top.parent is not None and top.parent.type in ("parenthesized_expression", "member_expression",
                                                          "call_expression", "arguments"):
        top = top.parent
        if top.type == "call_expression" and "withAccelerate" in tf.text(
                top.child_by_field_name("arguments") or top):
            return True
    return False


