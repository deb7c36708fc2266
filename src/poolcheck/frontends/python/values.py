"""Literal values read from LibCST nodes: strings, numbers, durations."""

from __future__ import annotations

import libcst as cst

def string_value(node) -> str | None:
    if isinstance(node, cst.SimpleString):
        try:
            value = node.evaluated_value
        except Exception:
            return None
        return value if isinstance(value, str) else None
    if isinstance(node, cst.ConcatenatedString):
        left, right = string_value(node.left), string_value(node.right)
        return left + right if left is not None and right is not None else None
    return None


def number(node) -> float | None:
    if isinstance(node, cst.Integer):
        try:
            return float(node.evaluated_value)
        except Exception:
            return None
    if isinstance(node, cst.Float):
        return float(node.evaluated_value)
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        n = number(node.expression)
        return -n if n is not None else None
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Multiply):
        a, b = number(node.left), number(node.right)
        return a * b if a is not None and b is not None else None
    return None


_TD_UNITS = {"days": 86_400_000, "seconds": 1000, "microseconds": 0.001, "milliseconds": 1,
             "minutes": 60_000, "hours": 3_600_000, "weeks": 604_800_000}
_TD_ORDER = ("days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks")

_TIMEDELTA = frozenset({"timedelta"})


# -- transactions -----------------------------------------------------------------
def ms(pf, value, depth: int = 0) -> float | None:
    if isinstance(value, cst.Name) and depth < 4:   # `TX_TIMEOUT = timedelta(minutes=1)` at the top
        func = pf.enclosing_func(value) if depth == 0 else None
        params = func.node.params if func is not None else None
        if params is not None and any(p.name.value == value.value for p in (
                *params.posonly_params, *params.params, *params.kwonly_params)):
            return None   # `def run(timeout): db.tx(timeout=timeout)`: the caller's value
        bound = _module_value(pf.module, value.value)
        return ms(pf, bound, depth + 1) if bound is not None else None
    num = number(value)
    if num is not None:
        return num  # prisma-client-py reads an int as milliseconds
    if isinstance(value, cst.Call) and "datetime.timedelta" in pf.import_qnames(value.func, _TIMEDELTA):
        total = 0.0
        for i, arg in enumerate(value.args):
            unit = arg.keyword.value if arg.keyword else (_TD_ORDER[i] if i < len(_TD_ORDER) else None)
            n = number(arg.value)
            if unit not in _TD_UNITS or n is None:
                return None
            total += n * _TD_UNITS[unit]
        return total
    return None




def _module_value(module: cst.Module, name: str):
    """The value of the last top-level `name = ...` (or `name: T = ...`) of the module."""
    found = None
    for stmt in module.body:
        for small in (stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ()):
            if isinstance(small, cst.Assign) and any(
                    isinstance(t.target, cst.Name) and t.target.value == name for t in small.targets):
                found = small.value
            elif isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name) \
                    and small.target.value == name and small.value is not None:
                found = small.value
    return found
