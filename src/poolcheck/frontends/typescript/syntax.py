"""Small readers of tree-sitter nodes shared by the TS/JS passes: numbers and literal
values, descendants of a type, text of a possibly missing node."""

from __future__ import annotations

from ...facts import UNKNOWN
from ..ts_model import Program, strip, string_value


def descendants(node, node_type: str):
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == node_type:
            yield n
        stack.extend(n.named_children)


def number_of(prog: Program, node):
    node = strip(node)
    if node is None:
        return None
    if node.type == "number":
        text = prog.text(node).replace("_", "")
        try:
            return int(text, 0) if text.isdigit() or text.lower().startswith("0x") else float(text)
        except ValueError:
            return None
    if node.type == "binary_expression":
        left = number_of(prog, node.child_by_field_name("left"))
        right = number_of(prog, node.child_by_field_name("right"))
        op = prog.text(node.child_by_field_name("operator"))
        if left is None or right is None:
            return None
        if op == "*":
            return left * right
        if op == "+":
            return left + right
        if op == "-":
            return left - right
        if op == "/" and right:
            return left / right
    return None


def literal(prog: Program, node):
    node = strip(node)
    if node is None:
        return UNKNOWN
    value = string_value(prog, node)
    if value is not None:
        return value
    if node.type in ("true", "false"):
        return node.type == "true"
    if node.type == "null":
        return None
    number = number_of(prog, node)
    if number is not None:
        return int(number) if isinstance(number, float) and number.is_integer() else number
    return UNKNOWN


def an_text(prog: Program, node) -> str:
    return prog.text(node) if node is not None else ""
