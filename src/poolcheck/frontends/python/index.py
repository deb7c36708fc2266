"""One pass over a LibCST tree that every later pass reads: parents, pre-order, subtree
ends, the calls/defs/ifs, and what the imports bind (the cheap pre-checks of name
resolution)."""

from __future__ import annotations

import libcst as cst
from libcst.helpers import get_full_name_for_node


class Index(cst.CSTVisitor):
    """One pass over the tree: parents, pre-order (source order), subtree ends, and the
    nodes each later pass needs. It replaces ParentNodeProvider and four `node.children`
    walks (each `children` call re-visits the node's fields in Python)."""

    def __init__(self):
        self.parent: dict = {}
        self.order: list = []     # every node, parents first, in source order
        self.pos: dict = {}       # node -> its index in `order`
        self.end: dict = {}       # node -> index just past its subtree
        self.calls: list = []     # cst.Call nodes in source order
        self.funcs: list = []     # cst.FunctionDef nodes in source order
        self.ifs: list = []       # cst.If nodes in source order
        self.modules: set[str] = set()       # top-level packages of absolute imports
        self.import_roots: set[str] = set()  # first segment of every name an import binds
        # simple name an import binds -> last segments of the qualified names it can stand
        # for (`from m import x as y`: y -> {x}; `import a.b as c`: c -> {a, b})
        self.import_tails: dict[str, set[str]] = {}
        self.defined: set[str] = set()       # names of every def and class
        self.import_nodes: list = []  # every Import/ImportFrom, in source order
        self.def_nodes: list = []     # every FunctionDef/ClassDef, in source order
        self.stack: list = []
        self.depth = 0  # the deepest nesting of nodes

    def on_visit(self, node) -> bool:
        stack = self.stack
        self.parent[node] = stack[-1] if stack else None
        self.pos[node] = len(self.order)
        self.order.append(node)
        stack.append(node)
        if len(stack) > self.depth:
            self.depth = len(stack)
        cls = type(node)
        if cls is cst.Call:
            self.calls.append(node)
        elif cls is cst.FunctionDef:
            self.funcs.append(node)
            self.def_nodes.append(node)
            self.defined.add(node.name.value)
        elif cls is cst.ClassDef:
            self.def_nodes.append(node)
            self.defined.add(node.name.value)
        elif cls is cst.If:
            self.ifs.append(node)
        elif cls is cst.Import or cls is cst.ImportFrom:
            self.import_nodes.append(node)
            if cls is cst.Import:
                for alias in node.names:
                    self.modules.add(root_name(alias.name))
            elif node.module is not None and not node.relative:
                self.modules.add(root_name(node.module))
            if isinstance(node.names, cst.ImportStar):
                return True
            for alias in node.names:
                bound = alias.asname.name if alias.asname is not None else alias.name
                root = root_name(bound)
                if root is None:
                    continue
                self.import_roots.add(root)
                real = get_full_name_for_node(alias.name) or ""
                tails = self.import_tails.setdefault(root, set())
                if alias.asname is not None or cls is cst.ImportFrom:
                    tails.update(real.split("."))
                else:
                    tails.add(root)
        return True

    def on_leave(self, original_node) -> None:
        self.stack.pop()
        self.end[original_node] = len(self.order)

    def on_visit_attribute(self, node, attribute) -> None:
        pass

    def on_leave_attribute(self, original_node, attribute) -> None:
        pass


def root_name(node) -> str | None:
    """The first name of what get_full_name_for_node would spell for `node`."""
    while True:
        cls = type(node)
        if cls is cst.Name:
            return node.value
        if cls is cst.Attribute:
            node = node.value
        elif cls is cst.Call:
            node = node.func
        elif cls is cst.Subscript:
            node = node.value
        else:
            return None
