"""TS/JS symbols for the linker, from the TS front-end's own model of the file.

Runs inside the front-end's analyser (`frontends.typescript._Analyser`) on the tree it
already built, and reuses what it knows: bindings (`ts_model.resolve`), which names are
clients (`is_client_binding`, `_clientlike`), scopes (`ts_scopes`), memoisation and loops.
One client recognition per language. Functions get their calls and local effects; calls
are assigned to their innermost function with one sorted sweep, not a walk per call.

Moves to `frontends/typescript/symbols.py` with the front-end package (issue 13).
"""

from __future__ import annotations

import bisect

from ...facts import ScopeKind
from ...symbols import link_seeds
from ...vocabulary.layout import PROJECT_IMPORT_PREFIXES
from ..ts_model import (FUNCTION_TYPES, QUERY_METHODS, RAW_METHODS, awaits_itself, class_of,
                                  function_name, import_of, member_chain, params_of, pattern_names,
                                  resolve, strip)
from ...symbols import Arg, CallSite, CalleeRef, Effects, Function, ModuleSymbols, Registration
from . import clients, constructions, lifecycle
from . import symbol_shapes as ts_exports

LIFECYCLE = ("$connect", "$disconnect", "$use", "$on")
# Unbound globals worth a call site: the rest (console.log, JSON.parse) never matter.
SLOW_GLOBALS = frozenset({"fetch", "setTimeout"})
PASS_THROUGH = ("parenthesized_expression", "non_null_expression", "as_expression", "satisfies_expression")


def extract(tf) -> ModuleSymbols:
    return _Extractor(_View(tf)).run()


class _View:
    """The TS passes' knowledge of one file (`context.TsFile` and the pass modules'
    predicates), under the names the extractor reads."""

    def __init__(self, tf):
        self.tf = tf
        self.prog, self.facts, self.scopes = tf.prog, tf.facts, tf.scopes
        self.local_classes = tf.local_classes
        self._clientlike, self._clientlike_this = tf.clientlike, tf.clientlike_this
        self.clientlike, self.clientlike_this = tf.clientlike, tf.clientlike_this

    def span(self, node):
        return self.tf.span(node)

    def text(self, node) -> str:
        return self.tf.text(node)

    def is_client_binding(self, b) -> bool:
        return clients.is_client_binding(self.tf, b)

    def _returns_fresh_client(self, fn) -> bool:
        return lifecycle.returns_fresh_client(self.tf, fn)

    def _memoised(self, node, top) -> bool:
        return constructions.memoised(self.tf, node, top)

    def _expression_top(self, node):
        return constructions.expression_top(self.tf, node)


def seeds_link(facts) -> bool:
    """Whether a file's symbols are needed whatever the rest of the project holds: it has
    an interactive transaction (its body may call into other modules) or a client built,
    connected or disconnected in an ordinary function (other modules may call that)."""
    has_tx, candidate = link_seeds(facts)
    return has_tx or candidate


class _Extractor:
    def __init__(self, an):
        self.an = an
        self.prog = an.prog
        self.fns = sorted(self.prog.functions.values(), key=lambda n: (n.start_byte, -n.end_byte))
        self.starts = [n.start_byte for n in self.fns]
        self.ids: dict[int, str] = {}
        self.parent_of: dict[int, object] = {}
        for fn in self.fns:
            self.ids[fn.id] = self._make_id(fn)
            self.parent_of[fn.id] = self.enclosing(fn)
        self.scopes = self.prog.scopes
        self.names = set()
        for scope in self.scopes.values():
            self.names.update(scope)
        from .transactions import TxWalker

        self.walker = TxWalker(an, None, None, None)
        self.tx_bodies = self._transaction_bodies()

    # -- ids and containment ---------------------------------------------------------
    def _make_id(self, fn) -> str:
        span = self.an.span(fn)
        return f"{self._qualname(fn)}@{span.line}:{span.col}"

    def _qualname(self, fn) -> str:
        name = function_name(self.prog, fn) or ("default" if self._default_export(fn) else "<anonymous>")
        owner = self._owner(fn)
        return f"{owner}.{name}" if owner else name

    def _default_export(self, fn) -> bool:
        parent = fn.parent
        return parent is not None and parent.type == "export_statement" and parent.parent == self.prog.root

    def _owner(self, fn) -> str | None:
        """The class of a method, or the module-level object a method/arrow is a member of."""
        parent = fn.parent
        if fn.type == "method_definition" and parent is not None and parent.type == "class_body":
            cls = parent.parent
            name = cls.child_by_field_name("name") if cls is not None else None
            return self.an.text(name) if name is not None else None
        if fn.type == "method_definition":
            obj = parent
        else:
            obj = parent.parent if parent is not None and parent.type == "pair" else None
        if obj is not None and obj.type == "object" and obj.parent is not None:
            decl = obj.parent
            if decl.type == "variable_declarator":
                n = decl.child_by_field_name("name")
                return self.an.text(n) if n is not None and n.type == "identifier" else None
            if decl.type in ("export_statement",):
                return "default"
            if decl.type == "assignment_expression":
                return self.an.text(decl.child_by_field_name("left"))
        return None

    def resolve(self, name: str, owner):
        """`ts_model.resolve` from a known innermost function, without climbing the tree."""
        if name not in self.names:
            return None
        fn = owner
        while fn is not None:
            b = self.scopes.get(fn.id, {}).get(name)
            if b is not None:
                return b
            fn = self.parent_of.get(fn.id)
        return self.scopes[0].get(name)

    def fid(self, fn) -> str:
        return self.ids[fn.id]

    def enclosing(self, node):
        """Innermost function holding `node` (by byte range, one bisect)."""
        i = bisect.bisect_right(self.starts, node.start_byte) - 1
        while i >= 0:
            fn = self.fns[i]
            if fn.end_byte >= node.end_byte and fn.id != node.id:
                return fn
            i -= 1
        return None

    def _transaction_bodies(self):
        """(start, end, tx span, receiver text, tx param key) of each `$transaction(async (tx) => ...)`."""
        out = []
        for call in self.prog.nodes("call_expression"):
            fn = strip(call.child_by_field_name("function"))
            if fn is None or fn.type != "member_expression" or \
                    self.an.text(fn.child_by_field_name("property")) != "$transaction":
                continue
            args = call.child_by_field_name("arguments")
            argv = [a for a in (args.named_children if args is not None else ()) if a.type != "comment"]
            body = strip(argv[0]) if argv else None
            if body is None or body.type not in FUNCTION_TYPES:
                continue
            params = params_of(body)
            key = (body.id, self.an.text(params[0])) if params and params[0].type == "identifier" else None
            out.append((body.start_byte, body.end_byte, self.an.span(call),
                        self.an.text(fn.child_by_field_name("object")), key))
        return out

    def _transaction_of(self, node):
        best = None
        for start, end, span, receiver, key in self.tx_bodies:
            if start <= node.start_byte and node.end_byte <= end and (best is None or start >= best[0]):
                best = (start, span, receiver, key)
        return best

    # -- run -------------------------------------------------------------------------
    def run(self) -> ModuleSymbols:
        an = self.an
        calls: dict[int, list] = {}
        module_calls = []
        local: dict[int, dict] = {}
        for call in self.prog.nodes("call_expression"):
            owner = self.enclosing(call)
            site = self._site(call, owner)
            self._local_effects(call, owner, local)
            if site is None:
                continue
            if owner is None:
                module_calls.append(site)
            else:
                calls.setdefault(owner.id, []).append(site)
        constructs = self._constructions()
        functions = []
        for fn in self.fns:
            functions.append(self._function(fn, calls.get(fn.id, ()), local.get(fn.id, {}),
                                            constructs.get(fn.id, ())))
        instances, objects, clients, aliases = ts_exports.module_values(an, self.fid)
        dinst, dobj = ts_exports.default_values(an, self.fid)
        return ModuleSymbols(
            ecosystem="js", imports=ts_exports.imports(an), exports=ts_exports.exports(an, None),
            functions=tuple(functions), classes=ts_exports.classes(an, self.fid),
            instances=instances + tuple(dinst), objects=objects + tuple(dobj),
            module_calls=tuple(module_calls), registrations=self._registrations(),
            client_bindings=clients, aliases=aliases)

    def _function(self, fn, calls, local, constructs) -> Function:
        an = self.an
        scope = an.scopes.of_function(fn)
        parent = self.enclosing(fn)
        params = []
        for p in params_of(fn):
            names = pattern_names(self.prog, p)
            params.append(names[0][0] if len(names) == 1 and p.type == "identifier" else "")
        kind = {"method_definition": "method", "arrow_function": "arrow"}.get(fn.type, "function")
        owner = self._owner(fn)
        if owner and fn.type != "method_definition" or owner and fn.parent.type != "class_body":
            kind = "object-method"
        returns_fresh = bool(constructs) and an._returns_fresh_client(fn)
        name = function_name(self.prog, fn) or ("default" if self._default_export(fn) else None)
        return Function(
            id=self.fid(fn), name=name, qualname=self._qualname(fn), span=an.scopes.fn_span(fn),
            body=an.span(fn), kind=kind, owner=owner, params=tuple(params),
            direct_scope=None if scope.kind is ScopeKind.FUNCTION else scope,
            memoised=self._memoised(fn), parent=self.fid(parent) if parent is not None else None,
            calls=tuple(calls),
            effects=Effects(
                constructs=tuple(constructs), returns_fresh=returns_fresh,
                returns_calls=tuple(local.get("returns", ())),
                lifecycle_from=tuple(local.get("lifecycle_from", ())),
                outer_queries=tuple(local.get("outer", ())),
                param_queries=tuple(local.get("params", ())),
                queries=bool(local.get("queries"))))

    def _memoised(self, fn) -> bool:
        from .constructions import MEMO_CALLS

        holder = fn.parent
        while holder is not None and holder.type in PASS_THROUGH:
            holder = holder.parent
        if holder is None or holder.type != "arguments":
            return False
        callee = strip(holder.parent.child_by_field_name("function"))
        return callee is not None and self.an.text(callee).rsplit(".", 1)[-1] in MEMO_CALLS

    def _constructions(self) -> dict[int, list]:
        an = self.an
        out: dict[int, list] = {}
        for node in self.prog.nodes("new_expression"):
            if class_of(self.prog, node.child_by_field_name("constructor"), an.local_classes) is None:
                continue
            owner = self.enclosing(node)
            if owner is None or an._memoised(node, an._expression_top(node)):
                continue
            out.setdefault(owner.id, []).append(an.span(node))
        return out

    # -- call sites --------------------------------------------------------------------
    def _site(self, call, owner) -> CallSite | None:
        an = self.an
        fn = strip(call.child_by_field_name("function"))
        if fn is None:
            return None
        if fn.type == "identifier":
            root, segments = fn, []
        elif fn.type == "member_expression":
            root, segments = member_chain(self.prog, fn)
        else:
            return None
        ref = self._callee(call, fn, root, segments, owner)
        if ref is None:
            return None
        tx = self._transaction_of(call) if self.tx_bodies else None
        last = segments[-1] if segments else ""
        query = len(segments) == 2 and last in QUERY_METHODS or len(segments) == 1 and last in RAW_METHODS
        project = ref.kind != "external"
        return CallSite(
            query=query, memoised=self._memo_call(call),
            unless_param=_param_guard(self, call, owner) if project or query else None,
            span=an.span(call), callee=ref, args=self._args(call, owner, tx),
            awaited=_awaited(call),
            transaction=tx[1] if tx is not None else None,
            transaction_receiver=tx[2] if tx is not None else None)

    def _memo_call(self, call) -> bool:
        """`_pool ??= createPool()`, `x = x ?? f()`, `globalThis.db ||= f()`."""
        an = self.an
        top = an._expression_top(call)
        parent = top.parent
        if top.type != "binary_expression" and (parent is None or parent.type not in (
                "assignment_expression", "augmented_assignment_expression")):
            return False
        return an._memoised(call, top)

    def _callee(self, call, fn, root, segments, owner) -> CalleeRef | None:
        an = self.an
        if root is None:
            return None
        written = an.text(fn)
        if root.type == "this":
            if not segments:
                return None
            if len(segments) == 1:
                return CalleeRef("this", "", tuple(segments), written)
            return CalleeRef("this", segments[0], tuple(segments[1:]), written)
        if root.type != "identifier":
            return None
        name = an.text(root)
        b = self.resolve(name, owner)
        if b is None:
            if name in SLOW_GLOBALS:
                return CalleeRef("external", name, tuple(segments), written, ".".join([name, *segments]))
            return None
        if not segments and b.kind != "import":
            target = self._function_of(b)
            if target is not None:
                return CalleeRef("local", self.fid(target), (), written)
        if b.kind in ("param", "local") and not b.init:
            return None
        imp = (b.module, b.imported) if b.kind == "import" else import_of(self.prog, b) if b.path else None
        external = None
        if imp is not None and not imp[0].startswith(PROJECT_IMPORT_PREFIXES) \
                or imp is None and self.walker._built_from_package(b):
            external = self.walker._callee(root, segments, b)
        if b.kind == "import":
            return CalleeRef("import", name, tuple(segments), written, external)
        if b.owner == 0 and b.kind in ("module", "class", "function") and not b.path:
            return CalleeRef("name", name, tuple(segments), written, external)
        if external is not None:
            return CalleeRef("external", name, tuple(segments), written, external)
        return None

    def _function_of(self, b):
        """The same-file function a binding names (a declaration or `const f = () => ...`)."""
        if b.kind == "function":
            return b.node if b.node.id in self.ids else None
        if b.kind in ("local", "module") and not b.path:
            init = strip(b.init)
            if init is not None and init.type in FUNCTION_TYPES and init.id in self.ids:
                return init
        return None

    def _args(self, call, owner, tx) -> tuple[Arg, ...]:
        args = call.child_by_field_name("arguments")
        if args is None or args.type != "arguments":
            return ()
        out = []
        for a in args.named_children:
            if a.type == "comment":
                continue
            out.append(self._arg(strip(a), owner, tx))
        return tuple(out)

    def _arg(self, node, owner, tx) -> Arg:
        an = self.an
        if node is None:
            return Arg("other")
        if node.type in ("undefined", "null") or node.type == "identifier" and an.text(node) == "undefined":
            return Arg("absent")
        if node.type in FUNCTION_TYPES and node.id in self.ids:
            return Arg("function", function=self.fid(node))
        if node.type == "member_expression":
            root, segs = member_chain(self.prog, node)
            if root is not None and root.type == "this" and len(segs) == 1 and segs[0] in an._clientlike_this:
                return Arg("outer-client")
            return Arg("other")
        if node.type != "identifier":
            return Arg("other")
        b = self.resolve(an.text(node), owner)
        if b is None:
            return Arg("other")
        if tx is not None and tx[3] is not None and b.key == tx[3] and not b.path:
            return Arg("tx")
        if b.kind == "param" and owner is not None and b.owner == owner.id and not b.path:
            return Arg("param", index=b.index)
        if b.owner == 0 and an.is_client_binding(b) or b.kind == "import" and b.key in an._clientlike:
            return Arg("outer-client")
        return Arg("other")

    # -- local effects -----------------------------------------------------------------
    def _local_effects(self, call, owner, local) -> None:
        if owner is None:
            return
        an = self.an
        fn = strip(call.child_by_field_name("function"))
        mine = local.setdefault(owner.id, {})
        if _returned(call, owner):
            mine.setdefault("returns", []).append(an.span(call))
        if fn is None or fn.type != "member_expression":
            return
        root, segments = member_chain(self.prog, fn)
        if root is None or not segments:
            return
        last = segments[-1]
        if last in LIFECYCLE:
            receiver = strip(fn.child_by_field_name("object"))
            if receiver is not None and receiver.type == "identifier":
                b = self.resolve(an.text(receiver), owner)
                init = strip(b.init) if b is not None and b.kind == "local" else None
                if init is not None and init.type == "call_expression":
                    mine.setdefault("lifecycle_from", []).append((an.span(call), an.span(init)))
            return
        shape = len(segments) == 2 and last in QUERY_METHODS or len(segments) == 1 and last in RAW_METHODS
        if root.type == "this":
            if len(segments) in (2, 3) and segments[0] in an._clientlike_this and \
                    (segments[-1] in QUERY_METHODS and len(segments) == 3 or segments[-1] in RAW_METHODS):
                mine["queries"] = True
                mine.setdefault("outer", []).append(an.span(call))
            return
        if not shape or root.type != "identifier":
            return
        b = self.resolve(an.text(root), owner)
        if b is None:
            return
        if b.kind == "param" and b.owner == owner.id and not b.path:
            mine["queries"] = True
            mine.setdefault("params", []).append((b.index, an.span(call)))
        elif b.owner == 0 and an.is_client_binding(b) or b.kind == "import" and b.key in an._clientlike:
            mine["queries"] = True
            mine.setdefault("outer", []).append(an.span(call))

    # -- registrations -----------------------------------------------------------------
    def _registrations(self) -> tuple[Registration, ...]:
        out = []
        for value, scope in self.an.scopes.registered_elsewhere:
            if not scope.per_request:
                continue
            root, segs = (value, []) if value.type == "identifier" else member_chain(self.prog, value)
            if root is None or root.type != "identifier":
                continue
            b = resolve(self.prog, self.an.text(root), root)
            if b is None or b.kind not in ("import", "module"):
                continue
            kind = "import" if b.kind == "import" else "name"
            out.append(Registration(scope, CalleeRef(kind, self.an.text(root), tuple(segs), self.an.text(value)),
                                    self.an.span(value)))
        return tuple(out)


def _up(node):
    while node.parent is not None and node.parent.type in PASS_THROUGH:
        node = node.parent
    return node


def _awaited(call) -> bool | None:
    """True: the caller waits for it (await, return, arrow body, .then chain awaited);
    False: a statement of its own or `void f()` (fire-and-forget); None: cannot tell."""
    if awaits_itself(call):
        return True
    node = _up(call)
    parent = node.parent
    if parent is None:
        return None
    if parent.type == "member_expression" and parent.parent is not None and \
            parent.parent.type == "call_expression":
        prop = parent.child_by_field_name("property")
        if prop is not None and prop.type == "property_identifier" and \
                call_text(prop) in ("then", "catch", "finally"):
            return _awaited(parent.parent)
        return None
    if parent.type in ("await_expression", "return_statement", "yield_expression", "arrow_function"):
        return True
    if parent.type == "expression_statement":
        return False
    if parent.type == "unary_expression" and parent.children and parent.children[0].type == "void":
        return False
    return None


def call_text(node) -> str:
    return node.text.decode("utf-8", errors="replace") if node.text is not None else ""


def _returned(call, owner) -> bool:
    """`return f()`, `return await f()`, `() => f()`: the function returns the call's result."""
    node = _up(call)
    parent = node.parent
    if parent is not None and parent.type == "await_expression":
        node = _up(parent)
        parent = node.parent
    if parent is None:
        return False
    if parent.type == "return_statement":
        return True
    return parent.type == "arrow_function" and parent.id == owner.id


def _param_guard(ex, call, owner) -> int | None:
    """The parameter whose absence the call depends on: the call sits in the branch that
    runs when parameter k is falsy (`k ? a : call()`, `if (!k) call()`, `else call()` of
    `if (k)`, `k ?? call()`, `k || call()`)."""
    if owner is None:
        return None
    child, node = call, call.parent
    while node is not None and node.id != owner.id:
        k = None
        if node.type == "ternary_expression":
            k = _guard_of(ex, node.child_by_field_name("condition"), owner,
                          child == node.child_by_field_name("alternative"))
        elif node.type == "if_statement":
            alt = node.child_by_field_name("alternative")
            in_else = alt is not None and child.id == alt.id
            in_then = child == node.child_by_field_name("consequence")
            if in_else or in_then:
                k = _guard_of(ex, node.child_by_field_name("condition"), owner, in_else)
        elif node.type == "binary_expression" and child == node.child_by_field_name("right") and \
                ex.prog.text(node.child_by_field_name("operator")) in ("??", "||"):
            k = _guard_of(ex, node.child_by_field_name("left"), owner, True)
        if k is not None:
            return k
        child, node = node, node.parent
    return None


def _guard_of(ex, cond, owner, when_true_skips: bool) -> int | None:
    """k when `cond` is param k (and the branch runs when it is falsy) or `!k` (and the
    branch runs when that is true)."""
    prog = ex.prog
    cond = strip(cond)
    negated = False
    while cond is not None and cond.type == "unary_expression" and prog.text(cond).startswith("!"):
        negated = not negated
        cond = strip(cond.named_children[0]) if cond.named_children else None
    if cond is None or cond.type != "identifier":
        return None
    b = ex.resolve(prog.text(cond), owner)
    if b is None or b.kind != "param" or b.owner != owner.id or b.path:
        return None
    # the branch runs when k is falsy: else/alternative of `k`, or then/consequence of `!k`
    return b.index if when_true_skips != negated else None
