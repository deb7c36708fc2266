"""Connection URLs in TS/JS code: literals (split ones joined) with the role their
position gives them, and URLs built by appending a query to an environment read (`+`,
template literals, `.concat`)."""

from __future__ import annotations

import re

from ...facts import UrlConcatenation, UrlFromResource, UrlLiteral, UrlQueryInCode
from ...urlmodel import appended_query, bare_scheme, looks_like_connection_url
from ...vocabulary.clients import JS_URL_OPTION_ROLES
from ..ts_model import class_of, resolve, strip, string_value
from .env import env_var

URL_ROLES = JS_URL_OPTION_ROLES


# -- URLs -----------------------------------------------------------------------------
def scan_urls(tf, literals: bool = True, appended: bool = True) -> None:
    """URL literals (when `literals`) and queries appended to env reads (`appended`)."""
    prog = tf.prog
    for node in prog.nodes("string", "template_string") if literals else ():
        value = string_value(prog, node)
        if value is None or not looks_like_connection_url(value, sqlite_files=False):
            continue
        node, value = literal_chain(tf, node, value)
        if bare_scheme(value):
            continue
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
    if literals:
        resource_urls(tf)
    if not appended:
        return
    plus_concatenations(tf)
    template_concatenations(tf)
    concat_calls(tf)
    search_params(tf)


_DB_SCHEME = re.compile(r"(postgres|postgresql|mysql|sqlserver|cockroachdb)://")
# The module whose `Resource` object holds a deployment's linked resources (SST).
_RESOURCE_MODULES = {"sst": "Resource"}


def resource_urls(tf) -> None:
    """`postgresql://${Resource.Db.username}:${Resource.Db.password}@${Resource.Db.host}/...`:
    a template literal whose text starts with a database scheme and whose every
    interpolation, the host after `@` among them, reads one linked resource (UrlFromResource)."""
    for node in tf.prog.nodes("template_string"):
        children = [c for c in node.named_children if c.type != "comment"]
        if len(children) < 2 or children[0].type != "string_fragment":
            continue
        m = _DB_SCHEME.match(tf.text(children[0]))
        if m is None:
            continue
        resources, host, prev, owners = set(), False, "", set()
        for c in children:
            if c.type == "string_fragment":
                prev = tf.text(c)
                continue
            field = _resource_field(tf, c)
            if field is None:
                break
            resources.add(field[0])
            owners.add(field[2])
            host = host or (field[1] == "host" and prev.endswith("@"))
            prev = ""
        else:
            if not host or len(resources) != 1:
                continue
            text = "".join(tf.text(c) for c in children if c.type == "string_fragment")
            query = text.split("?", 1)[1] if "?" in text else ""
            tf.facts.add(UrlFromResource(tf.span(node), m.group(1), query, resources.pop(),
                                         "sst", owners.pop() if len(owners) == 1 else "Resource"))


# The SST components whose fields (`host`, `username`, ...) a config interpolates into a URL.
_SST_COMPONENT = "sst.aws."


def _resource_field(tf, substitution) -> tuple[str, str, str] | None:
    """(resource, field, owner) of `${Resource.Db.host}` where `Resource` is SST's, or of
    `${rds.host}` in sst.config.ts where `const rds = new sst.aws.Postgres(...)`, else None."""
    expr = strip(substitution.named_children[0]) if substitution.named_children else None
    if expr is None or expr.type != "member_expression":
        return None
    owner = strip(expr.child_by_field_name("object"))
    if owner is not None and owner.type == "identifier" and tf.path.name.startswith("sst.config."):
        b = resolve(tf.prog, tf.text(owner), owner)
        init = strip(b.init) if b is not None and b.kind in ("local", "module") and not b.path else None
        ctor = init.child_by_field_name("constructor") if init is not None and init.type == "new_expression" else None
        if ctor is not None and tf.text(ctor).startswith(_SST_COMPONENT):
            return tf.text(owner), tf.text(expr.child_by_field_name("property")), ""
        return None
    if owner is None or owner.type != "member_expression":
        return None
    root = strip(owner.child_by_field_name("object"))
    if root is None or root.type != "identifier":
        return None
    b = resolve(tf.prog, tf.text(root), root)
    if b is None or b.kind != "import" or b.imported is None or \
            _RESOURCE_MODULES.get(b.module or "") != b.imported:
        return None
    return tf.text(owner.child_by_field_name("property")), tf.text(expr.child_by_field_name("property")), "Resource"


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
            if right.type == "template_string":
                query_in_template(tf, right, right.named_children[0], env, "+")
            else:
                query_in_string(tf, right, appended, env, "+")


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
                if i == 0:
                    # the URL itself from the environment; after literal text
                    # (`postgresql://...@host/${DB_NAME}?schema=`) it is only a part, the
                    # query is the template's own
                    tf.facts.add(UrlConcatenation(tf.span(node), "template", env, appended))
                query_in_template(tf, node, nxt, env, "template")
                break


def _method_calls(tf, methods: tuple[str, ...]):
    """(call, callee) of every `x.method(...)` call whose method is one of `methods`."""
    for call in tf.prog.nodes("call_expression"):
        fn = strip(call.child_by_field_name("function"))
        if fn is not None and fn.type == "member_expression" and \
                tf.text(fn.child_by_field_name("property")) in methods:
            yield call, fn


def concat_calls(tf) -> None:
    """`process.env.DATABASE_URL.concat("?connection_limit=1")`."""
    prog = tf.prog
    for call, fn in _method_calls(tf, ("concat",)):
        env = env_var(tf, fn.child_by_field_name("object"))
        args = call.child_by_field_name("arguments")
        if env is None or args is None or not args.named_children:
            continue
        arg = strip(args.named_children[0])
        appended = string_value(prog, arg)
        if appended and appended.startswith(("?", "&")) and "=" in appended:
            tf.facts.add(UrlConcatenation(tf.span(call), "concat", env, appended))
            query_in_string(tf, arg, appended, env, "concat")


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




# -- the parameters themselves (UrlQueryInCode), for the URL rules -------------------------

def query_in_string(tf, node, value: str, env, operator: str) -> None:
    """The parameters of a string literal (`"?connection_limit=1"`), located exactly on its
    text between the quotes when it is written without escapes on one line."""
    raw = tf.prog.data[node.start_byte + 1:node.end_byte - 1].decode("utf-8", errors="replace")
    span = tf.span_of(node.start_byte + 1, node.end_byte - 1)
    exact = raw == value and span.line == span.end_line
    tf.facts.add(UrlQueryInCode(span if exact else tf.span(node), appended_query(value), env, exact, operator))


def query_in_template(tf, template, first, env, operator: str) -> None:
    """The parameters of a template literal from the fragment `first` to the closing
    backtick, as written: `${limit}` stays a placeholder the URL rules leave alone."""
    end = template.end_byte - 1
    if first is None or first.start_byte >= end:
        return
    raw = tf.prog.data[first.start_byte:end].decode("utf-8", errors="replace")
    span = tf.span_of(first.start_byte, end)
    exact = span.line == span.end_line and "\\" not in raw
    tf.facts.add(UrlQueryInCode(span if exact else tf.span(template), appended_query(raw), env, exact, operator))


def search_params(tf) -> None:
    """`url.searchParams.set("connection_limit", "1")` (or `.append`) on `new URL(env)`."""
    prog = tf.prog
    for call, fn in _method_calls(tf, ("set", "append")):
        owner = strip(fn.child_by_field_name("object"))
        if owner is None or owner.type != "member_expression" or \
                tf.text(owner.child_by_field_name("property")) != "searchParams":
            continue
        env = _url_of_env(tf, owner.child_by_field_name("object"))
        args = call.child_by_field_name("arguments")
        argv = [strip(a) for a in (args.named_children if args is not None else ()) if a.type != "comment"]
        if env is None or len(argv) != 2:
            continue
        key, value = string_value(prog, argv[0]), _param_value(tf, argv[1])
        if key:
            tf.facts.add(UrlQueryInCode(tf.span(args), f"?{key}={value}", env, False, "searchParams"))


def _param_value(tf, node) -> str:
    value = string_value(tf.prog, node)
    if value is not None:
        return value
    if node is not None and node.type in ("number", "true", "false"):
        return tf.text(node)
    return "${...}"  # not a literal: a placeholder the URL rules leave alone


def _url_of_env(tf, node, depth: int = 0):
    """The env variable of `new URL(process.env.DATABASE_URL)`, or of a name bound to it."""
    node = strip(node)
    if node is None or depth > 3:
        return None
    if node.type == "identifier":
        b = resolve(tf.prog, tf.text(node), node)
        return _url_of_env(tf, b.init, depth + 1) if b is not None and b.kind in ("local", "module") \
            and not b.path else None
    if node.type != "new_expression" or tf.text(node.child_by_field_name("constructor")) != "URL":
        return None
    args = node.child_by_field_name("arguments")
    return env_var(tf, args.named_children[0]) if args is not None and args.named_children else None
