"""Direct scopes from framework conventions: decorators, base classes, signatures and
registrations (`Depends(fn)`, `app.add_api_route(p, fn)`, `FastAPI(lifespan=fn)`,
`asyncio.run(main())`), read from the tables in `vocabulary.frameworks_py`."""

from __future__ import annotations

import libcst as cst

from ...facts import ScopeKind
from ...vocabulary import frameworks_py as fp
from . import scopes
from .context import Func
from ...vocabulary.layout import health_url
from .decorators import EVENT_ROWS, FINAL, HOOK_KEYWORDS, HOOK_LISTS, attr_row_scope, qname_scope, \
    route_decorator
from .values import string_value


def _tails(*names) -> frozenset:
    return frozenset(n.rsplit(".", 1)[-1] for group in names for n in group)


# The vocabulary spells scope kinds as their values; the passes compare ScopeKind members.
_REGISTRATION_TAILS = _tails(fp.DEPENDS, fp.RUNNERS, fp.ROUTE_CONSTRUCTORS)
_BASE_TAILS = frozenset(fp.VIEW_BASES) | frozenset(fp.STARTUP_BASES)
_DECORATOR_TAILS = _tails(fp.DECORATOR_QNAMES, fp.LITESTAR_ROUTES)


def web_framework(imported: set[str]) -> str | None:
    for module, label in fp.FRAMEWORKS:
        if module in imported and label not in ("Celery", "RQ"):
            return label
    return None


# -- pass 2: direct scope of every function --------------------------------------
def classify(pf) -> None:
    web = web_framework(pf.imported)
    for f in pf.funcs.values():
        f.direct = decorated(pf, f, web) or by_class(pf, f) or by_signature(pf, f, web)
    # registrations anywhere in the file
    for node in pf.index.calls:
        registration(pf, node, web)


def decorated(pf, f: Func, web: str | None):
    found = None
    for dec in f.node.decorators:
        expr = dec.decorator
        call = expr if isinstance(expr, cst.Call) else None
        target = call.func if call is not None else expr
        qn = pf.import_qnames(target, _DECORATOR_TAILS)
        for q in qn:
            hit = qname_scope(q)
            if hit is not None and hit[0] in FINAL:
                return hit
            found = found or hit
        attr = target.attr.value if isinstance(target, cst.Attribute) else None
        if call is not None and call.args and call.args[0].keyword is None and route_decorator(attr, qn) \
                and health_url(string_value(call.args[0].value)):
            f.health = True   # `@app.get("/health")` (Scope.health)
        if attr is None:
            continue
        row = fp.decorator_attr_row(attr, call.args if call is not None else None, pf.imported)
        if row is not None and not found:
            event = string_value(call.args[0].value) if row.kind in EVENT_ROWS else None
            found = attr_row_scope(row, attr, event, web, pf.imported)
            if found is not None and row.kind == "by_hook" and attr.startswith("teardown"):
                pf.teardown_hooks.add(f.node)
    return found



def by_class(pf, f: Func):
    if f.cls is None:
        return None
    for base in f.cls.bases:
        code = pf.code(base.value)
        # the tails check is exact here only when the written name cannot match either
        tails = None if code.rsplit(".", 1)[-1] in _BASE_TAILS else _BASE_TAILS
        names = pf.import_qnames(base.value, tails) or {code}
        for q in names:
            last = q.rsplit(".", 1)[-1]
            if last in fp.VIEW_BASES:
                methods, fw = fp.VIEW_BASES[last]
                if f.name in methods:
                    return ScopeKind.REQUEST, fw
            if last in fp.STARTUP_BASES and f.name == fp.STARTUP_BASES[last][0]:
                return ScopeKind.STARTUP, fp.STARTUP_BASES[last][1]
    # Django-style middleware: __init__(pf, get_response) + __call__(pf, request)
    if f.name in ("__call__", "process_request", "process_view"):
        for stmt in f.cls.body.body:
            if isinstance(stmt, cst.FunctionDef) and stmt.name.value == "__init__":
                params = [p.name.value for p in stmt.params.params]
                if "get_response" in params or "app" in params:
                    return ScopeKind.REQUEST, web_framework(pf.imported) or "middleware"
    return None


def by_signature(pf, f: Func, web: str | None):
    """A module-level function by the first SIGNATURE_ROWS row it matches."""
    if f.parent is not None or f.cls is not None:
        return None
    params = [p.name.value for p in f.node.params.params]
    for row in fp.SIGNATURE_ROWS:
        if _signature_matches(pf, f, params, row):
            return ScopeKind(row.kind), (web or "Django") if row.framework == fp.WEB_OR_DJANGO else row.framework
    return None


def _signature_matches(pf, f: Func, params: list[str], row) -> bool:
    if row.names and f.name not in row.names or f.name in row.not_names:
        return False
    if row.first_params and params[:len(row.first_params)] != list(row.first_params):
        return False
    if row.param_count is not None and len(params) != row.param_count or len(params) < row.min_params:
        return False
    if row.imports and not any(m in pf.imported for m in row.imports):
        return False
    return not row.views_module or pf.path.stem == "views" or "views" in pf.path.parts[:-1]


def registration(pf, call: cst.Call, web: str | None) -> None:
    ctx = pf.enclosing_func(call)
    func = call.func
    bare = isinstance(func, cst.Name) and func.value in ("Depends", "Security")
    qn = pf.import_qnames(func, None if bare else _REGISTRATION_TAILS)
    args = [a for a in call.args if a.keyword is None]
    # Depends(fn) / Security(fn) / Provide(fn)
    if qn & fp.DEPENDS or (not qn and isinstance(func, cst.Name) and func.value in ("Depends", "Security")):
        target = args[0].value if args else next(
            (a.value for a in call.args if a.keyword and a.keyword.value == "dependency"), None)
        if target is not None:
            scopes.mark(pf, pf.func_for_expr(target, ctx), ScopeKind.REQUEST,
                       "FastAPI dependency" if "fastapi" in pf.imported else web)
        return
    if qn & fp.RUNNERS:
        if args and isinstance(args[0].value, cst.Call):
            scopes.mark(pf, pf.func_for_expr(args[0].value.func, ctx), ScopeKind.SCRIPT, None)
        elif args:
            scopes.mark(pf, pf.func_for_expr(args[0].value, ctx), ScopeKind.SCRIPT, None)
        return
    if qn & fp.ROUTE_CONSTRUCTORS:
        target = args[1].value if len(args) > 1 else next(
            (a.value for a in call.args if a.keyword and a.keyword.value in ("endpoint", "handler")), None)
        if target is not None:
            scopes.mark(pf, pf.func_for_expr(target, ctx), ScopeKind.REQUEST, web)
        return
    for a in call.args:
        if a.keyword is None or a.keyword.value not in HOOK_KEYWORDS:
            continue
        kind = HOOK_KEYWORDS[a.keyword.value]
        values = [e.value for e in a.value.elements] if isinstance(a.value, (cst.List, cst.Tuple)) \
            else [a.value]
        for v in values:
            if isinstance(v, cst.Call) and a.keyword.value == "dependencies":
                continue
            scopes.mark(pf, pf.func_for_expr(v, ctx), kind, web)
    if not isinstance(func, cst.Attribute):
        # main() called under `if __name__ == "__main__":`
        if any(a in pf.script_nodes for a in pf.ancestors(call)):
            scopes.mark(pf, pf.func_for_expr(func, ctx), ScopeKind.SCRIPT, None)
        return
    _registered_by_method(pf, call, func, args, ctx, web)


def _registered_by_method(pf, call: cst.Call, func: cst.Attribute, args, ctx, web) -> None:
    """`x.add_api_route(p, fn)`, `app.add_event_handler("startup", fn)`,
    `app.on_startup.append(fn)`, `app.add_middleware(Cls)`, `loop.run_until_complete(main())`,
    and any call under `if __name__ == "__main__":`."""
    attr = func.attr.value
    if attr in fp.REGISTER_ATTRS:
        index = fp.REGISTER_ATTRS[attr]
        target = args[index].value if len(args) > index else next(
            (a.value for a in call.args if a.keyword and a.keyword.value in fp.REGISTER_KEYWORDS), None)
        if target is not None:
            fw = "RQ" if attr.startswith("enqueue") else web
            hook = pf.func_for_expr(target, ctx)
            if hook is not None and attr.startswith("teardown"):
                pf.teardown_hooks.add(hook.node)
            scopes.mark(pf, hook, ScopeKind.REQUEST, fw)
    elif attr == "add_event_handler" and len(args) >= 2:
        event = string_value(args[0].value)
        scopes.mark(pf, pf.func_for_expr(args[1].value, ctx),
                   ScopeKind.STARTUP if event == "startup" else ScopeKind.TEARDOWN, web)
    elif attr in ("append", "insert") and isinstance(func.value, cst.Attribute) \
            and func.value.attr.value in HOOK_LISTS and args:
        scopes.mark(pf, pf.func_for_expr(args[-1].value, ctx), HOOK_LISTS[func.value.attr.value], web)
    elif attr == "add_middleware" and args:
        cls_name = pf.code(args[0].value)
        for name in ("dispatch", "__call__"):
            scopes.mark(pf, pf.by_qname.get(f"{cls_name}.{name}"), ScopeKind.REQUEST, web)
    elif attr in ("run_until_complete",) and args and isinstance(args[0].value, cst.Call):
        scopes.mark(pf, pf.func_for_expr(args[0].value.func, ctx), ScopeKind.SCRIPT, None)
    elif any(a in pf.script_nodes for a in pf.ancestors(call)):
        scopes.mark(pf, pf.func_for_expr(func, ctx), ScopeKind.SCRIPT, None)


