"""Connection URLs in TS/JS code: literals (split ones joined) with the role their
position gives them, and URLs built by appending a query to an environment read (`+`,
template literals, `.concat`)."""

from __future__ import annotations

from ...facts import UrlConcatenation, UrlLiteral
from ...urlmodel import looks_like_connection_url
from ..ts_model import class_of, strip, string_value
from .env import env_var

URL_ROLES = {"datasourceUrl": "datasourceUrl", "connectionString": "connectionString",
             "url": "url", "accelerateUrl": "accelerateUrl", "databaseUrl": "url"}


# -- URLs -----------------------------------------------------------------------------
def scan_urls(tf) -> None:
    prog = tf.prog
    for node in prog.nodes("string", "template_string"):
        value = string_value(prog, node)
        if value is None or not looks_like_connection_url(value, sqlite_files=False):
            continue
        node, value = literal_chain(tf, node, value)
        role = None
        parent = node.parent
        while parent is not None and parent.type in ("parenthesized_expression", "as_expression",
                                                     "satisfies_expression"):
            parent = parent.parent
        if parent is not None and parent.type == "pair":
            key = parent.child_by_field_name("key")
            role = URL_ROLES.get(string_value(prog, key) if key.type == "string" else tf.text(key))
        elif parent is not None and parent.type == "arguments":
            call = parent.parent
            kind = class_of(prog, call.child_by_field_name("constructor"), tf.local_classes) \
                if call is not None and call.type == "new_expression" else None
            if kind is not None:
                role = "connectionString"
        tf.facts.add(UrlLiteral(tf.span(node), value, "code", role))
    plus_concatenations(tf)
    template_concatenations(tf)
    concat_calls(tf)


def plus_concatenations(tf) -> None:
    """`process.env.DATABASE_URL + "?connection_limit=1"`."""
    prog = tf.prog
    for node in prog.nodes("binary_expression"):
        if tf.text(node.child_by_field_name("operator")) != "+":
            continue
        right = strip(node.child_by_field_name("right"))
        appended = string_value(prog, right) if right is not None else None
        if appended is None and right is not None and right.type == "template_string":
            appended = template_head(tf, right)
        if not appended or not appended.startswith(("?", "&")) or "=" not in appended:
            continue
        env = env_var(tf, node.child_by_field_name("left"))
        if env is not None:
            tf.facts.add(UrlConcatenation(tf.span(node), "+", env, appended))


def template_concatenations(tf) -> None:
    """`${process.env.DATABASE_URL}?connection_limit=1`."""
    for node in tf.prog.nodes("template_string"):
        children = node.named_children
        for i, child in enumerate(children[:-1]):
            if child.type != "template_substitution":
                continue
            nxt = children[i + 1]
            if nxt.type != "string_fragment":
                continue
            appended = tf.text(nxt)
            if not appended.startswith(("?", "&")) or "=" not in appended:
                continue
            env = env_var(tf, child.named_children[0] if child.named_children else None)
            if env is not None:
                tf.facts.add(UrlConcatenation(tf.span(node), "template", env, appended))
                break


def concat_calls(tf) -> None:
    """`process.env.DATABASE_URL.concat("?connection_limit=1")`."""
    prog = tf.prog
    for call in prog.nodes("call_expression"):
        fn = strip(call.child_by_field_name("function"))
        if fn is None or fn.type != "member_expression" or \
                tf.text(fn.child_by_field_name("property")) != "concat":
            continue
        env = env_var(tf, fn.child_by_field_name("object"))
        args = call.child_by_field_name("arguments")
        if env is None or args is None or not args.named_children:
            continue
        appended = string_value(prog, strip(args.named_children[0]))
        if appended and appended.startswith(("?", "&")) and "=" in appended:
            tf.facts.add(UrlConcatenation(tf.span(call), "concat", env, appended))


def literal_chain(tf, node, value: str):
    """`"postgresql://u:" + "pw@host/db"`: a URL split over literals joined with `+` is
    one URL, located on the whole expression (so it is read, and masked, whole)."""
    top, parts = node, [value]
    parent = top.parent
    while parent is not None and parent.type == "binary_expression" and \
            parent.child_by_field_name("left") == top and \
            tf.text(parent.child_by_field_name("operator")) == "+":
        right = string_value(tf.prog, strip(parent.child_by_field_name("right")))
        if right is None:
            break
        parts.append(right)
        top, parent = parent, parent.parent
    return top, "".join(parts)


def template_head(tf, node) -> str | None:
    for c in node.named_children:
        return tf.text(c) if c.type == "string_fragment" else None
    return None


