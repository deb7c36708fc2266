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


_BRANCHES = frozenset({"if_statement", "else_clause", "ternary_expression", "switch_case", "catch_clause",
                       "conditional_expression"})


def unconditional(node, owner) -> bool:
    """Whether `node` runs on every call of `owner`: in no branch, and after no `if` that
    may return or throw first (`if (params.tx) return run(params.tx);`)."""
    while node is not None and node != owner:
        parent = node.parent
        if parent is None:
            return False
        if parent.type in _BRANCHES or parent.type == "binary_expression" and \
                node != parent.child_by_field_name("left"):
            return False
        if parent.type == "statement_block":
            for before in parent.named_children:
                if before == node:
                    break
                if before.type == "if_statement" and any(
                        next(descendants(before, t), None) is not None for t in ("return_statement", "throw_statement")):
                    return False
        node = parent
    return node is not None
