"""Calls on a receiver whose class the file states, for the TS/JS symbols (`symbol_calls`):
a parameter typed with a class (tegon hands its `AIRequestsService` to utilities as `ai:
AIRequestsService`, and `ai.getLLMRequest()` is that class's method, wherever the class
comes from: the project's, bound to its body; a package's, judged by the known-library
lists), and a function's own local holding an instance of the project's class (`const rm =
new ResultsManager(); await rm.getAll()`, or `const rm: ResultsManager = ...`)."""

from __future__ import annotations

from ...symbols import CalleeRef
from ..ts_model import QUERY_METHODS, RAW_METHODS, resolve, strip
from .clients import is_client_expr
from .symbol_shapes import declared_type, ref_of

# What may hold a local's declaration, from the declarator up to the block it is visible in
_DECLARATIONS = ("lexical_declaration", "variable_declaration")
# Nodes that give a local a new value: its class is not certain past one of them
_ASSIGNMENTS = ("assignment_expression", "augmented_assignment_expression", "update_expression")


def param_class(ex, b, segments) -> CalleeRef | None:
    """The class a parameter's annotation names (`symbol_shapes.declared_type`, as a
    constructor injection's is read), when the call is one method call and no query
    (`db: PrismaClient` ... `db.user.findMany()` is the parameter's query, which
    `param_queries` judges by what the caller hands it): an imported name, or a class of
    this file."""
    if not _one_method(segments, queries=False):
        return None
    node = b.node
    holder = node.parent if node is not None and node.type == "identifier" else node
    if holder is None or holder.type not in ("required_parameter", "optional_parameter"):
        return None
    return _declared(ex, holder)


def local_class(ex, b, segments, call) -> CalleeRef | None:
    """The project's class a function's local holds, for one method call on it: the class
    its declaration names (`const rm: ResultsManager = ...`), or the class the `new` it is
    initialised with builds (`const rm = new ResultsManager()`: a `const`, or a `let` never
    assigned again). Only a declaration whose block holds the call after it (blocks share
    one scope in the bindings: `{ const s = new A() } ... { const s = new B(); s.m() }`)."""
    decl = b.node
    if b.kind != "local" or b.path or decl is None or decl.type != "variable_declarator" or \
            not _one_method(segments, queries=True) or not _visible_at(decl, call):
        return None
    init = strip(b.init)
    if init is not None and init.type == "new_expression" and _hands_fresh_client(ex, init):
        return None
    declared = _declared(ex, decl)
    if declared is not None:
        return declared if _one_method(segments, queries=False) else None
    if init is not None and init.type == "call_expression":   # `container.resolve(UserService)`
        return container_resolved(ex.an, init)   # the class it names: its `count()` is its own
    if init is None or init.type != "new_expression":
        return None
    if decl.parent.children[0].type != "const" and _assigned_again(ex, b, decl):
        return None
    ctor = strip(init.child_by_field_name("constructor"))
    head = ctor
    while head is not None and head.type == "member_expression":
        head = strip(head.child_by_field_name("object"))
    top = ex.prog.scopes[0].get(ex.an.text(head)) if head is not None and head.type == "identifier" else None
    if top is None or top.kind not in ("import", "class") or resolve(ex.prog, ex.an.text(head), head) is not top:
        return None   # a global's (`new Map()`), or a name the function binds itself
    return ref_of(ex.an, ctor)


def container_resolved(an, call) -> CalleeRef | None:
    """The project class a dependency-injection container's call hands back an instance
    of (`container.resolve(UserService)` of tsyringe, `Container.get(UserService)` of
    typedi: `vocabulary.frameworks_js.DI_RESOLVERS`), its one argument a class."""
    from ...vocabulary.frameworks_js import DI_RESOLVERS

    fn = strip(call.child_by_field_name("function"))
    args = call.child_by_field_name("arguments")
    if fn is None or fn.type != "member_expression" or args is None or len(args.named_children) != 1:
        return None
    obj, method = strip(fn.child_by_field_name("object")), an.text(fn.child_by_field_name("property"))
    b = resolve(an.prog, an.text(obj), obj) if obj is not None and obj.type == "identifier" else None
    if b is None or b.kind != "import" or method not in DI_RESOLVERS.get(b.module, ()):
        return None
    arg = strip(args.named_children[0])
    top = an.prog.scopes[0].get(an.text(arg)) if arg is not None and arg.type == "identifier" else None
    return ref_of(an, arg) if top is not None and top.kind in ("import", "class") else None


def _hands_fresh_client(ex, new) -> bool:
    """`new FilesRepository(client)` of a client the function builds itself (or `new
    Repo(new PrismaClient())`): the instance's client is that one, not the shared one its
    methods' `this.client` is taken for, and its construction is the finding (PC101)."""
    args = new.child_by_field_name("arguments")
    for a in (args.named_children if args is not None else ()):
        a = strip(a)
        if a is None:
            continue
        b = resolve(ex.prog, ex.an.text(a), a) if a.type == "identifier" else None
        if b is not None and b.owner != 0 and ex.an.is_client_binding(b) or \
                a.type == "new_expression" and is_client_expr(ex.an.tf, a):
            return True
    return False


def _one_method(segments, queries: bool) -> bool:
    last = segments[-1] if segments else ""
    return len(segments) == 1 and last not in RAW_METHODS and not last.startswith("$") and \
        (queries or last not in QUERY_METHODS)


def _declared(ex, holder) -> CalleeRef | None:
    """The class a declaration's annotation names: an import, or a class this file declares."""
    ref = declared_type(ex.an, holder)
    if ref is not None and ref.kind == "name":   # not imported: only a class this file declares
        declared = ex.prog.scopes[0].get(ref.target)
        if declared is None or declared.kind != "class":
            return None
    return ref


def _visible_at(decl, call) -> bool:
    """`call` comes after the declarator, inside the block that holds its declaration."""
    holder = decl.parent
    if holder is None or holder.type not in _DECLARATIONS or call.start_byte < decl.end_byte:
        return False
    block = holder.parent
    return block is not None and block.start_byte <= call.start_byte and call.end_byte <= block.end_byte


def _assigned_again(ex, b, decl) -> bool:
    """A `let`/`var` the function gives another value (`x = ...`, `x += ...`, `x++`,
    `[a, x] = ...`): a walk of its function, for the rare `let` a method is called on."""
    fn = ex.prog.functions.get(b.owner)
    stack = [fn if fn is not None else ex.prog.root]
    while stack:
        node = stack.pop()
        if node.type in _ASSIGNMENTS:
            target = strip(node.child_by_field_name("left") or node.child_by_field_name("argument"))
            if target is not None and target.type != "member_expression" and _names(ex, target, b):
                return True
        stack.extend(node.named_children)
    return False


def _names(ex, target, b) -> bool:
    """`target` (a name, or a destructuring pattern) assigns the binding `b`."""
    if target.type in ("identifier", "shorthand_property_identifier_pattern"):
        if ex.an.text(target) != b.name:
            return False
        found = resolve(ex.prog, b.name, target)
        return found is None or found.key == b.key
    return any(_names(ex, c, b) for c in target.named_children if c.type != "member_expression")
