"""Interactive transactions: `$transaction(async (tx) => ...)` with its timeouts, and every
call in the callback classified (through `tx`, through an outer client, anything else),
same-file helpers followed a few levels deep with the call chain kept; whether each call
is awaited or otherwise handled (PC204)."""

from __future__ import annotations

from ...core.diagnostics import Related
from ...vocabulary.layout import PROJECT_IMPORT_PREFIXES
from ...vocabulary.slow import SLOW_LIBRARIES, known_slow
from ...facts import ClientApi, Transaction, TransactionCall
from ..ts_model import FUNCTION_TYPES, QUERY_METHODS, RAW_METHODS, Binding, awaits_itself, \
    enclosing_function, import_of, member_chain, params_of, resolve, strip
from . import clients, cls_tx
from .deadlines import is_deadline_timer
from .handled import handles
from .symbol_calls import PASS_THROUGH
from .syntax import an_text, descendants, duration_of, imported_name

MAX_HELPER_DEPTH = 3
CLASS_TYPES = ("class_declaration", "class", "abstract_class_declaration")


# -- transactions --------------------------------------------------------------------
def transaction(tf, call, receiver, body=None) -> None:
    args = call.child_by_field_name("arguments")
    argv = [a for a in (args.named_children if args is not None else ()) if a.type != "comment"]
    if not argv and body is None:
        return
    body = strip(argv[0]) if body is None else body
    timeout = max_wait = timeout_span = max_wait_span = None
    refs = []
    if len(argv) > 1 and strip(argv[1]) is not None and strip(argv[1]).type == "object":
        for member in strip(argv[1]).named_children:
            if member.type != "pair":
                continue
            key = tf.text(member.child_by_field_name("key"))
            value = member.child_by_field_name("value")
            number = duration_of(tf.prog, value)
            if key == "timeout" and number is not None:
                timeout, timeout_span = float(number), tf.span(value)
            elif key == "maxWait" and number is not None:
                max_wait, max_wait_span = float(number), tf.span(value)
            elif key in ("timeout", "maxWait") and imported_name(tf.prog, value):
                refs.append((key, imported_name(tf.prog, value), tf.span(value)))   # the linker reads it
    tx_span = tf.span(call)
    tf.facts.add(Transaction(
        span=tx_span, receiver=tf.text(receiver) if receiver is not None else "",
        # a `@Transactional()` method's transaction runs where the method does
        scope=tf.scopes.of_function(body) if body is not None and body.type == "method_definition"
        else tf.scopes.at(call), timeout_ms=timeout, timeout_span=timeout_span,
        max_wait_ms=max_wait, max_wait_span=max_wait_span, api=ClientApi.JS, option_refs=tuple(refs)))
    if body is None or body.type not in FUNCTION_TYPES:
        return
    # a `@Transactional()` method's parameters are its callers' values, not a client
    params = params_of(body) if body.type != "method_definition" else []
    tx_keys: set = set()
    if params:
        p = params[0]
        if p.type == "identifier":
            tx_keys.add((body.id, tf.text(p)))
    TxWalker(tf, call, receiver, tx_span).walk(body, tx_keys, (), 0, {body.id})


def _in_returned_function(node, body) -> bool:
    """`node` is inside a function that `body` (or a function nested in it) returns rather
    than runs: sourcebot's `makeFetcher(ms)` returns `async (input) => fetch(input, ...)`,
    which is no work of the call to it. A callback it runs (`items.map(async (x) => ...)`)
    is still its work."""
    n = node.parent
    while n is not None and n.id != body.id:
        if n.type in FUNCTION_TYPES:
            holder = n.parent
            while holder is not None and holder.type in PASS_THROUGH:
                holder = holder.parent
            if holder is not None and (holder.type == "return_statement" or
                                       holder.type == "arrow_function" and holder.child_by_field_name("body") is not None
                                       and strip(holder.child_by_field_name("body")).id == n.id):
                return True
        n = n.parent
    return False


class TxWalker:
    """Classifies every call inside one interactive transaction callback."""

    def __init__(self, an, call, receiver, tx_span):
        self.an = an
        self.prog = an.prog
        self.call = call
        self.receiver = receiver
        self.tx_span = tx_span
        self.receiver_binding = None
        self.receiver_path: tuple = ()  # `ctx.prisma`: a query through that path is outer
        r = strip(receiver)
        if r is not None and r.type == "identifier":
            self.receiver_binding = resolve(self.prog, self.an.text(r), r)
        elif r is not None and r.type == "member_expression":
            root, segments = member_chain(self.prog, r)
            if root is not None and root.type == "identifier" and segments:
                self.receiver_binding = resolve(self.prog, self.an.text(root), root)
                self.receiver_path = tuple(segments)
        self.receiver_text = an.text(receiver) if receiver is not None else ""
        self._handled_memo: dict[int, bool] = {}

    def walk(self, body, tx_keys: set, via: tuple, depth: int, visited: set) -> None:
        """Classify the calls inside `body` (a function) in tree order, but a nested
        `$transaction` call and the calls in its arguments (its own body: the pass judges
        it as a transaction of its own). The calls come from the program's call index,
        by range (`Program.nodes_within`), not from a visit of every node of the body."""
        an = self.an
        skipped: list = []  # the argument ranges of the nested transactions met so far
        for node in self.prog.nodes_within("call_expression", body):
            start = node.start_byte
            if skipped and any(s <= start < e for s, e in skipped):
                continue
            if _in_returned_function(node, body):
                continue   # `return async (url) => fetch(url)`: built and handed back, not run here
            fn = strip(node.child_by_field_name("function"))
            if fn is not None and fn.type == "member_expression" and \
                    an.text(fn.child_by_field_name("property")) == "$transaction":
                skipped.extend((c.start_byte, c.end_byte) for c in node.named_children
                               if c.type == "arguments")
                continue
            self._classify(node, fn, tx_keys, via, depth, visited)

    def _root_binding(self, root):
        if root is None or root.type != "identifier":
            return None
        return resolve(self.prog, self.an.text(root), root)

    def _is_tx(self, b: Binding | None, tx_keys: set, depth: int = 0) -> bool:
        if b is None or depth > 4:
            return False
        if b.key in tx_keys and not b.path:
            return True
        if b.kind == "local":
            init = strip(b.init)
            if init is not None and init.type == "identifier":
                return self._is_tx(resolve(self.prog, self.an.text(init), init), tx_keys, depth + 1)
        return False

    def _is_outer(self, root, segments, b: Binding | None, tx_keys: set) -> bool:
        an = self.an
        if root is not None and root.type == "this":
            return self.receiver_text.startswith("this.") and segments and \
                self.receiver_text == "this." + segments[0] or (segments and segments[0] in an.clientlike_this)
        if b is None or self._is_tx(b, tx_keys):
            return False
        if self.receiver_binding is not None and b.key == self.receiver_binding.key and \
                tuple(segments[:len(self.receiver_path)]) == self.receiver_path:
            return True
        if b.kind in ("local", "module") and b.path:
            init = strip(b.init)
            if init is not None and init.type == "identifier":
                ib = resolve(self.prog, an.text(init), init)
                return ib is not None and not self._is_tx(ib, tx_keys) and self._is_outer(init, [], ib, tx_keys)
        return b.owner == 0 and clients.is_client_binding(an, b) or b.kind == "import" and b.key in an.clientlike

    def _classify(self, call, fn, tx_keys, via, depth, visited) -> None:
        an = self.an
        if fn is None:
            return
        root, segments = member_chain(self.prog, fn)
        if fn.type == "identifier":
            root, segments = fn, []
        b = self._root_binding(root)
        last = segments[-1] if segments else (an.text(root) if root is not None else "")
        # same-file helper: follow it instead of judging the call by its name
        if fn.type == "identifier" and depth < MAX_HELPER_DEPTH:
            targets = an.scopes.functions_of(fn)
            if targets:
                target = targets[0]
                if target.id in visited:
                    return
                if not self._awaited(call) and _is_async(target):
                    return   # `void notify(id)`: the body drops its promise and does not wait for it
                args = call.child_by_field_name("arguments")
                inner_keys = set(tx_keys)
                for i, (arg, param) in enumerate(zip(args.named_children if args else (), params_of(target))):
                    arg = strip(arg)
                    if arg is not None and arg.type == "identifier" and param.type == "identifier" and \
                            self._is_tx(self._root_binding(arg), tx_keys):
                        inner_keys.add((target.id, an.text(param)))
                new_via = via + (Related(an.facts.path, an.span(call),
                                         f"the transaction calls `{an.text(fn)}` here"),)
                self.walk(target, inner_keys, new_via, depth + 1, visited | {target.id})
                return
        if b is None and fn.type == "identifier" and last == "setTimeout" and \
                is_deadline_timer(an, call, enclosing_function(call)):
            return   # a race's deadline: it bounds a wait, it adds none (deadlines.py)
        is_tx = self._is_tx(b, tx_keys) if b is not None else \
            root is not None and root.type == "this" and cls_tx.is_client_chain(an, call, segments)
        is_outer = not is_tx and self._is_outer(root, segments, b, tx_keys)
        query_shape = bool(segments) and (last in QUERY_METHODS or last in RAW_METHODS) and (
            len(segments) == 2 or len(segments) == 1 and (last in RAW_METHODS or (b is not None and bool(b.path)))
            or root is not None and root.type == "this" and len(segments) == 3
            or self._below_receiver(segments, b, last))
        is_query = query_shape and (is_tx or is_outer)
        if is_outer and not query_shape and not last.startswith("$"):
            is_outer = False
        passes_tx = self._passes_tx(call, tx_keys)
        self.an.facts.add(TransactionCall(
            span=an.span(call), callee=self._callee(root, segments, b),
            transaction_span=self.tx_span, receiver_is_tx=is_tx, receiver_is_outer_client=is_outer,
            is_query=is_query, handled=self._handled(call), via=via, passes_tx=passes_tx,
            callee_in_project=self._in_project(root, b, segments), awaited=self._awaited(call), api=ClientApi.JS))

    def _below_receiver(self, segments, b: Binding | None, last: str) -> bool:
        """`ctx.prisma.user.findMany` / `ctx.prisma.$queryRaw` in `ctx.prisma.$transaction`."""
        path = self.receiver_path
        if not path or b is None or self.receiver_binding is None or b.key != self.receiver_binding.key \
                or tuple(segments[:len(path)]) != path:
            return False
        rest = len(segments) - len(path)
        return rest == 2 or rest == 1 and last in RAW_METHODS

    def _passes_tx(self, call, tx_keys: set) -> bool:
        """The transaction client is an argument: `f(tx)`, `f(id, tx)`, `f({ prisma: tx })`,
        `f({ tx })`."""
        args = call.child_by_field_name("arguments")
        for arg in (args.named_children if args is not None else ()):
            arg = strip(arg)
            values = [arg]
            if arg is not None and arg.type == "object":
                values = [strip(p.child_by_field_name("value")) if p.type == "pair" else p
                          for p in arg.named_children]
            for v in values:
                if v is None or v.type not in ("identifier", "shorthand_property_identifier"):
                    continue
                if self._is_tx(resolve(self.prog, self.an.text(v), v), tx_keys):
                    return True
        return False

    def _in_project(self, root, b: Binding | None, segments=()) -> bool:
        """The callee is code of this project: a member of `this`, a function or an object
        of this file (that could not be followed), or an import from a relative or alias
        path. Package imports and unbound globals are not."""
        if root is not None and root.type == "this":
            return self._field_package(root, segments) is None
        imp = import_of(self.prog, b)
        if imp is not None:
            return imp[0].startswith(PROJECT_IMPORT_PREFIXES)
        return b is not None and b.kind in ("local", "module") and not self._built_from_package(b)

    def _built_from_package(self, b: Binding) -> bool:
        """`const s3 = new S3Client()` / `const api = axios.create()`: an object of a package."""
        return self._package_of(b.init) is not None

    def _package_of(self, value, depth: int = 0) -> str | None:
        """The package whose object `value` builds (`new S3Client()`, `axios.create()`, or
        `getSnsClient(region)`: a same-file factory that returns one), else None."""
        init = strip(value)
        if init is None or init.type not in ("new_expression", "call_expression"):
            return None
        ctor = strip(init.child_by_field_name("constructor") or init.child_by_field_name("function"))
        if ctor is None:
            return None
        head, _ = member_chain(self.prog, ctor) if ctor.type == "member_expression" else (ctor, [])
        if head is None or head.type != "identifier":
            return None
        cimp = import_of(self.prog, resolve(self.prog, self.an.text(head), head))
        if cimp is None and ctor.type == "identifier" and init.type == "call_expression" \
                and depth < MAX_HELPER_DEPTH:
            fns = self.an.scopes.functions_of(ctor)
            return self._returned_package(fns[0], depth + 1) if len(fns) == 1 else None
        return cimp[0] if cimp is not None and not cimp[0].startswith(PROJECT_IMPORT_PREFIXES) else None

    def _returned_package(self, fn, depth: int) -> str | None:
        """The one package every `return` of `fn` builds an object of (`return new SNSClient(...)`,
        `() => new S3Client()`), else None."""
        body = fn.child_by_field_name("body")
        if body is None:
            return None
        if body.type != "statement_block":
            return self._package_of(body, depth)
        returns = [r for r in descendants(body, "return_statement")
                   if enclosing_function(r) is not None and enclosing_function(r).id == fn.id]
        found = {self._package_of(r.named_children[0], depth) if r.named_children else None for r in returns}
        return found.pop() if len(found) == 1 else None

    def _field_package(self, root, segments) -> str | None:
        """`this.razorpay.orders.create()` where the class sets `razorpay = new Razorpay()` (a
        field) or `this.razorpay = new Razorpay(...)` in its constructor: that package."""
        if root is None or root.type != "this" or len(segments) < 2:
            return None
        cls = root.parent
        while cls is not None and cls.type not in CLASS_TYPES:
            cls = cls.parent
        body = cls.child_by_field_name("body") if cls is not None else None
        for member in (body.named_children if body is not None else ()):
            if member.type in ("public_field_definition", "field_definition"):
                key = member.child_by_field_name("name") or member.child_by_field_name("property")
                value = member.child_by_field_name("value")
                if key is not None and self.an.text(key) == segments[0] and value is not None:
                    return self._package_of(value)
            elif member.type == "method_definition" and \
                    self.an.text(member.child_by_field_name("name")) == "constructor":
                injected = self._injected_package(member, segments[0])
                if injected is not None:
                    return injected
                stack = [member.child_by_field_name("body")]
                while stack:
                    node = stack.pop()
                    if node is None:
                        continue
                    left = node.child_by_field_name("left") if node.type == "assignment_expression" else None
                    if left is not None and self.an.text(left) == f"this.{segments[0]}":
                        return self._package_of(node.child_by_field_name("right"))
                    stack.extend(node.named_children)
        return None

    def _injected_package(self, ctor, name: str) -> str | None:
        """`constructor(private readonly stripe: Stripe)`: a parameter property typed with a
        class of a listed SDK holds that package's object (NestJS injection)."""
        params = ctor.child_by_field_name("parameters")
        for p in (params.named_children if params is not None else ()):
            pattern = p.child_by_field_name("pattern") if p.type in ("required_parameter", "optional_parameter") else None
            if pattern is None or self.an.text(pattern) != name or not any(
                    c.type == "accessibility_modifier" or self.an.text(c) == "readonly" for c in p.children):
                continue
            ann = p.child_by_field_name("type")
            tnode = ann.named_children[0] if ann is not None and ann.named_children else None
            if tnode is None or tnode.type != "type_identifier":
                return None
            cimp = import_of(self.prog, resolve(self.prog, self.an.text(tnode), tnode))
            # only a listed SDK: a bare specifier may be the project's own baseUrl path
            # (`src/modules/prisma/prisma.service`), whose class the linker judges by its body
            return cimp[0] if cimp is not None and known_slow(cimp[0], SLOW_LIBRARIES["npm"]) else None
        return None

    def _awaited(self, call) -> bool:
        """The transaction body waits for the call: `await f()`, `return f()`, an arrow's
        body, `yield f()`, or `f().then(...)` awaited in turn."""
        if awaits_itself(call):
            return True
        node = call
        while node.parent is not None and node.parent.type in (
                "parenthesized_expression", "non_null_expression", "as_expression",
                "satisfies_expression"):
            node = node.parent
        parent = node.parent
        if parent is not None and parent.type == "member_expression" and parent.parent is not None \
                and parent.parent.type == "call_expression" and \
                an_text(self.prog, parent.child_by_field_name("property")) in ("then", "catch", "finally"):
            return self._awaited(parent.parent)
        return parent is not None and parent.type in (
            "await_expression", "return_statement", "yield_expression", "arrow_function") \
            or self._handled(call) and parent is not None and parent.type not in (
                "binary_expression", "ternary_expression", "pair")

    def _callee(self, root, segments, b: Binding | None) -> str:
        an = self.an
        if root is None:
            return ".".join(segments)
        package = self._field_package(root, segments)
        if package is not None:
            return ".".join([package, *segments[1:]])
        head = an.text(root) if root.type in ("identifier", "this") else None
        if head is None:
            return ".".join(["(...)"] + segments) if segments else an.text(root)
        imp = import_of(self.prog, b)
        if imp is not None and not imp[0].startswith(PROJECT_IMPORT_PREFIXES):
            module, imported = imp
            head = module if imported in ("*", "default") else f"{module}.{imported}"
        elif b is not None and b.kind in ("local", "module") and not b.path:
            init = strip(b.init)
            ctor = strip(init.child_by_field_name("constructor") or init.child_by_field_name("function")) \
                if init is not None and init.type in ("new_expression", "call_expression") else None
            if ctor is not None and ctor.type == "identifier" and not clients.is_client_binding(an, b):
                head = self._package_of(init) or head   # `prisma.order.findMany` keeps its name
        return ".".join([head, *segments])

    def _handled(self, call) -> bool:
        """`handled.handles(call)`, once per call (`_awaited` asks again)."""
        known = self._handled_memo.get(call.id)
        if known is None:
            known = self._handled_memo[call.id] = handles(self.prog, call)
        return known


def _is_async(function) -> bool:
    """`async function f`, `async () => ...`, `async m() {}`: its work runs on its promise."""
    return any(c.type == "async" for c in function.children)   # after `public`, `static`
