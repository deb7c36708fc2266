"""Connection URLs in Python code: URL literals with the role their position gives them,
and URLs built by appending a query to an environment read (`+`, f-strings, `%`,
`.format`)."""

from __future__ import annotations

import re

import libcst as cst

from ...core.diagnostics import Span
from ...facts import UrlConcatenation, UrlLiteral, UrlQueryInCode
from ...urlmodel import appended_query, bare_scheme, env_name_holds_url, looks_like_connection_url
from ...vocabulary.clients import URL_QUERY_KEYS
from .env import env_read, module_statements, subscript_key
from .values import number, string_value

# URL query keys that mark an appended string as a database URL's query
URL_PARAMS = URL_QUERY_KEYS


# -- URLs -------------------------------------------------------------------------
def url_literal(pf, node) -> None:
    parent = pf.parent(node)
    if isinstance(parent, cst.ConcatenatedString):
        return  # reported once, for the whole concatenation
    value = string_value(node)
    if value is None or not looks_like_connection_url(value, sqlite_files=False) or bare_scheme(value):
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


def report_concat(pf, node, operator: str, env, appended: str, query_at=None) -> None:
    """A query appended to an environment read: the UrlConcatenation (PC311) and the
    parameters themselves (UrlQueryInCode), placed by `query_at() -> (span, exact)` when
    the caller can say where the parameter text is, else on `node`."""
    if env is False or not appended.lstrip().startswith(("?", "&")) or "=" not in appended:
        return
    env_name = env if isinstance(env, str) else None
    urlish = env_name is not None and env_name_holds_url(env_name)
    if not urlish and not any(p in appended for p in URL_PARAMS):
        return
    pf.facts.add(UrlConcatenation(span=pf.span(node), operator=operator,
                                    env_var=env_name, appended=appended.strip()))
    span, exact, query = query_at() if query_at is not None and appended == appended.strip() \
        else (None, False, None)
    pf.facts.add(UrlQueryInCode(span if exact else pf.span(node), appended_query(query or appended.strip()),
                                env_name, exact, operator))


def fstring_concat(pf, node: cst.FormattedString) -> None:
    parts = node.parts
    for i, part in enumerate(parts[:-1]):
        nxt = parts[i + 1]
        if isinstance(part, cst.FormattedStringExpression) and isinstance(nxt, cst.FormattedStringText):
            env = env_read(pf, part.expression)
            if env is not False and i > 0:
                return   # `f"postgresql://...@host/{db_name}?schema=x"`: a part, not the URL
            if env is not False:
                rest = parts[i + 1:]
                report_concat(pf, node, "f-string", env, nxt.value,
                              lambda: _parts_at(pf, rest))
                return


def binop_concat(pf, node: cst.BinaryOperation) -> None:
    if isinstance(node.operator, cst.Add):
        right = string_value(node.right)
        if right is None:
            return
        left = node.left
        while isinstance(left, cst.BinaryOperation) and isinstance(left.operator, cst.Add):
            if string_value(left.left) is not None:
                return   # `"postgresql://...@host/" + db_name + "?x=1"`: a part, not the URL
            left = left.right
        report_concat(pf, node, "+", env_read(pf, left), right, lambda: (*string_at(pf, node.right), None))
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




def string_at(pf, node, lead: int = 0) -> tuple[Span, bool]:
    """Where a plain string literal's text is: between its quotes (`lead` columns before
    them too: the quote stands for a `?` the code leaves out), exact when it is written on
    one line without escapes."""
    span = pf.span(node)
    if not isinstance(node, cst.SimpleString) or span.line != span.end_line:
        return span, False
    prefix = len(node.prefix)
    quote = len(node.quote)
    inner = node.value[prefix + quote:len(node.value) - quote]
    if inner != string_value(node) or lead > prefix + quote:
        return span, False
    return Span(span.line, span.col + prefix + quote - lead, span.line, span.end_col - quote), True


def _parts_at(pf, parts) -> tuple[Span, bool, str]:
    """An f-string's parts from the query on, as written (`{limit}` stays a placeholder)."""
    first, last = pf.span(parts[0]), pf.span(parts[-1])
    raw = "".join(pf.code(p) for p in parts)
    span = Span(first.line, first.col, last.end_line, last.end_col)
    return span, span.line == span.end_line and "\\" not in raw and "{{" not in raw, raw


_URLLIB_PARSE = frozenset({"urlparse", "urlsplit"})


def replace_query(pf, call: cst.Call) -> None:
    """`urlparse(os.environ["DATABASE_URL"])._replace(query="connection_limit=1")`, the
    parsed URL bound to a name or not; the query a string or `urlencode({...})`."""
    func = call.func
    if not isinstance(func, cst.Attribute) or func.attr.value != "_replace":
        return
    arg = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == "query"), None)
    env = _parsed_env(pf, func.value)
    if arg is None or env is False:
        return
    env_name = env if isinstance(env, str) else None
    text = string_value(arg)
    if text is not None:
        span, exact = string_at(pf, arg, lead=1)
        query = "?" + text.lstrip("?")
    elif isinstance(arg, cst.Call) and isinstance(arg.func, (cst.Name, cst.Attribute)) \
            and pf.code(arg.func).rsplit(".", 1)[-1] == "urlencode" and arg.args \
            and isinstance(arg.args[0].value, cst.Dict):
        span, exact = pf.span(arg), False
        query = "?" + "&".join(f"{k}={v}" for k, v in _dict_items(arg.args[0].value))
    else:
        return
    if len(query) > 1:
        pf.facts.add(UrlQueryInCode(span if exact else pf.span(arg), query, env_name, exact, "urllib"))


def _dict_items(node: cst.Dict):
    for el in node.elements:
        if not isinstance(el, cst.DictElement):
            continue
        key = string_value(el.key)
        if key is None:
            continue
        value = string_value(el.value)
        if value is None:
            num = number(el.value)
            value = str(int(num)) if num is not None and num == int(num) else "{...}"
        yield key, value


def _parsed_env(pf, expr, depth: int = 0):
    """The env variable `expr` parses (`urlparse(os.environ["X"])`, or a name bound to it);
    False when it parses no environment read."""
    if isinstance(expr, cst.Call):
        if not pf.import_qnames(expr.func, _URLLIB_PARSE) & {"urllib.parse.urlparse", "urllib.parse.urlsplit"} \
                or not expr.args:
            return False
        return env_read(pf, expr.args[0].value)
    if isinstance(expr, cst.Name) and depth < 3:
        fn = pf.enclosing_func(expr)
        scopes = ([pf.subtree(fn.node)] if fn is not None else []) + [module_statements(pf.module)]
        for n in (n for scope in scopes for n in scope):
            if isinstance(n, cst.Assign) and len(n.targets) == 1 \
                    and isinstance(n.targets[0].target, cst.Name) and n.targets[0].target.value == expr.value:
                found = _parsed_env(pf, n.value, depth + 1)
                if found is not False:
                    return found
    return False
