"""Environment reads: `os.environ["X"]`, `os.environ.get("X")`, `os.getenv("X")`, and a
name bound to one of them (a few assignments deep)."""

from __future__ import annotations

import libcst as cst

from .values import string_value

_ENV_TAILS = frozenset({"getenv", "get", "__getitem__"})


def module_statements(module: cst.Module):
    for stmt in module.body:
        if isinstance(stmt, cst.SimpleStatementLine):
            yield from stmt.body


def subscript_key(pf, sub: cst.Subscript) -> str | None:
    if len(sub.slice) == 1 and isinstance(sub.slice[0].slice, cst.Index):
        return string_value(sub.slice[0].slice.value)
    return None


def env_read(pf, expr, depth: int = 0) -> str | None | bool:
    """The variable name when `expr` reads the environment; False when it does not."""
    if isinstance(expr, cst.Subscript) and "os.environ" in pf.qnames(expr.value):
        return subscript_key(pf, expr)
    if isinstance(expr, cst.Call):
        qn = pf.import_qnames(expr.func, _ENV_TAILS)
        if qn & {"os.getenv", "os.environ.get", "os.environ.__getitem__"} \
                or isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "get" \
                and "os.environ" in pf.qnames(expr.func.value):
            return string_value(expr.args[0].value) if expr.args else None
        return False
    if isinstance(expr, cst.Name) and depth < 3:
        return name_env(pf, expr, depth)
    return False


def name_env(pf, name: cst.Name, depth: int):
    fn = pf.enclosing_func(name)
    roots = [fn.node] if fn is not None else []
    roots.append(pf.module)
    for root in roots:
        for n in (pf.subtree(root) if root is not pf.module else module_statements(root)):
            if isinstance(n, cst.Assign) and len(n.targets) == 1 \
                    and isinstance(n.targets[0].target, cst.Name) \
                    and n.targets[0].target.value == name.value:
                found = env_read(pf, n.value, depth + 1)
                if found is not False:
                    return found
    return False


