"""The Python symbols of a class (`symbols.py`): what `__init__` puts on `self` (fields
holding a client, an injected class, or the constructor's own argument) and what a
module-level construction is built with, for the linker's hand-wired injection
(`linker.wiring`: `UserRepo(db)` with `self.db = db`)."""

from __future__ import annotations

import ast

from ...symbols import CalleeRef, Instance
from .dependencies import capitalised as _capitalised, unannotated
from .symbol_calls import _assignment
from .symbol_effects import FUNCS, is_prisma_class


def param_fields(init) -> tuple[tuple[str, int], ...]:
    """(field, argument position) for `self.repo = repo` among `__init__`'s own statements,
    `repo` its parameter (positions count the call's arguments: `self` is not one)."""
    params = [a.arg for a in (*init.args.posonlyargs, *init.args.args)][1:]
    out = []
    for stmt in init.body:
        targets, value = _assignment(stmt) if type(stmt) in (ast.Assign, ast.AnnAssign) else ([], None)
        if type(value) is not ast.Name or value.id not in params:
            continue
        for t in targets:
            if type(t) is ast.Attribute and type(t.value) is ast.Name and t.value.id == "self":
                out.append((t.attr, params.index(value.id)))
    return tuple(out)


def param_defaults(ex, init) -> tuple[tuple[int, CalleeRef], ...]:
    """(argument position, what it names) of `__init__`'s parameters whose default is an
    import or a module-level name (`def __init__(self, db: Prisma = db)`)."""
    params = [a.arg for a in (*init.args.posonlyargs, *init.args.args)][1:]
    offset = len(params) - len(init.args.defaults)
    return tuple((offset + k, CalleeRef("import" if d.id in ex.qn else "name", d.id, (), d.id))
                 for k, d in enumerate(init.args.defaults)
                 if type(d) is ast.Name and (d.id in ex.qn or d.id in ex.module_names) and offset + k >= 0)


def class_fields(ex, c: ast.ClassDef):
    """What `__init__` puts on `self`: (field, class) for `self.mail = MailService()` and
    `self.mail = mail` with `mail: MailService` (FastAPI's class dependencies, hand-made
    injection), and the fields holding a client (`self.db = Prisma()`, `self.db = db`,
    `self.db: Prisma`), whose queries are queries on a shared client."""
    got = ex.class_fields.get(c.name)
    if got is not None:
        return got
    injections, clients, aliases = [], set(), {}
    init = next((s for s in c.body if type(s) in FUNCS and s.name == "__init__"), None)
    notes = {a.arg: unannotated(a.annotation) for a in init.args.args} if init is not None else {}
    for stmt in c.body:   # `db: Prisma` declared on the class
        if type(stmt) is ast.AnnAssign and type(stmt.target) is ast.Name \
                and is_prisma_class(ex.qname(stmt.annotation) or ""):
            clients.add(stmt.target.id)
    for node in ast.walk(init) if init is not None else ():
        targets, value = _assignment(node) if type(node) in (ast.Assign, ast.AnnAssign) else ([], None)
        for t in targets:
            if type(t) is not ast.Attribute or type(t.value) is not ast.Name or t.value.id != "self":
                continue
            if type(node) is ast.AnnAssign and is_prisma_class(ex.qname(node.annotation) or ""):
                clients.add(t.attr)
            if value is None:
                continue
            if type(value) is ast.Name and value.id in ex.qn and value.id not in notes:
                aliases[t.attr] = value.id   # `self.db = db` of `from app.db import db`
                continue
            # (`self.db = db` of a parameter `db: Prisma` is no shared client here: what the
            # constructions hand it decides, `linker.wiring`; `UserRepo(tx)` is clean)
            if ex.is_client_source(value) or type(value) is ast.Name and (
                    value.id in ex.clients and value.id not in notes):
                clients.add(t.attr)
                continue
            cls = value.func if type(value) is ast.Call and (_capitalised(value.func) or _factory(value.func)) \
                else notes.get(value.id) if type(value) is ast.Name else None
            ref = ex._ref_of(cls) if cls is not None else None
            if ref is not None and not is_prisma_class(ex.qname(cls) or ""):
                injections.append((t.attr, ref))
    got = (tuple(injections), frozenset(clients), aliases)
    ex.class_fields[c.name] = got
    return got


def built_with(ex, call: ast.Call) -> tuple[CalleeRef | None, ...]:
    """What each positional argument of a module-level `UserRepo(db)` names (an import, a
    module-level name), for hand-wired injection (`linker.wiring`); a nested
    `Service(UserRepo(db))` is an instance of its own named `<new>line:col`; None for
    anything else. A keyword argument has no position: the linker binds nothing past it."""
    out: list[CalleeRef | None] = []
    for a in call.args:
        if type(a) is ast.Starred:
            out.append(None)
            break
        ref = None
        if type(a) is ast.Name and (a.id in ex.qn or a.id in ex.module_names):
            ref = CalleeRef("import" if a.id in ex.qn else "name", a.id, (), a.id)
        elif type(a) is ast.Call and type(a.func) is ast.Name and _capitalised(a.func) \
                and (a.func.id in ex.classes or a.func.id in ex.qn):
            span = ex.span(a)
            name = f"<new>{span.line}:{span.col}"
            kind = "name" if a.func.id in ex.classes else "import"
            ex.instances.append(Instance(name, CalleeRef(kind, a.func.id), span, built_with(ex, a)))
            ref = CalleeRef("name", name, (), ast.unparse(a))
        out.append(ref)
    return tuple(out)


def _factory(func) -> bool:
    """`boto3.client("s3")`: a package's client factory (`vocabulary.slow.CLIENT_FACTORIES`)."""
    from ...vocabulary.slow import CLIENT_FACTORIES

    return type(func) is ast.Attribute and func.attr in CLIENT_FACTORIES
