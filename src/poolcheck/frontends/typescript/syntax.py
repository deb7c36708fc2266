"""Small readers of tree-sitter nodes shared by the TS/JS passes: numbers and literal
values, descendants of a type, text of a possibly missing node."""

from __future__ import annotations

from ...facts import UNKNOWN
import re

from ..ts_model import Program, import_of, resolve, strip, string_value


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


# The `ms` package's strings (`ms('1 minute')`, `ms('10s')`, `ms('2.5 hrs')`), as it reads them.
_MS = re.compile(r"^(-?(?:\d+)?\.?\d+) *(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|"
                 r"hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)?$", re.IGNORECASE)
_MS_UNIT = {"y": 31557600000, "w": 604800000, "d": 86400000, "h": 3600000, "m": 60000, "s": 1000}


def ms_string(text: str) -> float | None:
    m = _MS.match(text.strip())
    if m is None:
        return None
    unit = (m[2] or "ms").lower()
    scale = 1 if unit.startswith(("ms", "msec", "milli")) else _MS_UNIT[unit[0]]
    return float(m[1]) * scale


def duration_of(prog: Program, node, depth: int = 0):
    """The milliseconds an option's value stands for: a number (`60_000`, `60 * 1000`), a
    constant of the file holding one (`timeout: TX_TIMEOUT`, however deep the alias), or
    the `ms` package's `ms('1 minute')`; None when it is not known in the file."""
    number = number_of(prog, node)
    node = strip(node)
    if number is not None or node is None or depth > 4:
        return number
    if node.type == "identifier":
        b = resolve(prog, prog.text(node), node)
        if b is not None and b.kind in ("local", "module") and b.init is not None and not b.path:
            return duration_of(prog, b.init, depth + 1)
        return None
    if node.type == "binary_expression" and prog.text(node.child_by_field_name("operator")) == "*":
        left = duration_of(prog, node.child_by_field_name("left"), depth + 1)
        right = duration_of(prog, node.child_by_field_name("right"), depth + 1)
        return left * right if left is not None and right is not None else None
    if node.type == "call_expression":
        fn, args = strip(node.child_by_field_name("function")), node.child_by_field_name("arguments")
        argv = [a for a in (args.named_children if args is not None else ()) if a.type != "comment"]
        if fn is not None and fn.type == "identifier" and len(argv) == 1 and \
                (import_of(prog, resolve(prog, prog.text(fn), fn)) or ("",))[0] == "ms":
            text = string_value(prog, strip(argv[0]))
            return ms_string(text) if isinstance(text, str) else None
    return None


def imported_name(prog: Program, node) -> str | None:
    """The local name when `node` is an identifier bound to an import (`TX_TIMEOUT`)."""
    node = strip(node)
    if node is None or node.type != "identifier":
        return None
    b = resolve(prog, prog.text(node), node)
    return b.name if b is not None and b.kind == "import" and b.imported not in (None, "*") else None


def module_numbers(prog: Program) -> tuple[tuple[str, float], ...]:
    """The module's top-level `const NAME = <duration>` (exported or not: `export { NAME }`
    names the local), as `duration_of` reads them."""
    out = []
    for stmt in prog.root.named_children:
        decl = stmt.child_by_field_name("declaration") if stmt.type == "export_statement" else stmt
        if decl is None or decl.type != "lexical_declaration" or not any(c.type == "const" for c in decl.children):
            continue
        for d in decl.named_children:
            name, value = d.child_by_field_name("name"), d.child_by_field_name("value")
            if d.type == "variable_declarator" and name is not None and name.type == "identifier" and value is not None:
                number = duration_of(prog, value)
                if number is not None:
                    out.append((prog.text(name), float(number)))
    return tuple(out)


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
