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
def ms(pf, value) -> float | None:
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


