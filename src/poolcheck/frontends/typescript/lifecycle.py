"""Lifecycle calls (`$connect`, `$disconnect`, `$use`, `$on`) and whether the client they
act on is shared or was built for this call (a local `new PrismaClient()`, a same-file
factory that builds one per call)."""

from __future__ import annotations

from ...facts import ClientApi, ClientCall
from ..ts_model import FUNCTION_TYPES, GLOBAL_OBJECTS, class_of, enclosing_function, member_chain, resolve, strip
from . import clients
from .clients import LIFECYCLE
from .syntax import descendants


def lifecycle(tf, call, method, receiver) -> None:
    shared = True
    rroot, _ = member_chain(tf.prog, receiver)
    if receiver is not None and receiver.type == "identifier":
        b = resolve(tf.prog, tf.text(receiver), receiver)
        if b is not None and b.kind == "local" and b.owner != 0:
            init = strip(b.init)
            if init is not None and (init.type == "new_expression" or clients.is_client_expr(tf, init)) \
                    and not clients.is_global_read(tf, init):
                shared = False
            elif init is not None and fresh_factory_call(tf, init):
                shared = False  # `const db = getDb()` where getDb builds a client per call
    elif rroot is not None and rroot.type == "this":
        shared = True
    in_finally = False
    parent = call.parent
    while parent is not None and parent.type not in FUNCTION_TYPES:
        if parent.type == "finally_clause":
            in_finally = True
            break
        parent = parent.parent
    tf.facts.add(ClientCall(
        span=tf.span(call), method=LIFECYCLE[method], receiver=tf.text(receiver),
        scope=tf.scopes.at(call), receiver_shared=shared, guarded=connect_once(tf, call),
        in_finally=in_finally, api=ClientApi.JS))


ONCE_OPERATORS = ("??=", "||=")


def connect_once(tf, call) -> bool:
    """The call runs at most once per process, whoever calls the function: under a test of
    state that outlives the call and that the same function sets (`if (!connected) { await
    prisma.$connect(); connected = true }`, `this.ready`), after an early `if (connected)
    return prisma`, or memoised itself (`connecting ??= prisma.$connect()`). An idempotent
    connect, not a per-request one (PC105). A test of a local is no guard."""
    fn = enclosing_function(call)
    if fn is None:
        return False
    flags = {tf.text(t) for t in _assignment_targets(fn) if _outlives(tf, t)}
    def guard(cond) -> bool:
        return cond is not None and any(tf.text(n) in flags for t in ("identifier", "member_expression")
                                        for n in descendants(cond, t))
    child = call
    node = call.parent
    while node is not None and node.id != fn.id:
        if node.type == "augmented_assignment_expression" and child.id != node.child_by_field_name("left").id:
            op = node.child_by_field_name("operator")
            if op is not None and tf.text(op) in ONCE_OPERATORS:
                return True
        if node.type == "if_statement" and child.id != node.child_by_field_name("condition").id \
                and guard(node.child_by_field_name("condition")):
            return True
        if node.type == "statement_block":
            for stmt in node.named_children:
                if stmt.id == child.id:
                    break
                if stmt.type == "if_statement" and _exits(stmt.child_by_field_name("consequence")) \
                        and guard(stmt.child_by_field_name("condition")):
                    return True
        child, node = node, node.parent
    return False


def _assignment_targets(fn):
    for t in ("assignment_expression", "augmented_assignment_expression"):
        for a in descendants(fn, t):
            left = a.child_by_field_name("left")
            if left is not None:
                yield left


def _outlives(tf, target) -> bool:
    """`this.x`, `globalThis.x`, a module object's `obj.x`, or a name declared outside any
    function (a module `let`). `req.session.x` lives for one request: a parameter's or local's member
    is no flag."""
    member = target.type == "member_expression"
    while target.type == "member_expression":
        target = target.child_by_field_name("object")
        if target is None:
            return False
        if target.type == "this":
            return True
    if member and target.type == "identifier" and tf.text(target) in GLOBAL_OBJECTS:
        return True  # `globalThis.connected`
    if target.type != "identifier":
        return False
    b = resolve(tf.prog, tf.text(target), target)
    return b is not None and b.owner == 0


def _exits(node) -> bool:
    if node is not None and node.type == "statement_block":
        node = node.named_children[-1] if node.named_children else None
    return node is not None and node.type in ("return_statement", "throw_statement")


def fresh_factory_call(tf, node) -> bool:
    """`getDb()` / `await createClient()` calling a same-file function that returns a
    client it builds on every call (`return new PrismaClient()`, `() => new Pool()`,
    `const c = new PrismaClient(); ...; return c`): that client lives for this call.
    The construction is PC101's finding; its disconnect is right (rules.md PC104)."""
    node = strip(node)
    if node is None or node.type != "call_expression":
        return False
    callee = strip(node.child_by_field_name("function"))
    if callee is None or callee.type != "identifier":
        return False
    fns = tf.scopes.functions_of(callee)
    return len(fns) == 1 and returns_fresh_client(tf, fns[0])


def returns_fresh_client(tf, fn) -> bool:
    body = fn.child_by_field_name("body")
    if body is None:
        return False
    if body.type != "statement_block":
        return fresh_client_expr(tf, body, fn)
    returns = [r for r in descendants(body, "return_statement")
               if (enclosing_function(r) is not None and enclosing_function(r).id == fn.id)]
    values = [strip(r.named_children[0]) if r.named_children else None for r in returns]
    return bool(values) and all(v is not None and fresh_client_expr(tf, v, fn) for v in values)


def fresh_client_expr(tf, node, fn) -> bool:
    node = strip(node)
    if node is None:
        return False
    if node.type == "new_expression":
        return class_of(tf.prog, node.child_by_field_name("constructor"), tf.local_classes) is not None
    if node.type == "call_expression":  # new PrismaClient().$extends(...)
        inner = strip(node.child_by_field_name("function"))
        return inner is not None and inner.type == "member_expression" and \
            fresh_client_expr(tf, inner.child_by_field_name("object"), fn)
    if node.type == "identifier":
        b = resolve(tf.prog, tf.text(node), node)
        return b is not None and b.kind == "local" and b.owner == fn.id and not b.path and \
            strip(b.init) is not None and strip(b.init).type == "new_expression" and \
            fresh_client_expr(tf, b.init, fn)
    return False


