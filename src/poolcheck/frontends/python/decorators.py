"""What a decorator makes of a function, decided once for both Python readers: the
LibCST pass (`frameworks.py`) and the `ast` symbol pass (`symbol_scopes.py`) each find
the decorator's qualified name or attribute in their own tree, then ask this module.
The tables are the vocabulary's (`vocabulary.frameworks_py`), as ScopeKinds."""

from __future__ import annotations

from ...facts import ScopeKind
from ...vocabulary import frameworks_py as fp

DECORATOR_QNAMES = {q: (ScopeKind(k), fw) for q, (k, fw) in fp.DECORATOR_QNAMES.items()}
HOOK_ATTRS = {a: ScopeKind(k) for a, k in fp.HOOK_ATTRS.items()}
HOOK_LISTS = {a: ScopeKind(k) for a, k in fp.HOOK_LISTS.items()}
HOOK_KEYWORDS = {a: ScopeKind(k) for a, k in fp.HOOK_KEYWORDS.items()}

# A decorator that makes a function one of these decides it, whatever else decorates it.
FINAL = (ScopeKind.FACTORY, ScopeKind.TEST)
# Rows whose scope depends on the event named by the decorator call's first argument.
EVENT_ROWS = frozenset({"by_event", "by_hook_event"})


def qname_scope(q: str | None) -> tuple[ScopeKind, str] | None:
    """(kind, framework) of a decorator by its qualified name (`fastapi.APIRouter.get`,
    `pytest.fixture`, a Litestar route), or None."""
    if q in DECORATOR_QNAMES:
        return DECORATOR_QNAMES[q]
    if q in fp.LITESTAR_ROUTES:
        return ScopeKind.REQUEST, "Litestar"
    return None


def attr_row_scope(row: fp.DecoratorAttrRow, attr: str, event: str | None, web: str | None,
                   imported) -> tuple[ScopeKind, str | None] | None:
    """(kind, framework) a matched `@x.attr(...)` row gives (`fp.decorator_attr_row`), or
    None (a listener of an event it does not know). `event`: the string first argument of
    the decorator call for the EVENT_ROWS rows; `web`: the file's web framework."""
    if row.kind == "by_event":
        kind = ScopeKind.STARTUP if event == "startup" else ScopeKind.TEARDOWN
    elif row.kind == "by_hook_event":
        kind = HOOK_ATTRS.get(event or "")
        if kind is None:
            return None
    elif row.kind == "by_hook":
        kind = HOOK_ATTRS[attr]
    else:
        kind = ScopeKind(row.kind)
    framework = row.framework
    if framework == fp.WEB:
        framework = web
    elif framework == fp.CHALICE_OR_WEB:
        framework = "Chalice" if "chalice" in imported and kind is ScopeKind.REQUEST else web
    return kind, framework


def route_decorator(attr: str | None, qnames) -> bool:
    """A decorator whose first argument is the path its route serves: `@app.get(...)`,
    `@bp.route(...)`, Litestar's `@get(...)`; with layout.health_url, a health check."""
    return attr in fp.ROUTE_ATTRS or any(q in fp.LITESTAR_ROUTES for q in qnames)
