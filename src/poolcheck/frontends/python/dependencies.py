"""FastAPI's dependency syntax, read one way by every Python symbol pass.

`Depends(get_db)`, `svc: Svc = Depends(Svc)`, `svc: Svc = Depends()`,
`svc: Annotated[Svc, Depends()]`, `Annotated[Svc, Depends(Svc)]` kept on `self` in
`__init__`: the registration pass (symbol_scopes) starts from the `Depends(...)` call, the
call-site pass (symbol_calls) from a parameter, the class pass (symbols) from an
`__init__` annotation; all three ask the functions here. A marker bound to a module-level
name (`DB = Depends(get_db)`, `DbDep = Annotated[Prisma, Depends(get_db)]`) is taken by
that name (`db = DB`, `db: DbDep`): `marker_alias` and `marker_names` read both ends.
"""

from __future__ import annotations

import ast

from ...vocabulary.frameworks_py import DEPENDS

# The names a dependency marker is called by (fastapi.Depends / Security, litestar's
# Provide), for a call whose module the import table does not name.
DEPENDS_NAMES = frozenset(q.rsplit(".", 1)[-1] for q in DEPENDS)
# The markers FastAPI accepts as a parameter's default (litestar declares dependencies
# on the route instead).
PARAMETER_MARKERS = frozenset(q.rsplit(".", 1)[-1] for q in DEPENDS if q.startswith("fastapi."))


def last_name(expr) -> str:
    """`Depends` of `fastapi.Depends`, `Svc` of `Svc`; "" for anything else."""
    return expr.attr if type(expr) is ast.Attribute else getattr(expr, "id", "")


def capitalised(expr) -> bool:
    """A class by its capital: `UserService`, `services.UserService`."""
    return last_name(expr)[:1].isupper()


def _annotated_parts(note):
    """The elements of `Annotated[X, ...]`, or None."""
    if type(note) is ast.Subscript and last_name(note.value) == "Annotated" \
            and type(note.slice) is ast.Tuple and note.slice.elts:
        return note.slice.elts
    return None


def unannotated(note):
    """`Annotated[UserService, Depends(UserService)]` -> `UserService`; others unchanged."""
    parts = _annotated_parts(note)
    return parts[0] if parts is not None else note


def parameter_class(fn: ast.FunctionDef | ast.AsyncFunctionDef, name: str):
    """The class a FastAPI parameter is an instance of: `s: Svc = Depends(Svc)`,
    `s: Svc = Depends()`, `s: Annotated[Svc, Depends()]`, `s: Svc = Depends(get_svc)` (the
    annotation says what the provider returns; a class by its capital), or None."""
    a = fn.args
    params = [*a.posonlyargs, *a.args]
    defaults = dict(zip((p.arg for p in params[len(params) - len(a.defaults):]), a.defaults))
    defaults.update((p.arg, d) for p, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None)
    ann = next((p.annotation for p in (*params, *a.kwonlyargs) if p.arg == name), None)
    dep = defaults.get(name)
    parts = _annotated_parts(ann)
    if parts is not None:
        ann, dep = parts[0], next((e for e in parts[1:] if type(e) is ast.Call), dep)
    if type(dep) is not ast.Call or last_name(dep.func) not in PARAMETER_MARKERS:
        return None
    cls = dep.args[0] if dep.args and capitalised(dep.args[0]) else ann
    return cls if cls is not None and capitalised(cls) else None


def marker_annotation(parent: dict, call: ast.Call):
    """The class a bare `Depends()` stands for, from where it is written: the annotation of
    the parameter it defaults (`x: Svc = Depends()`) or the first element of the
    `Annotated[Svc, Depends()]` it sits in; None elsewhere. `parent`: node -> parent."""
    p = parent.get(call)
    if type(p) is ast.Tuple and type(parent.get(p)) is ast.Subscript:
        parts = _annotated_parts(parent.get(p))
        return parts[0] if parts is not None else None
    if type(p) is not ast.arguments:
        return None
    args = [*p.posonlyargs, *p.args]
    for a, d in zip(args[len(args) - len(p.defaults):], p.defaults):
        if d is call:
            return a.annotation
    for a, d in zip(p.kwonlyargs, p.kw_defaults):
        if d is call:
            return a.annotation
    return None


# `type DbDep = Annotated[...]` (Python 3.12's statement; absent from older `ast`s)
_TYPE_ALIAS = getattr(ast, "TypeAlias", None)


def marker_alias(parent: dict, module: ast.Module, call: ast.Call) -> str | None:
    """The module-level name a marker is bound to: `DB = Depends(get_db)`, `DbDep =
    Annotated[Prisma, Depends(get_db)]` (also `DbDep: TypeAlias = ...`, `type DbDep = ...`);
    None anywhere else. `parent`: node -> parent."""
    value = call
    p = parent.get(call)
    if type(p) is ast.Tuple and type(parent.get(p)) is ast.Subscript:
        value = parent.get(p)
        if _annotated_parts(value) is None:
            return None
    stmt = parent.get(value)
    if parent.get(stmt) is not module:
        return None
    t = type(stmt)
    if t is ast.Assign and stmt.value is value and len(stmt.targets) == 1:
        target = stmt.targets[0]
    elif t is ast.AnnAssign and stmt.value is value or _TYPE_ALIAS is not None and t is _TYPE_ALIAS:
        target = stmt.target if t is ast.AnnAssign else stmt.name
    else:
        return None
    return target.id if type(target) is ast.Name else None


def marker_names(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list:
    """The expressions by which a function's parameters may take a module-level marker:
    a default or an annotation that is a name (`db = DB`, `db: DbDep`, `db = deps.DB`), or
    an element after the first of an `Annotated[...]` annotation (`Annotated[Prisma, DB]`)."""
    a = fn.args
    out = []
    for p in (*a.posonlyargs, *a.args, *a.kwonlyargs):
        parts = _annotated_parts(p.annotation)
        out.extend(parts[1:] if parts is not None else (p.annotation,))
    out.extend(d for d in (*a.defaults, *a.kw_defaults) if d is not None)
    return [e for e in out if type(e) in (ast.Name, ast.Attribute)]
