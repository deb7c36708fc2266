"""One pass over a LibCST tree that every later pass reads: parents, pre-order, subtree
ends, the calls/defs/ifs, and what the imports bind (the cheap pre-checks of name
resolution). Made, with the positions, by PositionProvider's own code generation
(`index_and_positions`), or by a visit (`Index` as a visitor)."""

from __future__ import annotations

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst._nodes.internal import CodegenState
from libcst.metadata.position_provider import NEWLINE_RE


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


# The nodes whose code generation emits their children in another order than their visit
# does (the visit's is the dataclass's field order): their visit order, as children.
_VISIT_ORDER = {
    cst.AsName: lambda n: (n.whitespace_before_as, n.name, n.whitespace_after_as),
    cst.Del: lambda n: (n.target, n.whitespace_after_del, n.semicolon),
    cst.ParamSlash: lambda n: (n.comma, n.whitespace_after),
}


class _IndexingState(CodegenState):
    """PositionProvider's code-generation state (libcst/metadata/position_provider.py:
    PositionProvidingCodegenState, the same positions) that also feeds an Index. Code
    generation enters every node once, parents first (before_codegen), and leaves it after
    its subtree (after_codegen), as a visit does, without the visit's rebuilding of every
    node (`_visit_and_replace_children` constructs and validates a new node for each one,
    even for a plain visitor). Where the two orders differ (_VISIT_ORDER: a name and the
    whitespace beside it), the children's blocks are put back in the visit's order.

    Cheaper than LibCST's own state where it runs per token or per node: a token without
    a line break moves the column without the regular expression's split, and the
    syntactic positions are recorded by a plain context manager, not a generator's, and a
    position is a tuple (start line, start column, end line, end column), not a CodeRange
    of two CodePositions (three frozen dataclasses a node)."""

    __slots__ = ("index", "computed", "line", "column", "_stack")

    def __init__(self, module: cst.Module, index: "Index", computed: dict):
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
        self.index, self.computed = index, computed
        self.line, self.column = 1, 0  # one-indexed, zero-indexed
        self._stack: list = []

    def add_indent_tokens(self) -> None:
        self.tokens.extend(self.indent_tokens)
        for token in self.indent_tokens:
            self._moved(token)

    def add_token(self, value: str) -> None:
        self.tokens.append(value)
        if "\n" in value or "\r" in value:
            self._moved(value)
        else:
            self.column += len(value)

    def _moved(self, value: str) -> None:
        segments = NEWLINE_RE.split(value)
        if len(segments) == 1:
            self.column += len(value)
        else:
            self.line += len(segments) - 1
            self.column = len(segments[-1])

    def before_codegen(self, node) -> None:
        self._stack.append((self.line, self.column))
        self.index.on_visit(node)

    def after_codegen(self, node) -> None:
        start = self._stack.pop()
        computed = self.computed
        if node not in computed:  # a syntactic position, recorded already, is kept
            computed[node] = (*start, self.line, self.column)
        index = self.index
        index.stack.pop()
        index.end[node] = len(index.order)
        if type(node) in _VISIT_ORDER:
            _reorder(index, node, [c for c in _VISIT_ORDER[type(node)](node) if isinstance(c, cst.CSTNode)])

    def record_syntactic_position(self, node, *, start_node=None, end_node=None) -> "_Syntactic":
        return _Syntactic(self, node, start_node, end_node)


class _Syntactic:
    """PositionProvidingCodegenState.record_syntactic_position, as a class."""

    __slots__ = ("state", "node", "start_node", "end_node", "start")

    def __init__(self, state: _IndexingState, node, start_node, end_node):
        self.state, self.node, self.start_node, self.end_node = state, node, start_node, end_node

    def __enter__(self) -> None:
        self.start = (self.state.line, self.state.column)

    def __exit__(self, *exc) -> bool:
        state = self.state
        computed = state.computed
        start = computed[self.start_node][:2] if self.start_node is not None else self.start
        end = computed[self.end_node][2:] if self.end_node is not None else (state.line, state.column)
        computed[self.node] = (*start, *end)
        return False


def _reorder(index: "Index", node, children: list) -> None:
    """Put the subtrees of `node`'s children (contiguous blocks of `index.order`) in the
    order `children` gives, moving every node's pos and end with its block."""
    order, pos, end = index.order, index.pos, index.end
    blocks = [order[pos[c]:end[c]] for c in children]
    at = pos[node] + 1
    for block in blocks:
        shift = at - pos[block[0]]
        for m in block:
            pos[m] += shift
            end[m] += shift
        order[at:at + len(block)] = block
        at += len(block)


def index_and_positions(module: cst.Module) -> tuple[Index, dict]:
    """The module's Index and PositionProvider's positions (node -> (line, column, end
    line, end column), as its CodeRange has them), from one code generation: what `module.visit(Index())` and `PositionProvider()._gen` give separately
    (tests/test_py_positions.py compares both on every node), for less than the second's
    cost alone."""
    index, computed = Index(), {}
    module._codegen(_IndexingState(module, index, computed))
    return index, computed
