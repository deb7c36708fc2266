"""Connection URLs in Python code: URL literals with the role their position gives them,
and URLs built by appending a query to an environment read (`+`, f-strings, `%`,
`.format`)."""

from __future__ import annotations

import re

import libcst as cst

from ...facts import UrlConcatenation, UrlLiteral
from ...urlmodel import env_name_holds_url, looks_like_connection_url
from .env import env_read, subscript_key
from .values import string_value

# URL query keys that mark an appended string as a database URL's query
URL_PARAMS = ("connection_limit", "pool_timeout", "pgbouncer", "schema", "sslmode",
              "connect_timeout", "socket_timeout", "statement_cache_size", "sslaccept")


# -- URLs -------------------------------------------------------------------------
def url_literal(pf, node) -> None:
    parent = pf.parent(node)
    if isinstance(parent, cst.ConcatenatedString):
        return  # reported once, for the whole concatenation
    value = string_value(node)
    if value is None or not looks_like_connection_url(value, sqlite_files=False):
        return
    role, env_var = url_role(pf, node)
    pf.facts.add(UrlLiteral(span=pf.span(node), value=value, origin="code",
                              role=role, env_var=env_var))


def url_role(pf, node) -> tuple[str | None, str | None]:
    p = pf.parent(node)
    if isinstance(p, cst.DictElement) and p.value is node:
        key = string_value(p.key)
        dict_parent = pf.parent(pf.parent(p))
        if isinstance(dict_parent, cst.Arg) and dict_parent.keyword is not None:
            return f"{dict_parent.keyword.value}.{key}", None
        return key, None
    if isinstance(p, cst.Arg):
        if p.keyword is not None:
            return p.keyword.value, None
        call = pf.parent(p)
        if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) \
                and call.func.attr.value == "setdefault" and call.args[0].value is not node:
            env = string_value(call.args[0].value)
            return env, env
    if isinstance(p, cst.Assign):
        t = p.targets[0].target
        if isinstance(t, cst.Subscript) and "os.environ" in pf.qnames(t.value):
            env = subscript_key(pf, t)
            return env, env
        if isinstance(t, cst.Name):
            return t.value, None
    return None, None


def report_concat(pf, node, operator: str, env, appended: str) -> None:
    if env is False or not appended.lstrip().startswith("?"):
        return
    env_name = env if isinstance(env, str) else None
    urlish = env_name is not None and env_name_holds_url(env_name)
    if not urlish and not any(p in appended for p in URL_PARAMS):
        return
    pf.facts.add(UrlConcatenation(span=pf.span(node), operator=operator,
                                    env_var=env_name, appended=appended.strip()))


def fstring_concat(pf, node: cst.FormattedString) -> None:
    parts = node.parts
    for i, part in enumerate(parts[:-1]):
        nxt = parts[i + 1]
        if isinstance(part, cst.FormattedStringExpression) and isinstance(nxt, cst.FormattedStringText):
            env = env_read(pf, part.expression)
            if env is not False:
                report_concat(pf, node, "f-string", env, nxt.value)
                return


def binop_concat(pf, node: cst.BinaryOperation) -> None:
    if isinstance(node.operator, cst.Add):
        right = string_value(node.right)
        if right is None:
            return
        left = node.left
        while isinstance(left, cst.BinaryOperation) and isinstance(left.operator, cst.Add):
            left = left.right
        report_concat(pf, node, "+", env_read(pf, left), right)
    elif isinstance(node.operator, cst.Modulo):
        fmt = string_value(node.left)
        if fmt is None or "%s?" not in fmt:
            return
        values = [e.value for e in node.right.elements] if isinstance(node.right, cst.Tuple) else [node.right]
        index = fmt.split("%s?")[0].count("%s")
        if index < len(values):
            report_concat(pf, node, "%", env_read(pf, values[index]),
                                fmt.split("%s", index + 1)[-1])


def format_call(pf, call: cst.Call) -> None:
    func = call.func
    fmt = string_value(func.value)
    if fmt is None:
        return
    m = re.search(r"\{(\w*)\}(\?[^{]*)", fmt)
    if not m:
        return
    field_name, appended = m.group(1), m.group(2)
    target = None
    if field_name == "" or field_name.isdigit():
        index = int(field_name) if field_name else fmt[:m.start()].count("{}")
        positional = [a for a in call.args if a.keyword is None]
        if index < len(positional):
            target = positional[index].value
    else:
        target = next((a.value for a in call.args if a.keyword and a.keyword.value == field_name), None)
    if target is not None:
        report_concat(pf, call, "format", env_read(pf, target), appended)


