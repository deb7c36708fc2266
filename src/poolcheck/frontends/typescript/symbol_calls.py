"""Call sites and local effects for the TS/JS symbols (`symbols.py`): how each call names
its callee, what its arguments are, whether the caller waits for it, whether it runs only
without a parameter, and the queries and lifecycle calls a function makes itself."""

from __future__ import annotations

import re

from ...symbols import Arg, CallSite, CalleeRef
from ...vocabulary.layout import PROJECT_IMPORT_PREFIXES
from . import cls_tx
from .constructions import in_loop
from .deadlines import is_deadline_timer
from .symbol_fallback import client_fallback
from .symbol_params import local_class, param_class
from .syntax import unconditional
from .symbol_wrappers import forwarded_body, forwarded_options, wrapper_options
from ..ts_model import (FUNCTION_TYPES, QUERY_METHODS, RAW_METHODS, awaits_itself,
                        import_of, member_chain, strip)

LIFECYCLE = ("$connect", "$disconnect", "$use", "$on")
# Unbound globals worth a call site: the rest (console.log, JSON.parse) never matter.
SLOW_GLOBALS = frozenset({"fetch", "setTimeout"})
PASS_THROUGH = ("parenthesized_expression", "non_null_expression", "as_expression", "satisfies_expression")
# The parents through which `constructions.expression_top` climbs from a call, and the
# assignments `_memo_call` looks for above it: under any other, a call is not memoised.
_MEMO_PARENTS = frozenset(PASS_THROUGH + ("await_expression", "member_expression", "binary_expression",
                                          "assignment_expression", "augmented_assignment_expression"))


class CallSites:
    """The call-site half of `symbols._Extractor` (it provides an, prog, resolve, fid, ids,
    param_owners, loops, walker, tx_bodies and _transaction_of)."""

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
        last = segments[-1] if segments else ""
        query = len(segments) == 2 and last in QUERY_METHODS or len(segments) == 1 and last in RAW_METHODS \
            or root is not None and root.type == "this" and (   # `this.prisma.user.update(...)`
                len(segments) == 3 and last in QUERY_METHODS or len(segments) == 2 and last in RAW_METHODS)
        fallback = client_fallback(self, root, owner, segments, fn) \
            if query or len(segments) == 1 and last in QUERY_METHODS and root is not None and root.type != "this" \
            else None
        query = query or fallback is not None   # `model.findFirst()` of `tx ? tx.bill : prisma.bill`
        ref = fallback[0] if fallback is not None else self._callee(call, fn, root, segments, owner)
        if ref is None:
            return None
        tx = self._transaction_of(call) if self.tx_bodies else None
        project = ref.kind != "external"
        guard = fallback[1] if fallback is not None else _param_guard(self, call, owner) if project or query else None
        return CallSite(
            query=query, memoised=self._memo_call(call), unless_param=guard,
            span=an.span(call), callee=ref, args=self._args(call, owner, tx),
            awaited=awaited_call(call), in_loop=in_loop(self.an.tf, call, self.loops),
            transaction=tx[1] if tx is not None else None,
            transaction_receiver=tx[2] if tx is not None else None,
            options=wrapper_options(an, call) if call.id in self.wrapper_calls else ())

    def _memo_call(self, call) -> bool:
        """`_pool ??= createPool()`, `x = x ?? f()`, `globalThis.db ||= f()`."""
        parent = call.parent
        if parent is None or parent.type not in _MEMO_PARENTS:
            return False   # `expression_top` would stop at the call, under no assignment
        an = self.an
        if parent.type == "member_expression":   # a method chain `z.object().optional()`:
            grand = parent.parent                 # the climb goes on only for `.$extends(...)`
            if grand is None or grand.type != "call_expression" or \
                    an.text(parent.child_by_field_name("property") or parent) != "$extends":
                return False   # the top is the call, under a member: no assignment
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
        written = one_line(an.text(fn))   # `https\n  .get` -> `https.get`, as messages show it
        if root.type == "this":
            if not segments:
                return None
            if len(segments) == 1:
                return CalleeRef("this", "", tuple(segments), written)
            return CalleeRef("this", segments[0], tuple(segments[1:]), written)
        if root.type in ("call_expression", "new_expression"):
            # `getClient().request()`, `new Mailer().send()`: what the call returns, or builds
            return CalleeRef("returned", "", tuple(segments), written, call=an.span(root)) if segments else None
        if root.type != "identifier":
            return None
        name = an.text(root)
        b = self.resolve(name, owner)
        if b is None:
            if name in SLOW_GLOBALS:
                if name == "setTimeout" and not segments and is_deadline_timer(an, call, owner):
                    return None   # a race's deadline: it bounds a wait, it adds none
                return CalleeRef("external", name, tuple(segments), written, ".".join([name, *segments]))
            if self.auto_imports:   # Nitro: `useDB(event)` of server/utils/, never imported
                return CalleeRef("global", name, tuple(segments), written)
            return None
        if not segments and b.kind != "import":
            target = self._function_of(b)
            if target is not None:
                return CalleeRef("local", self.fid(target), (), written)
        if b.kind == "param" and segments and not b.path:
            typed = param_class(self, b, segments)
            if typed is not None:   # `ai: AIRequestsService` ... `ai.getLLMRequest()`: its method
                return CalleeRef(typed.kind, typed.target, typed.path + tuple(segments), written)
        if b.kind == "param" and segments and not b.path and b.index is not None and b.owner in self.ids \
                and _object_member(owner) and b.owner != owner.id and _top_level(b.node, b.owner):
            # a module-level factory's parameter a method of an object literal uses: `linker.factories`
            return CalleeRef("closure", self.ids[b.owner], (str(b.index), *segments), written)
        if b.kind in ("param", "local") and not b.init:   # `let rm: ResultsManager;` assigned later
            typed = local_class(self, b, segments, call) if b.kind == "local" and segments else None
            return CalleeRef(typed.kind, typed.target, typed.path + tuple(segments), written) if typed else None
        imp = (b.module, b.imported) if b.kind == "import" else import_of(self.prog, b) if b.path else None
        external = None
        if imp is not None and not imp[0].startswith(PROJECT_IMPORT_PREFIXES) \
                or imp is None and self.walker._built_from_package(b):
            external = self.walker._callee(root, segments, b)
        if b.kind == "import":
            return CalleeRef("import", name, tuple(segments), written, external)
        init = strip(b.init) if segments and not b.path else None
        typed = local_class(self, b, segments, call) if init is not None and init.type == "call_expression" \
            and b.kind == "local" else None
        if typed is not None:   # `const users = container.resolve(UserService)`: its method
            return CalleeRef(typed.kind, typed.target, typed.path + tuple(segments), written)
        if init is not None and init.type == "call_expression" and b.kind == "local":
            # `const stripe = stripeSDK()`: the linker binds stripeSDK() and asks what it returns
            return CalleeRef("returned", name, tuple(segments), written, external, call=an.span(init))
        typed = local_class(self, b, segments, call) if external is None and segments else None
        if typed is not None:   # `const rm = new ResultsManager(); rm.getAll()`: its method
            return CalleeRef(typed.kind, typed.target, typed.path + tuple(segments), written)
        if b.owner == 0 and b.kind in ("module", "class", "function") and not b.path:
            return CalleeRef("name", name, tuple(segments), written, external,
                             call=an.span(init) if init is not None and init.type == "call_expression" else None)
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
            if tx is not None and tx[2] and "." in tx[2] and an.text(node) == tx[2]:
                return Arg("outer-client")   # `ctx.db` inside `ctx.db.$transaction(...)`: its own client
            return Arg("other")
        if node.type != "identifier":
            return Arg("other")
        if tx is not None and tx[2] and tx[2].count(".") == 1 and tx[2].split(".")[0] == an.text(node):
            return Arg("holder", name=tx[2].split(".")[1])   # `ctx` inside `ctx.db.$transaction(...)`
        b = self.resolve(an.text(node), owner)
        if b is None:
            return Arg("other")
        if tx is not None and tx[3] is not None and b.key == tx[3] and not b.path:
            return Arg("tx")
        if b.kind == "param" and owner is not None and b.owner == owner.id and not b.path:
            return Arg("param", index=b.index)
        if b.owner == 0 and an.is_client_binding(b) or b.kind == "import" and b.key in an._clientlike:
            return Arg("outer-client", name=an.text(node))
        target = self._function_of(b)
        if target is not None:   # `runAtomic(createOrder)`: a function of this file, by name
            return Arg("function", function=self.fid(target))
        # an import or module-level name: the linker may know it for a client (`linker.factories`)
        return Arg("other", name=an.text(node) if b.kind == "import" or b.owner == 0 and not b.path else None)

    def _outer_client(self, root, segments, owner) -> bool:
        """`prisma` (a module-level or imported client) or `this.prisma` (an injected one)."""
        an = self.an
        if root.type == "this":
            return len(segments) == 1 and segments[0] in an._clientlike_this
        if root.type != "identifier" or segments:
            return False
        b = self.resolve(an.text(root), owner)
        return b is not None and (b.owner == 0 and an.is_client_binding(b)
                                  or b.kind == "import" and b.key in an._clientlike)

    # -- local effects -----------------------------------------------------------------
    def _local_effects(self, call, owner, local) -> None:
        if owner is None:
            return
        an = self.an
        fn = strip(call.child_by_field_name("function"))
        mine = local.setdefault(owner.id, {})
        if _returned(call, owner):
            mine.setdefault("returns", []).append(an.span(call))
        if fn is not None and fn.type == "identifier" and owner.id in self.param_owners:
            b = self.resolve(an.text(fn), owner)   # `fn()` of a parameter: it runs what it is handed
            if b is not None and b.kind == "param" and b.owner == owner.id and not b.path and b.index is not None:
                mine.setdefault("runs", set()).add(b.index)
        if fn is None or fn.type != "member_expression":
            return
        root, segments = member_chain(self.prog, fn)
        if root is None or not segments:
            return
        last = segments[-1]
        if last == "$transaction":   # which parameters become its options and body (a wrapper's)
            forwarded_options(self, call, local)
            forwarded_body(self, call, local)
            if self._outer_client(root, segments[:-1], owner) and unconditional(call, owner):
                # a transaction of its own on the shared client: a second connection
                # (one opened only without a caller's client, `if (tx) ... else`, is not)
                mine.setdefault("outer", []).append(an.span(call))
            return
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
            if cls_tx.is_client_chain(an, call, segments):
                return   # `this.txHost.tx.$executeRaw`: nestjs-cls's transaction client
            if len(segments) in (2, 3) and segments[0] in an._clientlike_this and \
                    (segments[-1] in QUERY_METHODS and len(segments) == 3 or segments[-1] in RAW_METHODS):
                mine["queries"] = True
                mine.setdefault("outer", []).append(an.span(call))
            return
        if len(segments) == 3 and last in QUERY_METHODS and root.type == "identifier":   # `ctx.db.user.count()`
            b = self.resolve(an.text(root), owner)
            if b is not None and b.kind == "param" and b.owner == owner.id and not b.path and b.index is not None:
                mine.setdefault("param_members", []).append((b.index, segments[0], an.span(call)))
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


_CHAIN_GAP = re.compile(r"\s*(\??\.)\s*")


def one_line(text: str) -> str:
    """A callee chain written over several lines, on one: the line breaks and indentation
    around its dots dropped."""
    return _CHAIN_GAP.sub(r"\1", text) if "\n" in text else text


def _up(node):
    while node.parent is not None and node.parent.type in PASS_THROUGH:
        node = node.parent
    return node


def awaited_call(call) -> bool | None:
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
            return awaited_call(parent.parent)
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
    if owner is None or owner.id not in ex.param_owners:
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


def _object_member(fn) -> bool:
    """A method of an object literal: `{ async add() {} }`, `{ add: async () => ... }`."""
    parent = fn.parent if fn is not None else None
    return parent is not None and (parent.type == "pair" or fn.type == "method_definition" and parent.type == "object")


def _top_level(node, fn_id: int) -> bool:
    """Whether the function `fn_id` above `node` (its parameter) is nested in no other
    function, method or class: a module-level factory (`export function makeService(db)`)."""
    while node is not None and node.id != fn_id:
        node = node.parent
    node = node.parent if node is not None else None
    while node is not None:
        if node.type in FUNCTION_TYPES or node.type in ("method_definition", "class_body"):
            return False
        node = node.parent
    return True
