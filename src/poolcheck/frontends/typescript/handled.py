"""Whether a call's promise is waited for or handed on inside a transaction body (PC204
reads `TransactionCall.handled`): the questions transactions.TxWalker asks of each call,
read from the tree alone."""

from __future__ import annotations

from ..ts_model import awaits_itself, enclosing_function
from .syntax import an_text


def handles(prog, call) -> bool:
    """The transaction body waits for the call's promise or hands it on: awaited, returned,
    yielded, an arrow's body, the last operand of a comma expression, chained with `.then`/`.catch`/`.finally`, put in an array, an
    argument, a spread, a pair, a ternary or a binary expression, or kept in a variable that
    is awaited or handed on later (PC204)."""
    if awaits_itself(call):
        return True
    node = call
    while True:
        parent = node.parent
        if parent is None:
            return False
        if parent.type in ("parenthesized_expression", "non_null_expression", "as_expression",
                           "satisfies_expression"):
            node = parent
            continue
        if parent.type == "member_expression" and parent.parent is not None and \
                parent.parent.type == "call_expression" and \
                an_text(prog, parent.child_by_field_name("property")) in ("then", "catch", "finally"):
            node = parent.parent
            continue
        if parent.type == "sequence_expression" and parent.named_children and \
                parent.named_children[-1].id == node.id:
            node = parent  # `a, f()`: the comma expression's value is its last operand (minified code)
            continue
        break
    parent = node.parent
    if parent.type in ("await_expression", "return_statement", "yield_expression"):
        return True
    if parent.type == "arrow_function":
        return True
    if parent.type in ("array", "arguments", "spread_element", "pair", "ternary_expression",
                       "binary_expression"):
        return True
    if parent.type == "variable_declarator":
        name = parent.child_by_field_name("name")
        if name is None or name.type != "identifier":
            return True
        return waited_later(prog, parent, name)
    return False

def waited_later(prog, declarator, name) -> bool:
    """`const p = f(); ...; await p` (or `return p`, `[p]`, `g(p)`): an identifier of the
    same name after the declarator, in its function (or the program), awaited or handed
    on. Found at the occurrences of the name's bytes (an identifier spans exactly its
    text; the program is valid UTF-8), not by a walk of the function."""
    fn = enclosing_function(declarator)
    scope_node = fn if fn is not None else prog.root
    data, root = prog.data, prog.root
    word = data[name.start_byte:name.end_byte]
    size, stop = len(word), scope_node.end_byte
    i = data.find(word, declarator.end_byte + 1)
    while 0 <= i and i + size <= stop:
        n = root.descendant_for_byte_range(i, i + size)
        if n is not None and n.type == "identifier" and n.start_byte == i and n.end_byte == i + size \
                and i >= scope_node.start_byte:
            p = n.parent
            while p is not None and p.type in ("parenthesized_expression", "non_null_expression"):
                p = p.parent
            if p is not None and p.type in ("await_expression", "return_statement", "array",
                                            "arguments", "shorthand_property_identifier"):
                return True
        i = data.find(word, i + 1)
    return False
