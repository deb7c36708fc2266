"""The interpreters of the framework tables in `vocabulary.frameworks_js`: an export, a
property or a parameter type that matches a row marks its function's scope. The tables
are the conventions; this module only says what "matches" means."""

from __future__ import annotations

from pathlib import PurePosixPath

from ...facts import ScopeKind
from ...vocabulary import frameworks_js as fj
from ..ts_model import FUNCTION_TYPES, params_of, strip

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
    if pattern.first_dir is not None and (not dirs or dirs[0] != pattern.first_dir):
        return False
    if pattern.stems and stem not in pattern.stems:
        return False
    if pattern.stem_not_prefix is not None and stem.startswith(pattern.stem_not_prefix):
        return False
    return not pattern.suffixes or path.suffix in pattern.suffixes


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
    if not params:
        return False
    first = params[0]
    return first.type == "object_pattern" or s.prog.text(first) in ("event", "request")


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
