"""A Python module's numeric constants in milliseconds, for the linker to read an imported
one (`db.tx(timeout=TX_TIMEOUT)` of `from app.config import TX_TIMEOUT`, PC203): a top-level
`NAME = 5000` (prisma-client-py reads an int as milliseconds), `60 * 1000`, or
`timedelta(minutes=2)` / `datetime.timedelta(seconds=30)`; the last assignment wins."""

from __future__ import annotations

import ast

_UNITS = {"days": 86_400_000, "seconds": 1000, "microseconds": 0.001, "milliseconds": 1,
          "minutes": 60_000, "hours": 3_600_000, "weeks": 604_800_000}
_ORDER = ("days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks")


def module_numbers(tree: ast.Module) -> tuple[tuple[str, float], ...]:
    found: dict[str, float] = {}
    for stmt in tree.body:
        targets = stmt.targets if type(stmt) is ast.Assign else [stmt.target] if type(stmt) is ast.AnnAssign else []
        value = getattr(stmt, "value", None)
        for t in targets:
            if type(t) is ast.Name:
                n = _ms(value)
                if n is None:
                    found.pop(t.id, None)
                else:
                    found[t.id] = n
    return tuple(sorted(found.items()))


def _ms(value) -> float | None:
    if type(value) is ast.Constant and type(value.value) in (int, float):
        return float(value.value)
    if type(value) is ast.BinOp and type(value.op) is ast.Mult:
        a, b = _ms(value.left), _ms(value.right)
        return a * b if a is not None and b is not None else None
    if type(value) is ast.Call and _timedelta(value.func):
        total = 0.0
        for i, arg in enumerate(value.args):
            n = _ms(arg)
            if i >= len(_ORDER) or n is None:
                return None
            total += n * _UNITS[_ORDER[i]]
        for k in value.keywords:
            n = _ms(k.value)
            if k.arg not in _UNITS or n is None:
                return None
            total += n * _UNITS[k.arg]
        return total
    return None


def _timedelta(func) -> bool:
    return type(func) is ast.Name and func.id == "timedelta" or \
        type(func) is ast.Attribute and func.attr == "timedelta"
