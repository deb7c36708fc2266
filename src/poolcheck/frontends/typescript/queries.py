"""Parallel query fan-outs: `Promise.all(xs.map(x => db.model.query(...)))` (PC205)."""

from __future__ import annotations

from ...facts import ParallelQueries
from ..ts_model import DISTINCT_QUERY_METHODS, FUNCTION_TYPES, QUERY_METHODS, RAW_METHODS, \
    member_chain, resolve, strip
from . import clients
from .gates import _QUERY_WORDS, has_word


# -- Promise.all(xs.map(...)) -----------------------------------------------------------
def parallel(tf, call) -> None:
    shape = fan_out_mapper(tf, call)
    if shape is None:
        return
    fn, mapper = shape
    stack = [mapper]
    while stack:
        node = stack.pop()
        if node.type == "call_expression" and is_query_call(tf, node):
            tf.facts.add(ParallelQueries(
                span=tf.span(call), scope=tf.scopes.at(call),
                collection=tf.text(fn.child_by_field_name("object"))))
            return
        stack.extend(node.named_children)


def fan_out_mapper(tf, call):
    """(the `xs.map` callee, the mapper function) of `Promise.all(xs.map(fn))` when `fn`'s
    text names a query method (a query call in it is `is_query_call`'s: its last segment is
    one), else None. Read from the tree alone: `analyser.dispatch_target` asks it."""
    args = call.child_by_field_name("arguments")
    if args is None or not args.named_children:
        return None
    inner = strip(args.named_children[0])
    if inner is None or inner.type != "call_expression":
        return None
    fn = strip(inner.child_by_field_name("function"))
    if fn is None or fn.type != "member_expression" or \
            tf.text(fn.child_by_field_name("property")) != "map":
        return None
    margs = inner.child_by_field_name("arguments")
    mapper = strip(margs.named_children[0]) if margs is not None and margs.named_children else None
    if mapper is None or mapper.type not in FUNCTION_TYPES or \
            not has_word(tf.prog.data[mapper.start_byte:mapper.end_byte], _QUERY_WORDS):
        return None
    return fn, mapper


def is_query_call(tf, call) -> bool:
    root, segments = member_chain(tf.prog, call.child_by_field_name("function"))
    if root is None or not segments:
        return False
    last = segments[-1]
    if root.type == "identifier":
        b = resolve(tf.prog, tf.text(root), root)
        client = clients.is_client_binding(tf, b)
        if len(segments) == 2 and last in QUERY_METHODS and (client or last in DISTINCT_QUERY_METHODS):
            return True
        if len(segments) == 1 and last in RAW_METHODS and client:
            return True
        if len(segments) == 1 and last in QUERY_METHODS and b is not None and b.path and \
                clients.is_client_expr(tf, b.init):
            return True
    if root.type == "this" and len(segments) == 3 and last in QUERY_METHODS:
        return segments[0] in tf.clientlike_this
    return False


