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
from ...vocabulary.clients import JS_TRANSACTION
from ...vocabulary.frameworks_js import auto_imported_here
from ...symbols import CalleeRef, Effects, Function, ModuleSymbols, Registration, link_seeds
from ..ts_model import (FUNCTION_TYPES, class_field_of, class_of, function_name, member_chain, params_of, pattern_names,
                        resolve, strip)
from . import clients, constructions, lifecycle
from . import symbol_shapes as ts_exports, symbol_values
from .symbol_calls import PASS_THROUGH, CallSites
from .syntax import module_numbers
from .symbol_callbacks import callback_site
from .symbol_classes import construction_sites, field_class, with_field_functions
from .symbol_returns import returned_objects, returned_packages
from .symbol_singletons import client_effects
from .symbol_wiring import field_instances



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
        # called for most nodes the extraction reads: the bound methods themselves, not a
        # method that calls one that calls one
        self.text = tf.prog.text
        span_of = tf.span_of
        spans: dict = {}   # a call's span is asked for its site, its return, its tx...: once

        def span(node):
            key = (node.start_byte, node.end_byte)
            hit = spans.get(key)
            if hit is None:
                hit = spans[key] = span_of(*key)
            return hit
        self.span = span

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


class _Extractor(CallSites):
    def __init__(self, an):
        self.an = an
        self.prog = an.prog
        self.fns = sorted(self.prog.functions.values(), key=lambda n: (n.start_byte, -n.end_byte))
        self.starts = [n.start_byte for n in self.fns]
        self.ids: dict[int, str] = {}
        # node id -> (name, owner, qualname), made with the id and read again by `_function`
        self.naming: dict[int, tuple] = {}
        self.parent_of: dict[int, object] = {}
        holding: list = []   # the functions that hold the current one, innermost last
        for fn in self.fns:  # by start, the outer of two at one start first: one sweep
            while holding and holding[-1].end_byte < fn.end_byte:
                holding.pop()
            self.parent_of[fn.id] = holding[-1] if holding else None
            holding.append(fn)
            self.ids[fn.id] = self._make_id(fn)
        self.scopes = self.prog.scopes
        self.names = set()
        # the functions some binding is a parameter of: a call's guard (`_param_guard`) is
        # one of its function's parameters, so a function without any has none to look for
        self.param_owners = set()
        self.loops: dict = {}   # `constructions.in_loop`'s memo for this tree
        for scope in self.scopes.values():
            self.names.update(scope)
            self.param_owners.update(b.owner for b in scope.values() if b.kind == "param")
        from .transactions import TxWalker

        self.walker = TxWalker(an, None, None, None)
        self.tx_bodies = self._transaction_bodies()
        # a Nitro/Nuxt server file: the functions of server/utils/ are auto-imported there
        self.auto_imports = auto_imported_here(an.tf.path)

    # -- ids and containment ---------------------------------------------------------
    def _make_id(self, fn) -> str:
        span = self.an.span(fn)
        return f"{self._qualname(fn)}@{span.line}:{span.col}"

    def _qualname(self, fn) -> str:
        name = function_name(self.prog, fn) or ("default" if self._default_export(fn) else None)
        owner = self._owner(fn)
        qualname = f"{owner}.{name or '<anonymous>'}" if owner else name or "<anonymous>"
        self.naming[fn.id] = (name, owner, qualname)
        return qualname

    def _default_export(self, fn) -> bool:
        parent = fn.parent
        return parent is not None and parent.type == "export_statement" and parent.parent == self.prog.root

    def _owner(self, fn) -> str | None:
        """The class of a method, or the module-level object a method/arrow is a member of."""
        parent = fn.parent
        field = class_field_of(fn)
        if field is not None:   # `order = async () => {...}`: a method of the class
            parent = field.parent
        if (fn.type == "method_definition" or field is not None) and parent is not None and \
                parent.type == "class_body":
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
        """Innermost function holding `node` (by byte range): the last function to start
        at or before it, or the first of that one's enclosing functions to end at or after
        it (functions nest, so no other can hold it). A bisect and a short climb, where
        stepping back through every earlier function cost a file with many module-level
        calls time quadratic in its functions."""
        parent_of = self.parent_of
        if node.id in parent_of:
            return parent_of[node.id]
        i = bisect.bisect_right(self.starts, node.start_byte) - 1
        fn = self.fns[i] if i >= 0 else None
        end = node.end_byte
        while fn is not None and fn.end_byte < end:
            fn = parent_of[fn.id]
        return fn

    def _transaction_bodies(self):
        """(start, end, tx span, receiver text, tx param key) of each `$transaction(async (tx) => ...)`,
        and of each call that may hand its body to one (`wrappers.pending_callback`: the
        linker keeps those whose callee does) outside every other transaction's body."""
        from .targets import calls_or_callbacks, word_tokens, wrapper_tokens
        from .wrappers import pending_callback, wrapper_callback

        out, pending = [], []
        self.wrapper_calls = set()
        root, data = self.prog.root, self.prog.data
        # the calls naming `$transaction` or spelling a wrapper, and those handing a callback
        # that may query its parameter (pending_callback's): a superset of the three kinds, in
        # tree order, not every call of the file judged by wrapper_callback
        tokens = word_tokens(root, data, JS_TRANSACTION.encode()) + wrapper_tokens(root, data)
        for call in calls_or_callbacks(root, data, tokens):
            fn = strip(call.child_by_field_name("function"))
            wrapped = wrapper_callback(self.an, call)   # `withTransaction(async (tx) => ...)`
            if wrapped is not None:
                self.wrapper_calls.add(call.id)
            if wrapped is None and (fn is None or fn.type != "member_expression" or
                                    self.an.text(fn.child_by_field_name("property")) != "$transaction"):
                got = pending_callback(self.an, call)
                if got is not None:
                    pending.append((call, got[0]))
                continue
            args = call.child_by_field_name("arguments")
            argv = [a for a in (args.named_children if args is not None else ()) if a.type != "comment"]
            body = wrapped if wrapped is not None else strip(argv[0]) if argv else None
            if body is None or body.type not in FUNCTION_TYPES:
                continue
            out.append(self._body_entry(call, body, "" if wrapped is not None else
                                        self.an.text(fn.child_by_field_name("object"))))
        for call, body in pending:
            if not any(start <= body.start_byte and body.end_byte <= end for start, end, *_ in out):
                self.wrapper_calls.add(call.id)
                out.append(self._body_entry(call, body, ""))
        return out

    def _body_entry(self, call, body, receiver: str):
        params = params_of(body) if body.type != "method_definition" else []   # `@Transactional()`
        key = (body.id, self.an.text(params[0])) if params and params[0].type == "identifier" else None
        return body.start_byte, body.end_byte, self.an.span(call), receiver, key

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
        for fn in self.fns:   # `new Promise((res) => ...)`, `items.map(async (x) => ...)`
            owner = self.parent_of.get(fn.id)
            site = callback_site(self, fn) if owner is not None else None
            if site is not None:
                calls.setdefault(owner.id, []).append(site)
        field_calls: dict[int, list] = {}
        for owner, node, site in construction_sites(self, self.enclosing):   # `new UserService()`
            cls = field_class(node) if owner is None else None
            (field_calls.setdefault(cls.id, []) if cls is not None else module_calls if owner is None
             else calls.setdefault(owner.id, [])).append(site)
        constructs, field_constructs = self._constructions()
        packages, instances_of = returned_packages(self)
        objects_of, statics = returned_objects(self), client_effects(self)
        functions = []
        for fn in self.fns:
            functions.append(self._function(fn, calls.get(fn.id, ()), local.get(fn.id, {}),
                                            constructs.get(fn.id, ()), packages.get(fn.id),
                                            instances_of.get(fn.id), objects_of.get(fn.id, ()), statics.get(fn.id, {})))
        classes, functions = with_field_functions(self, ts_exports.classes(an, self.fid), functions,
                                                  field_constructs, field_calls)
        instances, objects, clients, aliases, held = symbol_values.module_values(an, self.fid)
        dinst, dobj, dclients = symbol_values.default_values(an, self.fid)
        return ModuleSymbols(
            ecosystem="js", imports=ts_exports.imports(an), exports=ts_exports.exports(an, None),
            functions=tuple(functions), classes=classes,
            instances=instances + tuple(dinst) + tuple(field_instances(an, ts_exports.ref_of)),
            objects=objects + tuple(dobj),
            module_calls=tuple(module_calls), registrations=self._registrations(),
            client_bindings=clients + tuple(dclients), aliases=aliases, held=held, numbers=module_numbers(self.prog))

    def _function(self, fn, calls, local, constructs, package=None, cls=None, obj=(), clients=None) -> Function:
        an = self.an
        scope = an.scopes.of_function(fn)
        parent = self.enclosing(fn)
        params = []
        for p in params_of(fn):
            names = pattern_names(self.prog, p)
            params.append(names[0][0] if len(names) == 1 and p.type == "identifier" else "")
        kind = {"method_definition": "method", "arrow_function": "arrow"}.get(fn.type, "function")
        name, owner, qualname = self.naming[fn.id]
        if class_field_of(fn) is not None:
            kind = "method"
        elif owner and fn.type != "method_definition" or owner and fn.parent.type != "class_body":
            kind = "object-method"
        returns_fresh = bool(constructs) and an._returns_fresh_client(fn)
        wrapped = None if name else self._wrapped_name(fn)
        return Function(
            id=self.fid(fn), name=name or wrapped, qualname=wrapped or qualname,
            span=an.scopes.fn_span(fn),
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
                param_member_queries=tuple(local.get("param_members", ())),
                queries=bool(local.get("queries")), returns_package=package, returns_class=cls,
                returns_object=obj, **(clients or {}), runs_params=tuple(sorted(local.get("runs", ()))), tx_options=tuple(sorted(local.get("tx_options", ()))),
                tx_body=tuple(sorted(local.get("tx_body", ())))))

    def _wrapped_name(self, fn) -> str | None:
        """`exports.list = asyncHandler(async (req, res) => ...)`, `export const GET =
        withAuth(async (req) => ...)`: the module-level name a wrapper's only function
        argument is bound to, so a route registering `list` from another module reaches
        it. Not a memoising wrapper's (`cache(() => ...)`) nor a transaction body."""
        from .constructions import MEMO_CALLS

        holder = fn.parent
        while holder is not None and holder.type in PASS_THROUGH:
            holder = holder.parent
        if holder is None or holder.type != "arguments" or \
                sum(strip(a) is not None and strip(a).type in FUNCTION_TYPES for a in holder.named_children) != 1:
            return None
        call = holder.parent
        callee = strip(call.child_by_field_name("function"))
        if callee is None or callee.type not in ("identifier", "member_expression") or \
                self.an.text(callee).rsplit(".", 1)[-1] in MEMO_CALLS | {"$transaction"}:
            return None
        top = call.parent
        while top is not None and top.type in PASS_THROUGH + ("await_expression",):
            top = top.parent
        if top is not None and top.type == "variable_declarator" and top.parent is not None and \
                top.parent.parent is not None and top.parent.parent.type in ("program", "export_statement"):
            n = top.child_by_field_name("name")
            return self.an.text(n) if n is not None and n.type == "identifier" else None
        if top is not None and top.type == "assignment_expression" and top.parent is not None and \
                top.parent.type == "expression_statement" and top.parent.parent is not None and \
                top.parent.parent.type == "program":
            return self.an.text(top.child_by_field_name("left"))
        return None

    def _memoised(self, fn) -> bool:
        from .constructions import MEMO_CALLS

        holder = fn.parent
        while holder is not None and holder.type in PASS_THROUGH:
            holder = holder.parent
        if holder is None or holder.type != "arguments":
            return False
        callee = strip(holder.parent.child_by_field_name("function"))
        return callee is not None and self.an.text(callee).rsplit(".", 1)[-1] in MEMO_CALLS

    def _constructions(self) -> tuple[dict[int, list], dict[int, list]]:
        """Client constructions by function node id, and those of instance field
        initializers by class node id (`private db = new PrismaClient()`)."""
        an = self.an
        out: dict[int, list] = {}
        fields: dict[int, list] = {}
        for node in self.prog.nodes("new_expression"):
            if class_of(self.prog, node.child_by_field_name("constructor"), an.local_classes) is None:
                continue
            owner = self.enclosing(node)
            if an._memoised(node, an._expression_top(node)):
                continue
            if owner is not None:
                out.setdefault(owner.id, []).append(an.span(node))
            elif (cls := field_class(node)) is not None:
                fields.setdefault(cls.id, []).append(an.span(node))
        return out, fields

    # -- registrations -----------------------------------------------------------------
    def _registrations(self) -> tuple[Registration, ...]:
        out = []
        self.an.scopes._ensure_marks()   # marks are computed on the first question
        for value, scope in self.an.scopes.registered_elsewhere:
            if not scope.per_request:
                continue
            root, segs = (value, []) if value.type == "identifier" else member_chain(self.prog, value)
            built = root is not None and root.type == "new_expression" and bool(segs)
            if built:   # `new Ctrl().list`: the method of the class it builds
                root = strip(root.child_by_field_name("constructor"))
            if root is None or root.type != "identifier":
                continue
            b = resolve(self.prog, self.an.text(root), root)
            if b is None or b.kind not in ("import", "module", "class" if built else "module") or b.owner != 0:
                continue
            kind = "import" if b.kind == "import" else "name"
            out.append(Registration(scope, CalleeRef(kind, self.an.text(root), tuple(segs), self.an.text(value)),
                                    self.an.span(value)))
        return tuple(out)
