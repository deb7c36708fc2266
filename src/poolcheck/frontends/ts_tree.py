"""The tree-sitter side of the TS/JS model: the parsers, the parse, the index of the node
types the passes read (one query of tree-sitter's query engine), the function ranges that
answer "which function encloses this node" and the descendants of a type found by range
(`within`), both without climbing the tree, and the shapes of parameter and binding
patterns. ts_model builds bindings and resolution on top of it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from operator import attrgetter

FUNCTION_TYPES = frozenset({
    "function_declaration", "function_expression", "arrow_function", "method_definition",
    "generator_function_declaration", "generator_function", "function",
})


@lru_cache(maxsize=None)
def parser(grammar: str):
    import tree_sitter
    import tree_sitter_typescript

    language = tree_sitter.Language(
        tree_sitter_typescript.language_typescript() if grammar == "typescript"
        else tree_sitter_typescript.language_tsx())
    return tree_sitter.Parser(language)


LOOP_TYPES = frozenset({"for_statement", "for_in_statement", "while_statement", "do_statement"})

# The node types the passes look up with `Program.nodes` (and functions, for scopes). Only
# these are turned into Python objects: a file of a million `;` statements costs its
# parse, not a million wrappers.
INDEXED_TYPES = FUNCTION_TYPES | LOOP_TYPES | frozenset({
    "abstract_class_declaration", "binary_expression", "call_expression", "class", "class_declaration", "decorator",
    "import_statement", "jsx_element", "member_expression", "new_expression", "pair", "string",
    "template_string", "variable_declarator",
})


@lru_cache(maxsize=None)
def _index_query(grammar: str, kinds: frozenset = INDEXED_TYPES):
    """One pattern per node type, each captured under its type's name, so the query
    engine hands back the per-type lists itself. One query for every indexed type the
    program's passes will read: the cost of a query is its walk of the whole tree (each
    walk ~40 % of the parse) plus a Python object per captured node (documenso: a third
    more for its 15,000 members, 10,000 pairs and 6,000 strings), and a program that
    reaches the model needs most of the types (the programs that need only their imports
    take the cheap path, light.py). A type no pass of the program's gates reads is left
    to a second query, made only if something asks for it (ts_model.Program.nodes)."""
    import tree_sitter

    language = parser(grammar).language
    present = [k for k in sorted(kinds) if language.id_for_node_kind(k, True) is not None]
    return tree_sitter.Query(language, " ".join(f"({k}) @{k}" for k in present))


_START, _END = attrgetter("start_byte"), attrgetter("end_byte")


def in_tree_order(nodes: list) -> list:
    """Sorted by start, outer before inner on equal starts: the order of a pre-order walk.
    (The query engine returns a nested node after the one containing it only sometimes.)
    Two stable sorts on attribute getters cost a third of one sort on a tuple key."""
    nodes.sort(key=_END, reverse=True)
    nodes.sort(key=_START)
    return nodes


# A line holding nothing but `;` is an empty statement: harmless, but tree-sitter spends
# ~300 bytes on each (a generated file of a million of them took 600 MB). Blanked to
# spaces before the parse, so byte offsets, and every span, stay exactly as in the file.
_EMPTY_STATEMENT_LINES = re.compile(rb"(?m)^[ \t]*;[ \t;]*$")


def _blank_empty_statements(data: bytes) -> bytes:
    if data.count(b"\n;") < 1000:
        return data
    buf = bytearray(data)  # in place: re.sub would hold a million pieces at once
    for m in _EMPTY_STATEMENT_LINES.finditer(data):
        start, end = m.span()
        buf[start:end] = b" " * (end - start)
    return bytes(buf)


def enclosing_function(node):
    parent = node.parent
    while parent is not None and parent.type not in FUNCTION_TYPES:
        parent = parent.parent
    return parent


class FunctionRanges:
    """The functions of a program in (start, -end) order, each with its enclosing function,
    from one sweep over the sorted ranges (function nodes either nest or are disjoint, so
    the innermost open range is the parent). `enclosing(node)` is then a bisection and a
    short climb of this table instead of a climb of the tree: tree-sitter finds a node's
    parent by descending from the root, so a climb costs the square of the depth. Ranges
    decide only where they cannot be ambiguous: a zero-width node, or one with exactly a
    function's range, takes the climb."""

    def __init__(self, functions: list):
        self.order = functions
        self.functions = {fn.id: fn for fn in functions}
        self.starts = [fn.start_byte for fn in functions]
        self.parents: dict = {}
        self.exact = True  # False when zero-width or equal ranges make them ambiguous
        open_fns: list = []
        for fn in functions:
            start, end = fn.start_byte, fn.end_byte
            if start == end:
                self.exact = False
            while open_fns and not (open_fns[-1].start_byte <= start and end <= open_fns[-1].end_byte):
                open_fns.pop()
            self.parents[fn.id] = open_fns[-1] if open_fns else None
            open_fns.append(fn)
        if not self.exact or len(set(zip(self.starts, map(_END, functions)))) < len(functions):
            self.exact = False  # let the tree say who holds whom
            for fn in functions:
                self.parents[fn.id] = enclosing_function(fn)

    def enclosing(self, node):
        if node.type in FUNCTION_TYPES and node.id in self.parents:
            return self.parents[node.id]
        start, end = node.start_byte, node.end_byte
        if not self.exact or start == end:
            return enclosing_function(node)
        i = bisect_right(self.starts, start) - 1
        fn = self.order[i] if i >= 0 else None
        while fn is not None:
            fs, fe = fn.start_byte, fn.end_byte
            if fs <= start and end <= fe:
                if fs == start and fe == end:
                    return enclosing_function(node)
                return fn
            fn = self.parents[fn.id]
        return None


def within(nodes: list, starts: list, node) -> list:
    """The nodes of `nodes` (one type's, in tree order; `starts`: their start bytes) strictly
    inside `node`: its descendants among them, by a bisection of the ranges. Ranges nest,
    so a node inside `node`'s range is its descendant, unless it has exactly that range or
    is empty at one of its ends: those few are asked of the tree (`_descends`)."""
    start, end = node.start_byte, node.end_byte
    out = []
    for i in range(bisect_left(starts, start), bisect_right(starts, end)):
        n = nodes[i]
        s, e = n.start_byte, n.end_byte
        if e > end:
            continue
        if (s, e) == (start, end) or s == e and (s == start or s == end):
            if not _descends(n, node):
                continue
        out.append(n)
    return out


def _descends(node, ancestor) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.id == ancestor.id:
            return True
        parent = parent.parent
    return False


def parse(data: bytes, grammar: str):
    """tree-sitter's tree of one program (empty statement lines blanked, offsets kept)."""
    return parser(grammar).parse(_blank_empty_statements(data))


def capture(root, grammar: str, kinds: frozenset) -> dict:
    """Node type -> the nodes of that type under `root`, in tree order, for `kinds` (one
    query; a type without a node has no entry)."""
    import tree_sitter

    # tree-sitter's query engine (C) finds the node types, grouped by type.
    captured = tree_sitter.QueryCursor(_index_query(grammar, kinds)).captures(root)
    for nodes in captured.values():
        in_tree_order(nodes)
    return captured


def index(data: bytes, grammar: str, tree=None, deferred: frozenset = frozenset()):
    """(tree, node type -> nodes in tree order, FunctionRanges) of one program (`tree`: `parse(data, grammar)`
    already made). `deferred`: indexed types left out (the caller captures them if asked:
    ts_model.Program.nodes), since each captured node is a Python object and the types
    most numerous in real code (members, strings, pairs) are read by few passes."""
    if tree is None:
        tree = parse(data, grammar)
    captured = capture(tree.root_node, grammar, INDEXED_TYPES - deferred)
    functions = []
    for kind, nodes in captured.items():
        if kind in FUNCTION_TYPES:
            functions.extend(nodes)
    return tree, captured, FunctionRanges(in_tree_order(functions))


# -- the shapes of parameters and binding patterns (ts_model's bindings read them) --
def params_of(fn):
    """The parameter pattern nodes of a function, in order."""
    single = fn.child_by_field_name("parameter")
    if single is not None:
        return [single]
    params = fn.child_by_field_name("parameters")
    if params is None:
        return []
    out = []
    for p in params.named_children:
        if p.type in ("required_parameter", "optional_parameter"):
            pattern = p.child_by_field_name("pattern")
            out.append(pattern if pattern is not None else p)
        elif p.type in ("identifier", "object_pattern", "array_pattern", "assignment_pattern",
                        "rest_pattern"):
            out.append(p)
    return out


def pattern_names(prog, pattern, path=()):
    """(name, identifier node, destructuring path) for every name a pattern binds
    (`prog`: anything with the program's `text`)."""
    out = []
    stack = [(pattern, path)]
    while stack:
        node, p = stack.pop()
        if node is None:
            continue
        t = node.type
        if t in ("identifier", "shorthand_property_identifier_pattern"):
            out.append((prog.text(node), node, p + ((prog.text(node),) if t != "identifier" else ())))
        elif t == "object_pattern":
            for c in node.named_children:
                stack.append((c, p))
        elif t == "pair_pattern":
            key = node.child_by_field_name("key")
            stack.append((node.child_by_field_name("value"), p + (prog.text(key),)))
        elif t in ("assignment_pattern", "object_assignment_pattern"):
            stack.append((node.child_by_field_name("left") or node.named_children[0], p))
        elif t == "rest_pattern":
            stack.append((node.named_children[0] if node.named_children else None, p + ("...",)))
        elif t == "array_pattern":
            for i, c in enumerate(node.named_children):
                stack.append((c, p + (f"[{i}]",)))
        elif t in ("required_parameter", "optional_parameter"):
            stack.append((node.child_by_field_name("pattern"), p))
    return out
