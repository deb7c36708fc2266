"""The interpreters of the framework tables in `vocabulary.frameworks_js`: an export, a
property or a parameter type that matches a row marks its function's scope. The tables
are the conventions; this module only says what "matches" means."""

from __future__ import annotations

import functools
import os
from pathlib import PurePosixPath

from ...facts import ScopeKind
from ...vocabulary import frameworks_js as fj
from ..ts_model import FUNCTION_TYPES, params_of, strip, string_value
from .nest import object_value

_ROW_KINDS = {row: ScopeKind(row.kind) for row in (*fj.EXPORT_ROWS, *fj.PAIR_ROWS,
                                                   *fj.CALL_PROPERTY_ROWS, *fj.PARAM_TYPE_ROWS)}


def path_matches(pattern: fj.PathPattern, path: PurePosixPath) -> bool:
    dirs = path.parts[:-1]
    stem = path.stem
    if pattern.dirs_any and not any(d in dirs for d in pattern.dirs_any):
        return False
    if any(d not in dirs for d in pattern.dirs_all) or any(d in dirs for d in pattern.dirs_none):
        return False
    if pattern.after is not None:
        first, then = pattern.after
        if first not in dirs or then not in dirs[dirs.index(first) + 1:dirs.index(first) + 2]:
            return False
    if pattern.under and not _has_run(dirs, pattern.under):
        return False
    if pattern.first_dir is not None and not _at_project_top(dirs, pattern.first_dir):
        return False
    if pattern.stems and stem not in pattern.stems:
        return False
    if pattern.stem_not_prefix is not None and stem.startswith(pattern.stem_not_prefix):
        return False
    return not pattern.suffixes or path.suffix in pattern.suffixes


@functools.lru_cache(maxsize=1024)
def _at_project_top(dirs: tuple[str, ...], folder: str) -> bool:
    """`folder` is first on the path or right under a folder holding a project file, and is
    no package of its own (giecos' `api/`, a Fastify service, is no functions folder)."""
    top = (i for i, d in enumerate(dirs) if d == folder and (i == 0 or any(
        os.path.isfile(os.path.join(*dirs[:i], name)) for name in fj.PROJECT_TOP_FILES)))
    i = next(top, None)
    return i is not None and not os.path.isfile(os.path.join(*dirs[:i + 1], "package.json"))


def _has_run(dirs: tuple[str, ...], run: tuple[str, ...]) -> bool:
    n = len(run)
    return any(dirs[i:i + n] == run for i in range(len(dirs) - n + 1))


def _name_matches(row: fj.ExportRow, name: str | None) -> bool:
    if name is None:
        return False
    if row.prefix is not None:
        return name.startswith(row.prefix)
    return not row.names or name in row.names


def _label(row: fj.ExportRow, name: str, path: PurePosixPath) -> str:
    if row.label == "stem" and name == "default":
        return path.stem
    if row.label == "hook":
        return path.stem[1:].split(".", 1)[0]
    if row.label == "route_file" and name == "default":
        return route_of_file(path) or name
    return name


def mark_export_row(s, name, value, anchor, use_server: bool) -> bool:
    """Mark an export by the first EXPORT_ROWS row it matches; False when none does."""
    for row in fj.EXPORT_ROWS:
        if not _name_matches(row, name) or not path_matches(row.path, s.path):
            continue
        if row.check is not None and not CHECKS[row.check](s, value, use_server):
            continue
        if row.worker is not None:
            s.worker = True
            s.traits.append(("cloudflare-worker", anchor, row.worker))
        s.mark(value, _ROW_KINDS[row], row.framework, _label(row, name, s.path),
               methods_of_object=row.methods_of_object)
        return True
    return False


def _use_server(s, value, use_server: bool) -> bool:
    return use_server


def azure_v3(s, value, use_server: bool = False) -> bool:
    """`module.exports = async function (context, req)`: an Azure Functions v3 handler."""
    fns = s.functions_of(value)
    return bool(fns) and any(
        s.prog.text(p) == "context" for p in (fns[0].child_by_field_name("parameters").named_children
                                              if fns[0].child_by_field_name("parameters") else ())
        for p in [p.child_by_field_name("pattern") or p])


def sveltekit_endpoint(s, value, use_server: bool = False) -> bool:
    """A pre-1.0 SvelteKit endpoint: `export const post: RequestHandler = ...`, or a
    function whose first parameter is the request event (`{ params, request }`, `event`,
    `request`). A helper `export function get(key: string)` in src/routes is not."""
    decl = value.parent if value is not None else None
    if decl is not None and decl.type == "variable_declarator":
        annotation = decl.child_by_field_name("type")
        if annotation is not None and "RequestHandler" in s.prog.text(annotation):
            return True
    fns = s.functions_of(value)
    params = params_of(fns[0]) if fns else []
    if not params:   # `export async function get() { ...; return { body: users }; }`
        return bool(fns) and _returns_response_object(s, fns[0])
    first = params[0]
    return first.type == "object_pattern" or s.prog.text(first) in ("event", "request")


_ENDPOINT_KEYS = frozenset({"body", "status", "headers"})


def _returns_response_object(s, fn) -> bool:
    """The function returns an endpoint's response (`{ body }`, `{ status: 204 }`)."""
    stack = [fn.child_by_field_name("body")]
    while stack:
        node = stack.pop()
        if node is None or node.type in FUNCTION_TYPES and node is not fn:
            continue
        if node.type == "return_statement":
            value = strip(node.named_children[0]) if node.named_children else None
            if value is not None and value.type == "object" and any(
                    s.prog.text(k) in _ENDPOINT_KEYS for m in value.named_children
                    for k in (m.child_by_field_name("key") if m.type == "pair" else m,) if k is not None):
                return True
            continue
        stack.extend(node.named_children)
    return False


CHECKS = {"use_server": _use_server, "azure_v3": azure_v3, "sveltekit_endpoint": sveltekit_endpoint}


def _imports(s) -> set[str]:
    if s.imported_modules is None:
        s.imported_modules = {b.module for b in s.prog.scopes[0].values() if b.kind == "import" and b.module}
    return s.imported_modules


def _imports_any(s, modules: tuple[str, ...]) -> bool:
    return any(m == want or want.endswith("/") and m.startswith(want)
               for m in _imports(s) for want in modules)


def mark_pair_row(s, key: str, value) -> None:
    """Mark a property's value by the first PAIR_ROWS row it matches."""
    if key not in PAIR_KEYS:
        return
    for row in fj.PAIR_ROWS:
        if row.key != key:
            continue
        if row.functions_only and (strip(value) is None or
                                   strip(value).type not in FUNCTION_TYPES | {"identifier"}):
            continue
        if row.imports and not _imports_any(s, row.imports):
            continue
        if row.resolver_map:
            mark_resolver_map(s, value, row.framework)
        else:
            s.mark(value, _ROW_KINDS[row], row.framework, None if row.methods_of_object else key,
                   methods_of_object=row.methods_of_object)
        return


PAIR_KEYS = frozenset(row.key for row in fj.PAIR_ROWS)  # frameworks.mark_pair reads it too


def mark_resolver_map(s, value, framework: str = "GraphQL resolver") -> None:
    value = strip(value)
    if value is None or value.type != "object":
        return
    for m in value.named_children:
        if m.type == "pair":
            s.mark(m.child_by_field_name("value"), ScopeKind.REQUEST, framework,
                   None, methods_of_object=True)


def mark_call_properties(s, callee: str, argv) -> None:
    """`CredentialsProvider({ authorize(...) {...} })`: the members a CALL_PROPERTY_ROWS row
    names, in the objects passed to a call it names."""
    for row in fj.CALL_PROPERTY_ROWS:
        if callee not in row.callees:
            continue
        for arg in argv:
            obj = strip(arg)
            if obj is None or obj.type != "object":
                continue
            for m in obj.named_children:
                key = m.child_by_field_name("key") if m.type == "pair" else m.child_by_field_name("name")
                if key is None or s.prog.text(key) not in row.keys:
                    continue
                target = m.child_by_field_name("value") if m.type == "pair" else m
                s.mark(target, _ROW_KINDS[row], row.framework, s.prog.text(key))


def mark_param_types(s) -> None:
    """Functions with a parameter whose type a PARAM_TYPE_ROWS row names (`event: H3Event`)."""
    for fn in s.prog.functions.values():
        for p in params_of(fn):
            holder = p.parent
            annotation = holder.child_by_field_name("type") if holder is not None else None
            if annotation is None:
                continue
            text = s.prog.text(annotation).lstrip(":").strip().split("<", 1)[0].strip()
            row = next((r for r in fj.PARAM_TYPE_ROWS if text in r.types), None)
            if row is not None:
                s.mark(fn, _ROW_KINDS[row], row.framework)
                break


def _rows_by(attr: str) -> dict[str, tuple]:
    index: dict[str, list] = {}
    for row in fj.CALL_ROWS:
        for key in getattr(row, attr):
            index.setdefault(key, []).append(row)
    return {k: tuple(v) for k, v in index.items()}


_BY_NAME, _BY_METHOD = _rows_by("names"), _rows_by("methods")
# The callee words a call must end in for `mark_call_rows` or `mark_call_properties` to
# act on it: a plain call's name, a method call's last segment (frameworks.mark_call).
MARKING_NAMES = frozenset(_BY_NAME).union(*(row.callees for row in fj.CALL_PROPERTY_ROWS))
MARKING_METHODS = frozenset(_BY_METHOD)
_CALL_KINDS = {row: ScopeKind(row.kind) for row in fj.CALL_ROWS}


def mark_call_rows(s, call, argv, name: str | None = None, method: str | None = None,
                   root=None, receiver=None) -> None:
    """A plain call `name(...)` or a method call `....method(...)` by CALL_ROWS: the first
    matching row decides, `also` rows apply whenever they match."""
    decided = False
    first = string_value(s.prog, argv[0]) if argv else None
    for row in (_BY_NAME.get(name, ()) if name is not None else _BY_METHOD.get(method, ())):
        if decided and not row.also or not _call_matches(s, row, argv, first, root):
            continue
        if not row.also:
            decided = True
        if row.check is not None and not CALL_CHECKS[row.check](s, root, receiver):
            continue
        if row.worker is not None:
            s.worker = True
            s.traits.append(("cloudflare-worker", call, row.worker))
        framework = s.framework_hint if row.framework == fj.ROUTER else row.framework
        label = first if row.label == "first_arg" else None if row.label == "none" else \
            route_of_file(s.path) or name if row.label == "route_file" else (name or method)
        HANDLERS[row.handlers](s, argv, _CALL_KINDS[row], framework, label, name or method)


def _call_matches(s, row, argv, first, root) -> bool:
    if len(argv) < row.min_args:
        return False
    if row.roots and (root is None or s.prog.text(root) not in row.roots):
        return False
    if row.first_arg is not None and first not in row.first_arg:
        return False
    return not row.first_arg_string or first is not None


def not_a_db(s, root, receiver=None) -> bool:
    """Route registration receivers are apps and routers, never clients or pools."""
    if root is None:
        return True
    text = s.prog.text(root)
    return not text.startswith("$") and "prisma" not in text.lower() and text not in fj.NOT_A_ROUTER


def _trpc(s, root, receiver) -> bool:
    return receiver is not None and receiver.type in ("call_expression", "member_expression", "identifier") \
        and not_a_db(s, root)


def _hono_router(s, root, receiver) -> bool:
    return not_a_db(s, root) and s.framework_hint == "Hono"


CALL_CHECKS = {"not_a_db": not_a_db, "trpc": _trpc, "hono_router": _hono_router}


def mark_handler_property(s, obj, framework, name, kind=ScopeKind.REQUEST, route: str | None = None) -> None:
    """`{ handler: fn }` or `{ handler() {...} }`: the handler of an options object."""
    obj = strip(obj)
    if obj is None or obj.type != "object":
        return
    for m in obj.named_children:
        key = m.child_by_field_name("key") if m.type == "pair" else m.child_by_field_name("name")
        if key is None or s.prog.text(key) != "handler":
            continue
        s.mark(m.child_by_field_name("value") if m.type == "pair" else m, kind, framework, name, route=route)


def _each(s, argv, kind, framework, label, name) -> None:
    for a in argv:
        s.mark(a, kind, framework, label)


def _after_first(s, argv, kind, framework, label, name) -> None:
    _each(s, argv[1:], kind, framework, label, name)


def _each_or_handler_pair(s, argv, kind, framework, label, name) -> None:
    for a in argv:
        obj = strip(a)
        if obj is not None and obj.type == "object":
            for m in obj.named_children:
                if m.type == "pair" and s.prog.text(m.child_by_field_name("key")) == "handler":
                    s.mark(m.child_by_field_name("value"), kind, framework, label)
        else:
            s.mark(a, kind, framework, label)


def _handler_property(s, argv, kind, framework, label, name) -> None:
    for a in argv:
        mark_handler_property(s, a, framework, label, kind)


def _first_handler_property(s, argv, kind, framework, label, name) -> None:
    """Fastify's `fastify.route({ method, url: '/health', handler })`."""
    url = object_value(s.prog, argv[0], "url")
    mark_handler_property(s, argv[0], framework, label, kind, string_value(s.prog, url))


def _second_handler_property(s, argv, kind, framework, label, name) -> None:
    mark_handler_property(s, argv[1], framework, label, kind)


def _router(s, argv, kind, framework, label, method) -> None:
    """`app.get("/", auth, handler)`: every argument that is not the path, when one of them
    is a function, a name, a call or a member (`handlers.list`, which the linker binds);
    an options object's `handler` as well."""
    if not any(strip(a) is not None and strip(a).type in FUNCTION_TYPES | {"identifier", "call_expression",
                                                                       "member_expression"}
               for a in argv):
        return
    if method == "get" and argv and _di_token(s, argv[0]):
        return  # NestJS `app.get(PrismaService)`: a lookup in the DI container, not a route
    path = string_value(s.prog, argv[0]) if argv else None
    for a in argv:
        if string_value(s.prog, a) is None:
            s.mark(a, kind, framework, None, anonymous=route_label(method, path), route=path)
            if strip(a) is not None and strip(a).type == "object":
                mark_handler_property(s, a, framework, method, kind, path)


def _di_token(s, arg) -> bool:
    """A class or token as the first argument (`PrismaService`, `Tokens.Config`): what
    `INestApplication.get(...)` and `ModuleRef.get(...)` take. A route's first argument is
    its path or a handler function, whose name is not capitalised."""
    arg = strip(arg)
    if arg is None or arg.type not in ("identifier", "member_expression"):
        return False
    last = s.prog.text(arg).rsplit(".", 1)[-1]
    return last[:1].isupper()


def route_of_file(path) -> str | None:
    """The route a file serves: Nitro's server/api/users/[id].get.ts -> `GET /api/users/[id]`,
    server/routes/feed.ts -> `/feed`, server/middleware/auth.ts -> `middleware auth`; Next.js
    pages/api/users/index.ts -> `/api/users`."""
    parts = list(path.parts)
    if "pages" in parts and "api" in parts:   # Next.js pages router: pages/api/users/[id].ts
        at = len(parts) - parts[::-1].index("pages")
        rest = [*parts[at:-1], parts[-1].split(".")[0]]
        return "/" + "/".join(rest[:-1] if rest[-1] == "index" else rest)
    if "server" not in parts:
        return None
    rest = parts[len(parts) - parts[::-1].index("server"):]
    if not rest:
        return None
    stem, *suffixes = rest[-1].split(".")[:-1] or [rest[-1]]
    if rest[0] == "middleware":
        return f"middleware {stem}"
    if rest[0] not in ("api", "routes"):
        return None
    segments = [*(rest[1:-1] if rest[0] == "routes" else rest[:-1]), *([] if stem == "index" else [stem])]
    verb = next((x.upper() for x in suffixes if x in fj.HTTP_ROUTE_VERBS), None)
    route = "/" + "/".join(segments)
    return f"{verb} {route}" if verb else route


def route_label(method: str, path: str | None) -> str:
    """How a user names an anonymous route handler: `GET /users`, `use('*')`, `use()`."""
    if method in fj.HTTP_ROUTE_VERBS:
        return f"{method.upper()} {path}" if path is not None else method.upper()
    return f"{method}('{path}')" if path is not None else f"{method}()"


HANDLERS = {"each": _each, "after_first": _after_first, "each_or_handler_pair": _each_or_handler_pair,
            "handler_property": _handler_property, "first_handler_property": _first_handler_property,
            "second_handler_property": _second_handler_property, "router": _router}
