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
        scope=tf.scopes.at(call), receiver_shared=shared, in_finally=in_finally,
        guarded=once_guarded(tf, call), api=ClientApi.JS))


def once_guarded(tf, call) -> bool:
    """The call runs once per process, not per request: under `if (!ready) { ...; ready =
    true }` (or after `if (ready) return;` in the same block, with the flag set there) on a
    flag that outlives the call (module-level, `this.x`, `globalThis.x`), or as the value of
    `connecting ??= prisma.$connect()` / `||=`."""
    fn = enclosing_function(call)
    node, parent = call, call.parent
    while parent is not None and (fn is None or parent.id != fn.id):
        if parent.type == "augmented_assignment_expression" and \
                tf.text(parent.child_by_field_name("operator")) in ("??=", "||="):
            return _outlives(tf, parent.child_by_field_name("left"), fn)
        if parent.type == "if_statement" and node.id != (parent.child_by_field_name("condition") or node).id:
            flag = _negated_flag(tf, parent.child_by_field_name("condition"))
            if flag is not None and node.id == (parent.child_by_field_name("consequence") or parent).id \
                    and _outlives(tf, flag, fn) and _sets(tf, node, flag):
                return True
        if parent.type == "statement_block":
            for stmt in parent.named_children:
                if stmt.start_byte >= node.start_byte:
                    break
                flag = _early_return_flag(tf, stmt)
                if flag is not None and _outlives(tf, flag, fn) and _sets(tf, parent, flag):
                    return True
        node, parent = parent, parent.parent
    return False


def _negated_flag(tf, condition):
    """`X` of an `if (!X)` condition."""
    cond = strip(condition)
    if cond is None or cond.type != "unary_expression" or tf.text(cond.child_by_field_name("operator")) != "!":
        return None
    return strip(cond.child_by_field_name("argument"))


def _early_return_flag(tf, stmt):
    """`X` of `if (X) return ...;` (with or without braces, and no else)."""
    if stmt.type != "if_statement" or stmt.child_by_field_name("alternative") is not None:
        return None
    body = stmt.child_by_field_name("consequence")
    if body is not None and body.type == "statement_block" and len(body.named_children) == 1:
        body = body.named_children[0]
    if body is None or body.type != "return_statement":
        return None
    flag = strip(stmt.child_by_field_name("condition"))
    return flag if flag is not None and flag.type in ("identifier", "member_expression") else None


def _outlives(tf, flag, fn) -> bool:
    """A flag that keeps its value between calls: a module-level (or enclosing function's)
    variable, or a member of `this` or of a global object."""
    flag = strip(flag)
    if flag is None:
        return False
    if flag.type == "identifier":
        b = resolve(tf.prog, tf.text(flag), flag)
        return b is not None and b.kind in ("module", "local") and (fn is None or b.owner != fn.id)
    root, _ = member_chain(tf.prog, flag)
    return root is not None and (root.type == "this" or tf.text(root) in GLOBAL_OBJECTS)


def _sets(tf, within, flag) -> bool:
    """`within` assigns the flag (`ready = true`, `this.ready = true`)."""
    text = tf.text(flag)
    return any(tf.text(a.child_by_field_name("left")) == text
               for a in descendants(within, "assignment_expression"))


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


