"""A tree-sitter model of one TS/JS program: nodes by type, bindings and their resolution.
(The parse, the query-engine index of node types and the function ranges: ts_tree.)

Everything here walks iteratively (deeply nested code must not hit the recursion limit),
and nothing reads source text with regular expressions: names come from the syntax tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..vocabulary import clients, layout
from .ts_tree import FUNCTION_TYPES, INDEXED_TYPES, LOOP_TYPES, FunctionRanges, capture, enclosing_function, \
    index, params_of, parser, pattern_names, within

__all__ = ["FUNCTION_TYPES", "INDEXED_TYPES", "LOOP_TYPES", "Binding", "Program", "build", "enclosing_function",
           "params_of", "parser", "pattern_names", "resolve"]  # and the helpers below; the tree side lives in ts_tree

WRAPPERS = frozenset({"parenthesized_expression", "non_null_expression", "as_expression",
                      "instantiation_expression",  # f<T>, and tree-sitter's reading of tx.$queryRaw<T>`...`
                      "satisfies_expression", "type_assertion", "await_expression"})
ITERATING_METHODS = frozenset({"map", "forEach", "flatMap", "reduce", "filter", "some", "every",
                               "find", "findIndex"})

# The client tables are the vocabulary's (one place); the short names are what the TS passes use.
PRISMA_CLIENT_MODULES = clients.JS_CLIENT_MODULES
POOL_MODULES = clients.JS_POOL_MODULES
ADAPTER_MODULE_PREFIX = clients.JS_ADAPTER_MODULE_PREFIX
ADAPTER_CLASSES = clients.JS_ADAPTER_CLASSES
QUERY_METHODS = clients.JS_QUERY_METHODS
RAW_METHODS = clients.JS_RAW_METHODS
# Query methods no other popular library spells the same way: a chain ending in one of these
# identifies a Prisma client even when it was imported from an unknown module.
DISTINCT_QUERY_METHODS = clients.JS_DISTINCT_QUERY_METHODS
GLOBAL_OBJECTS = frozenset({"globalThis", "global", "window", "self"})


def is_prisma_module(spec: str) -> bool:
    """`@prisma/client`, `.prisma/client`, or a generated client path (`../generated/prisma`,
    `@/generated/prisma/client`, `./prisma/generated/client`, `../generated/client/index.js`,
    `./prisma`). Another project module (`./my-own-thing`) is not."""
    if spec in PRISMA_CLIENT_MODULES or spec.startswith(("@prisma/client/", ".prisma/client/")):
        return True
    parts = [p for p in spec.split("/") if p]
    if parts and spec.startswith(layout.PROJECT_IMPORT_PREFIXES) and ("generated" in parts or parts[-1] == "prisma"):
        # a generator `output` of the project's own, whatever it is called
        # (`../generated/client/index.js`, `./prisma`)
        return True
    if "prisma" not in parts and not any(p.startswith("prisma") for p in parts):
        return False
    return "generated" in parts or parts[-1] in ("client", "edge", "index") \
        and any("prisma" in p for p in parts[:-1])


def _package_spec(spec: str) -> bool:
    """A package name (`database`, `@repo/db`), not a path of the project (`./db`,
    `@/lib/db`): a `PrismaClient` from a package is Prisma's, re-exported by a monorepo's
    database package (`export { PrismaClient } from "@prisma/client"`) or generated into it.
    A project module of that name may be anything (`./my-own-thing`)."""
    return bool(spec) and not spec.startswith(layout.PROJECT_IMPORT_PREFIXES) and not spec.startswith("/")


def client_kind(module: str, name: str) -> str | None:
    """"prisma" / "pool" / "adapter" for a class imported as `name` from `module`."""
    if name == "PrismaClient" and (is_prisma_module(module) or _package_spec(module)):
        return "prisma"
    if module.startswith(ADAPTER_MODULE_PREFIX) and name.startswith("Prisma"):
        return "adapter"
    if name == "Pool" and module in POOL_MODULES:
        return "pool"
    return None


@dataclass
class Binding:
    name: str
    owner: int                 # id of the function that declares it; 0 for the module
    kind: str                  # "param" | "local" | "module" | "import" | "function" | "class"
    node: object = None        # the declaring node (identifier, declarator, function, class)
    init: object = None        # the initialiser expression for variables
    module: str | None = None  # for imports: the module specifier
    imported: str | None = None  # for imports: the imported name, "default" or "*"
    path: tuple[str, ...] = ()  # destructuring path from `init`: const { user } = prisma
    index: int | None = None   # parameter position

    @property
    def key(self) -> tuple[int, str]:
        return (self.owner, self.name)


@dataclass
class Program:
    data: bytes
    root: object
    by_type: dict = field(default_factory=dict)     # node type -> nodes in tree order (ts_tree.index)
    # function id -> {name: Binding}; 0 is the module
    scopes: dict = field(default_factory=dict)
    functions: dict = field(default_factory=dict)   # id -> node, in (start, -end) order
    parents_fn: dict = field(default_factory=dict)  # function id -> enclosing function node or None
    ranges: FunctionRanges | None = None
    _chains: dict = field(default_factory=dict)     # member_chain memo: node id -> result
    # Indexed types not captured yet (build's `deferred`): the first `nodes` asking for one
    # captures them all, with one more query over the tree, in `grammar`.
    deferred: frozenset = frozenset()
    grammar: str = ""
    _starts: dict = field(default_factory=dict)  # node type -> its nodes' start bytes (nodes_within)
    loops: list | None = None  # every loop statement in tree order (constructions.in_loop), once
    loop_starts: list = field(default_factory=list)  # ... and their start bytes
    iterating: dict = field(default_factory=dict)  # function id -> an iterating callback? (in_loop)

    def text(self, node) -> str:
        return self.data[node.start_byte:node.end_byte].decode("utf-8", errors="replace")

    def nodes(self, *types):
        """The nodes of `types`, each type's in tree order (those of one type, then the next)."""
        for t in types:
            if t in self.deferred:
                self.by_type.update(capture(self.root, self.grammar, self.deferred))
                self.deferred = frozenset()
            yield from self.by_type.get(t, ())

    def nodes_within(self, kind: str, node) -> list:
        """The nodes of type `kind` strictly inside `node` (its descendants), in tree order,
        by range from the index (ts_tree.within)."""
        nodes = self.by_type.get(kind) if kind not in self.deferred else None
        if nodes is None:
            nodes = list(self.nodes(kind))
        starts = self._starts.get(kind)
        if starts is None or len(starts) != len(nodes):
            starts = self._starts[kind] = [n.start_byte for n in nodes]
        return within(nodes, starts, node)

    def enclosing(self, node):
        """`enclosing_function(node)`, from the function ranges (ts_tree.FunctionRanges)."""
        return self.ranges.enclosing(node) if self.ranges is not None else enclosing_function(node)


def build(data: bytes, grammar: str, tree=None, deferred: frozenset = frozenset()) -> Program:
    """The model of one program (`tree`: its tree-sitter tree, when already parsed;
    `deferred`: indexed types captured only when `Program.nodes` first asks for one)."""
    tree, by_type, ranges = index(data, grammar, tree, deferred)
    prog = Program(data=data, root=tree.root_node, by_type=by_type, ranges=ranges,
                   functions=ranges.functions, parents_fn=ranges.parents,
                   deferred=deferred & INDEXED_TYPES, grammar=grammar)
    prog.tree = tree  # keep the tree alive while nodes are in use
    _collect_bindings(prog)
    return prog


def awaits_itself(call) -> bool:
    """tree-sitter-typescript 0.23 reads `await tx.$queryRaw<T>(sql)` as a call of
    `(await tx.$queryRaw)<T>` and the tagged `await tx.$queryRaw<T>`...`` as a call of
    `(await tx.$queryRaw<T>)!` (with a MISSING `!`): the `await` sits inside the callee, yet
    it is the whole call's. Without parentheses a callee is never an await expression in
    real TypeScript."""
    fn = call.child_by_field_name("function")
    while fn is not None and fn.type in ("non_null_expression", "instantiation_expression"):
        fn = fn.named_children[0] if fn.named_children else None
    return fn is not None and fn.type == "await_expression"


def strip(node):
    """The expression under parentheses, `!`, `as T`, `satisfies T` and `await`."""
    while node is not None and node.type in WRAPPERS:
        inner = node.named_children[0] if node.named_children else None
        if inner is None:
            break
        node = inner
    return node


def string_value(prog: Program, node) -> str | None:
    """The value of a string literal or a template literal without substitutions."""
    if node is None:
        return None
    if node.type == "string":
        return "".join(prog.text(c) for c in node.named_children
                       if c.type in ("string_fragment", "escape_sequence"))
    if node.type == "template_string":
        if any(c.type == "template_substitution" for c in node.named_children):
            return None
        return prog.text(node)[1:-1]
    return None


def member_chain(prog: Program, node):
    """`a.b.c` -> (root node, ["b", "c"]); the root may be an identifier, `this`, a call, ...

    Memoised per node (the passes ask for the chain of the same callee several times); the
    caller gets its own list."""
    if node is None:
        return None, []
    known = prog._chains.get(node.id)
    if known is not None:
        return known[0], list(known[1])
    root, segments = _member_chain(prog, node)
    prog._chains[node.id] = (root, segments)
    return root, list(segments)


def _member_chain(prog: Program, node):
    segments = []
    node = strip(node)
    while node is not None and node.type in ("member_expression", "subscript_expression"):
        if node.type == "member_expression":
            prop = node.child_by_field_name("property")
            segments.append(prog.text(prop) if prop is not None else "?")
        else:
            value = string_value(prog, node.child_by_field_name("index"))
            segments.append(value if value is not None else "[]")
        node = strip(node.child_by_field_name("object"))
    segments.reverse()
    return node, segments


def class_field_of(fn):
    """The instance field that holds `fn` as its value (`order = async () => {...}` in a
    class body: a method written as an arrow), else None. A static field is no method."""
    parent = fn.parent
    while parent is not None and parent.type in WRAPPERS:
        parent = parent.parent
    if parent is None or parent.type != "public_field_definition" or \
            parent.parent is None or parent.parent.type != "class_body" or \
            any(c.type == "static" for c in parent.children):
        return None
    value = strip(parent.child_by_field_name("value"))
    return parent if value is not None and value.id == fn.id else None


def function_name(prog: Program, fn) -> str | None:
    name = fn.child_by_field_name("name")
    if name is not None:
        return prog.text(name)
    parent = fn.parent
    while parent is not None and parent.type in WRAPPERS:
        parent = parent.parent
    if parent is not None and parent.type == "public_field_definition" and class_field_of(fn) is not None:
        return prog.text(parent.child_by_field_name("name"))
    if parent is not None and parent.type == "variable_declarator":
        n = parent.child_by_field_name("name")
        return prog.text(n) if n is not None and n.type == "identifier" else None
    if parent is not None and parent.type == "pair":
        return prog.text(parent.child_by_field_name("key"))
    if parent is not None and parent.type == "assignment_expression":
        left = parent.child_by_field_name("left")
        return prog.text(left) if left is not None else None
    return None


def _owner_id(prog: Program, node) -> int:
    fn = prog.enclosing(node)
    return fn.id if fn is not None else 0


def _collect_bindings(prog: Program) -> None:
    """Every binding of the program by owner scope (functions' parameters and locals,
    declarations, imports, classes, catch clauses). Over 60 lines: one pass per binding
    form over the captured node lists, kept together because they share `add` and the
    order in which a later form may shadow an earlier one."""
    scopes = prog.scopes
    scopes[0] = {}

    def add(owner: int, b: Binding):
        scopes.setdefault(owner, {})[b.name] = b

    for fn in prog.functions.values():
        scopes.setdefault(fn.id, {})
        for i, p in enumerate(params_of(fn)):
            for name, ident, path in pattern_names(prog, p):
                add(fn.id, Binding(name, fn.id, "param", ident, path=path, index=i))
        if fn.type in ("function_declaration", "generator_function_declaration"):
            name = fn.child_by_field_name("name")
            if name is not None:
                owner = _owner_id(prog, fn)
                add(owner, Binding(prog.text(name), owner, "function", fn))
    for cls in prog.nodes("class_declaration", "abstract_class_declaration"):
        name = cls.child_by_field_name("name")
        if name is not None:
            owner = _owner_id(prog, cls)
            add(owner, Binding(prog.text(name), owner, "class", cls))
    requires = b"require" in prog.data
    for decl in prog.nodes("variable_declarator"):
        owner = _owner_id(prog, decl)
        value = decl.child_by_field_name("value")
        name_node = decl.child_by_field_name("name")
        if not requires and name_node is not None and name_node.type == "identifier":
            # the common `const x = ...`: one name, no destructuring, no require
            add(owner, Binding(prog.text(name_node), owner, "local" if owner else "module", decl,
                               init=value))
            continue
        # const { PrismaClient } = require('@prisma/client') / const pg = require('pg')
        req = strip(value) if requires else None
        module = None
        if req is not None and req.type == "call_expression":
            fn = req.child_by_field_name("function")
            args = req.child_by_field_name("arguments")
            if fn is not None and prog.text(fn) == "require" and args is not None and args.named_children:
                module = string_value(prog, args.named_children[0])
        for name, ident, path in pattern_names(prog, name_node):
            if module is not None:
                imported = path[0] if path else "*"
                add(owner, Binding(name, owner, "import", ident, module=module, imported=imported))
            else:
                add(owner, Binding(name, owner, "local" if owner else "module", decl, init=value,
                                   path=path))
    for stmt in prog.nodes("import_statement"):
        for b in import_bindings(prog, stmt):
            add(0, b)


def import_bindings(prog: Program, stmt) -> list[Binding]:
    """The module-scope bindings of one `import` statement, in order (none without a
    string source)."""
    spec = string_value(prog, stmt.child_by_field_name("source"))
    if spec is None:
        return []
    out = []
    for clause in stmt.named_children:
        if clause.type != "import_clause":
            continue
        for part in clause.named_children:
            if part.type == "identifier":
                out.append(Binding(prog.text(part), 0, "import", part, module=spec, imported="default"))
            elif part.type == "namespace_import":
                for ident in part.named_children:
                    out.append(Binding(prog.text(ident), 0, "import", ident, module=spec, imported="*"))
            elif part.type == "named_imports":
                for item in part.named_children:
                    if item.type != "import_specifier":
                        continue
                    imported = item.child_by_field_name("name")
                    alias = item.child_by_field_name("alias") or imported
                    out.append(Binding(prog.text(alias), 0, "import", alias, module=spec,
                                       imported=prog.text(imported)))
    return out


def resolve(prog: Program, name: str, at) -> Binding | None:
    """The binding `name` refers to at node `at`, innermost function first (shadowing)."""
    fn = prog.enclosing(at) if at.type not in FUNCTION_TYPES else at
    while fn is not None:
        b = prog.scopes.get(fn.id, {}).get(name)
        if b is not None:
            return b
        fn = prog.enclosing(fn)
    return prog.scopes[0].get(name)


def import_of(prog: Program, b: Binding | None, depth: int = 0):
    """(module, imported name) a binding stands for, following `const { Pool } = pg` aliases."""
    if b is None or depth > 4:
        return None
    if b.kind == "import":
        return b.module, b.imported
    init = strip(b.init)
    if init is not None and init.type == "identifier" and b.path:
        inner = import_of(prog, resolve(prog, prog.text(init), init), depth + 1)
        if inner is not None and inner[1] in ("*", "default"):
            return inner[0], b.path[-1]
    if init is not None and init.type == "call_expression" and init.children and init.children[0].type == "import" \
            and len(b.path) <= 1:
        # `const { PrismaClient } = await import("@prisma/client")` (strip took the await), or
        # `const mod = await import(...)` of `new mod.PrismaClient()`
        args = init.child_by_field_name("arguments")
        spec = string_value(prog, args.named_children[0]) if args is not None and args.named_children else None
        if spec is not None:
            return spec, b.path[-1] if b.path else "*"
    return None


def class_of(prog: Program, ctor, local_classes: dict) -> tuple[str, str] | None:
    """(kind, class name) when a `new` target is a Prisma client, pool or adapter class."""
    ctor = strip(ctor)
    if ctor is None:
        return None
    if ctor.type == "identifier":
        name = prog.text(ctor)
        b = resolve(prog, name, ctor)
        if b is not None and (b.kind == "class" or b.kind == "module" and name in local_classes):
            kind = local_classes.get(name)   # (a module const holding a class expression too)
            return (kind, name) if kind else None
        imp = import_of(prog, b)
        if imp is not None:
            kind = client_kind(*imp)
            return (kind, name) if kind else None
        return None
    if ctor.type == "member_expression":
        root, segments = member_chain(prog, ctor)
        if root is not None and root.type == "identifier" and len(segments) == 1:
            imp = import_of(prog, resolve(prog, prog.text(root), root))
            if imp is not None and imp[1] in ("*", "default"):
                kind = client_kind(imp[0], segments[0])
                # the class's own name (`Pool` of `new pg.Pool()`), as the rules' tables spell it
                return (kind, segments[0]) if kind else None
    return None
