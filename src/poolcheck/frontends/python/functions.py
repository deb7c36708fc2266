"""The first pass: every function (qualified as LibCST names it), the `if __name__ ==
"__main__":` blocks, and the expressions known to hold a client (client keys), from
constructions, `get_client()`, `register(x)` and calls only a Prisma client makes."""

from __future__ import annotations

import libcst as cst

from ...vocabulary.layout import is_test_harness_module
from ...vocabulary import clients as c
from .context import Func
from .gate import CLIENT_EVIDENCE, PRISMA_ACTIONS
from .values import string_value

_CLIENT_TAILS = c.PY_CLIENT_CLASSES
_GET_CLIENT = frozenset({c.PY_GET_CLIENT})
_REGISTER = frozenset({c.PY_REGISTER})


def is_prisma_class(qnames: set[str]) -> bool:
    """`prisma.Prisma`, `prisma.Client`, or `Prisma` exported by a custom generated package."""
    return any(c.py_client_class(q) for q in qnames)


# -- pass 1: functions, imports, registrations, client keys -----------------------
def collect(pf, module: cst.Module) -> None:
    index = pf.index
    pf.imported = index.modules
    # A pytest plugin module or testcontainers helper is a test harness wherever it lives.
    pf.harness = next((m for m in sorted(pf.imported) if is_test_harness_module(m)), None)
    for node in index.funcs:
        parent_node = cls = None
        for a in pf.ancestors(node):
            if isinstance(a, cst.FunctionDef):
                parent_node = a
                break
            if cls is None and isinstance(a, cst.ClassDef):
                cls = a
        parent = pf.funcs[parent_node] if parent_node is not None else None
        name = node.name.value
        if parent is not None and cls is None:
            qname = f"{parent.qname}.<locals>.{name}"
        elif cls is not None:
            qname = f"{cls.name.value}.{name}"
        else:
            qname = name
        f = Func(node, name, qname, parent, cls)
        pf.funcs[node] = f
        pf.by_qname.setdefault(qname, f)
    for node in index.ifs:
        if pf.enclosing_func(node) is None and is_main_guard(node.test):
            pf.script_nodes.add(node)
    # client keys: bindings and usage evidence
    for node in pf.index.calls:
        client_key_from_call(pf, node)
    imported_clients(pf)


def imported_clients(pf) -> None:
    """Client keys for names imported from the project that say they hold the Prisma
    client (`from ..db.prisma import prisma`): a helper module that only connects or
    disconnects it shows no other evidence (vocabulary.clients.py_imported_client)."""
    for imp in pf.index.import_nodes:
        if not isinstance(imp, cst.ImportFrom) or isinstance(imp.names, cst.ImportStar):
            continue
        module = pf.code(imp.module) if imp.module is not None else None
        for alias in imp.names:
            if isinstance(alias.name, cst.Name) and \
                    c.py_imported_client(module, bool(imp.relative), alias.name.value):
                pf.client_keys.add(pf.code(alias.asname.name if alias.asname else alias.name))


def is_main_guard(test) -> bool:
    return isinstance(test, cst.Comparison) and isinstance(test.left, cst.Name) \
        and test.left.value == "__name__" and len(test.comparisons) == 1 \
        and string_value(test.comparisons[0].comparator) == "__main__"


def is_construction(pf, call: cst.Call) -> bool:
    return is_prisma_class(pf.import_qnames(call.func, _CLIENT_TAILS))


def client_key_from_call(pf, call: cst.Call) -> None:
    func = call.func
    if is_construction(pf, call) or f"prisma.{c.PY_GET_CLIENT}" in pf.import_qnames(func, _GET_CLIENT):
        target = binding_target(pf, call)
        if target is not None:
            key = pf.code(target)
            pf.client_keys.add(key)
            fn = pf.enclosing_func(call)
            if fn is None and isinstance(target, cst.Name):
                pf.module_clients.add(key)
        return
    if f"prisma.{c.PY_REGISTER}" in pf.import_qnames(func, _REGISTER) and call.args:
        pf.client_keys.add(pf.code(call.args[0].value))
        return
    if not isinstance(func, cst.Attribute):
        return
    attr = func.attr.value
    if attr in CLIENT_EVIDENCE:
        pf.client_keys.add(pf.code(func.value))
    elif attr in PRISMA_ACTIONS and isinstance(func.value, cst.Attribute):
        inner = func.value.value
        # `self.bills.find_many()`: a method of what a field holds (a repository), not a
        # query with `self` for the client
        if not isinstance(inner, cst.Call) and not (isinstance(inner, cst.Name) and (
                inner.value in ("self", "cls") or inner.value in instance_names(pf))):
            model = func.value.attr.value
            if model[:1].islower() and model not in ("objects", "session", "table"):
                pf.client_keys.add(pf.code(inner))
    # parameters annotated with the client class
    return


def instance_names(pf) -> set[str]:
    """Names the file binds to an instance of a class that is no client (`services =
    Services(db)`, `unit = Unit(tx)`): `services.notes.count()` is a method of what a
    field of theirs holds (a repository), not a query with that name for the client."""
    names = getattr(pf, "_instance_names", None)
    if names is None:
        names = pf._instance_names = set()
        for node in pf.index.order:
            if type(node) is not cst.Assign or len(node.targets) != 1 or type(node.value) is not cst.Call:
                continue
            target, func = node.targets[0].target, node.value.func
            last = func.value if type(func) is cst.Name else func.attr.value if type(func) is cst.Attribute else ""
            if type(target) is cst.Name and last[:1].isupper() and not is_construction(pf, node.value):
                names.add(target.value)
    return names


def binding_target(pf, call: cst.Call):
    """The name or attribute a client call is bound to: `x = Prisma()`, `with Prisma() as x`."""
    p = pf.parent(call)
    if isinstance(p, cst.Await):
        call, p = p, pf.parent(p)
    if isinstance(p, cst.Assign) and len(p.targets) == 1:
        t = p.targets[0].target
        return t if isinstance(t, (cst.Name, cst.Attribute)) else None
    if isinstance(p, cst.AnnAssign):
        return p.target if isinstance(p.target, (cst.Name, cst.Attribute)) else None
    if isinstance(p, cst.WithItem) and p.asname is not None:
        t = p.asname.name
        return t if isinstance(t, (cst.Name, cst.Attribute)) else None
    return None


