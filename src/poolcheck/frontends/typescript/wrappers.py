"""A project's own transaction wrapper (`withTransaction(async (tx) => ...)`): which calls
hand the body of an interactive transaction to a function of the project (rules.md PC201,
PC202). Read by the file pass (analyser.dispatch_call) and the symbol pass (symbols)."""

from __future__ import annotations

import re

from ...vocabulary.clients import JS_TRANSACTION, JS_TRANSACTION_CLIENT_TYPES, JS_TRANSACTION_WRAPPER
from ..ts_model import FUNCTION_TYPES, ITERATING_METHODS, QUERY_METHODS, RAW_METHODS, member_chain, params_of, strip
from . import cls_tx
from .gates import IDENTIFIER_BYTES
from .syntax import descendants

_WRAPPER = re.compile(JS_TRANSACTION_WRAPPER)
# Callees that run a callback but never open a transaction for it (a cheap first test of
# `pending_callback`'s candidates; the linker decides the rest by what the callee does)
NOT_WRAPPERS = ITERATING_METHODS | {"then", "catch", "finally", "all", "allSettled", "race", "any"}


def wrapper_callback(an, call):
    """The callback of a call to the project's own transaction wrapper, else None:
    `withTransaction(async (tx) => ...)`, `PrismaTransaction.start(async (tx: Prisma.TransactionClient) => ...)`,
    `runInTx(prisma, async (tx) => ...)`. The callee is a name, or a member chain that is not
    `x.$transaction`, with a segment that says transaction; the callback's first parameter
    is queried as a Prisma client in it (`tx.user.create(...)`) or typed as one; nestjs-cls's
    `@Transactional()` (the method) and `this.txHost.withTransaction(fn)` (cls_tx.py). Knex,
    Drizzle, TypeORM and Sequelize callbacks query differently and stay out."""
    names = _callee_names(an, call)
    if names is None or not any(_WRAPPER.search(n) for n in names):
        return None
    plugin = cls_tx.decorated_method(an, call) or cls_tx.host_callback(an, call)   # nestjs-cls
    if plugin is not None:
        return plugin
    got = _client_callback(an, call)
    return got[0] if got is not None and not got[2] else None


def pending_callback(an, call):
    """(callback, argument index) of a call whose callee's name does not say transaction
    but whose inline callback reads as a transaction body as `wrapper_callback` judges one
    (`runAtomic(async (tx) => { await tx.order.create(...) })`, `this.uow.run(...)`): a
    `PendingTransaction`, which the linker keeps only when the callee hands that argument
    to `$transaction`. Array and promise methods (`rows.map(async (r) => ...)`) never do.
    The callback is tested first, on its bytes (`_may_query_through`): most calls hand
    none, or one that never queries its first parameter."""
    got = _client_callback(an, call, cheap=True)
    if got is None:
        return None
    names = _callee_names(an, call)
    # a wrapper named so whose callback only hands its client down (`runInTransaction(async
    # (tx) => this.repo.complete(id, tx))`) waits for the linker too: Knex's and Drizzle's
    # `transaction(...)` hand theirs down the same way
    if names is None or not got[2] and any(_WRAPPER.search(n) for n in names) or names[-1] in NOT_WRAPPERS:
        return None
    return got[:2]


def _may_query_through(data: bytes, name: str) -> str | None:
    """How a function's bytes may query its parameter `name` as `_client_callback` reads
    it: "direct" (`name.model.findMany(`, `name.$queryRaw`), "alias" (a local may alias it:
    `= name`, `?? name`, `|| name`), or None. Each occurrence of the name is looked at where
    it is (a pattern starting with the name's boundary would be tried at every byte)."""
    word = name.encode()
    n, i, alias = len(word), data.find(word), False
    while i >= 0:
        if i == 0 or data[i - 1] not in IDENTIFIER_BYTES:
            if _QUERIED_AFTER.match(data, i + n) is not None:
                return "direct"
            alias = alias or data[max(0, i - 8):i].rstrip().endswith((b"=", b"??", b"||"))
        i = data.find(word, i + 1)
    return "alias" if alias else None


_QUERY_WORDS = b"|".join(sorted(m.encode() for m in QUERY_METHODS))
_RAW_WORDS = b"|".join(sorted(m[1:].encode() for m in RAW_METHODS))
_QUERIED_AFTER = re.compile(rb"\s*\??\.\s*(?:[\w$]+\s*\??\.\s*(?:" + _QUERY_WORDS + rb")|\$(?:" + _RAW_WORDS +
                            rb"))(?![\w$])")


def top_function(prog, name: str):
    """The module-level function of the program named `name` (`function settle(tx)`,
    `const settle = async (tx) => ...`, exported or not), else None; read once per program
    (the table is kept on the program, as its member-chain memo is)."""
    table = prog.__dict__.get("_top_functions")
    if table is None:
        table = prog.__dict__["_top_functions"] = {}
        for stmt in prog.root.named_children:
            inner = stmt.child_by_field_name("declaration") if stmt.type == "export_statement" else stmt
            if inner is None:
                continue
            if inner.type in FUNCTION_TYPES:
                n = inner.child_by_field_name("name")
                if n is not None:
                    table.setdefault(prog.text(n), inner)
            elif inner.type in ("lexical_declaration", "variable_declaration"):
                for decl in inner.named_children:
                    value = strip(decl.child_by_field_name("value")) if decl.type == "variable_declarator" else None
                    n = decl.child_by_field_name("name") if value is not None else None
                    if value is not None and value.type in FUNCTION_TYPES and n is not None and n.type == "identifier":
                        table.setdefault(prog.text(n), value)
    return table.get(name)


def _callee_names(an, call):
    """The callee's root name and segments, or None for a callee no wrapper has (not a
    name or member chain on a name or `this`; `x.$transaction` itself)."""
    fn = strip(call.child_by_field_name("function"))
    if fn is None or fn.type not in ("identifier", "member_expression"):
        return None
    root, segments = (fn, []) if fn.type == "identifier" else member_chain(an.prog, fn)
    if root is None or root.type not in ("identifier", "this") or \
            segments and segments[-1] == JS_TRANSACTION:
        return None
    return ([an.text(root)] if root.type == "identifier" else []) + list(segments)


def _client_callback(an, call, cheap: bool = False):
    """(the first inline function argument, its index) when its first parameter is typed
    as a transaction client or queried as a Prisma client in it (itself or through a local
    alias), else None. `cheap`: first ask the body's bytes (`_may_query_through`)."""
    args = call.child_by_field_name("arguments")
    argv = [strip(a) for a in (args.named_children if args is not None else ()) if a.type != "comment"]
    index, body = next(((i, c) for i, c in enumerate(argv) if c is not None and c.type in FUNCTION_TYPES),
                       (None, None))
    if body is None and cheap:   # `runAtomic(settleInvoice)`: a top-level function of the file
        index, body = next(((i, f) for i, f in ((i, top_function(an.prog, an.text(c))) for i, c in enumerate(argv)
                                                 if c is not None and c.type == "identifier") if f is not None),
                           (None, None))
    params = params_of(body) if body is not None else []
    if not params or params[0].type != "identifier":
        return None
    name = an.text(params[0])
    if cheap and not _WRAPPER.search(name) and not _WRAPPER.search(_annotation(an, params[0])):
        # a candidate's client parameter is spelled as a transaction's (`tx`, `transaction`,
        # `: Prisma.TransactionClient`): the calls gate opens on that spelling (gates.py)
        return None
    if _typed_as_client(an, params[0]):
        return body, index, False
    how = _may_query_through(an.prog.data[body.start_byte:body.end_byte], name) if cheap else "alias"
    if how is None:
        return (body, index, True) if cheap and _hands_down(an, body, name) else None
    names, typed = _aliases(an, body, name) if how == "alias" else ({name}, False)
    if typed:
        return body, index, False
    for inner in descendants(body, "call_expression"):
        callee = strip(inner.child_by_field_name("function"))
        if callee is None or callee.type != "member_expression":
            continue
        head, segs = member_chain(an.prog, callee)
        if head is not None and head.type == "identifier" and an.text(head) in names and (
                len(segs) == 2 and segs[1] in QUERY_METHODS or len(segs) == 1 and segs[0] in RAW_METHODS):
            return body, index, False
    return (body, index, True) if cheap and _hands_down(an, body, name) else None


def _hands_down(an, body, name: str) -> bool:
    """The callback hands its client parameter to a call (`this.repo.complete(id, tx)`):
    a layered body, which never queries it itself; only the linker can say whether the
    callee opened a transaction for it (PendingTransaction)."""
    for inner in descendants(body, "call_expression"):
        args = inner.child_by_field_name("arguments")
        if args is not None and any(a.type == "identifier" and an.text(a) == name for a in args.named_children):
            return True
    return False


def _aliases(an, body, name: str) -> tuple[set, bool]:
    """The callback's parameter and the consts that alias it in the body: `const client =
    tx`, `const client = txc ?? tx` (a caller's transaction client, else this one); and
    whether such a fallback joins it with a parameter typed as a transaction client
    (`txc?: Prisma.TransactionClient`): then the callback's parameter is one too."""
    out, typed = {name}, False
    for decl in descendants(body, "variable_declarator"):
        left, value = decl.child_by_field_name("name"), strip(decl.child_by_field_name("value"))
        if left is None or left.type != "identifier" or value is None:
            continue
        other = None
        if value.type == "binary_expression" and an.text(value.child_by_field_name("operator") or value) in ("??", "||"):
            other, value = strip(value.child_by_field_name("left")), strip(value.child_by_field_name("right"))
        if value is not None and value.type == "identifier" and an.text(value) in out:
            out.add(an.text(left))
            typed = typed or other is not None and _typed_client(an, other)
    return out, typed


def _typed_client(an, node) -> bool:
    """`txc` of a parameter declared `txc?: Prisma.TransactionClient`."""
    if node.type != "identifier":
        return False
    name, fn = an.text(node), node.parent
    while fn is not None:   # the innermost function declaring a parameter of that name
        if fn.type in FUNCTION_TYPES:
            for p in params_of(fn):
                if p.type == "identifier" and an.text(p) == name:
                    return _typed_as_client(an, p)
        fn = fn.parent
    return False


def _annotation(an, param) -> str:
    """The text of a parameter's declared type, "" without one."""
    holder = param.parent
    ann = holder.child_by_field_name("type") \
        if holder is not None and holder.type in ("required_parameter", "optional_parameter") else None
    return an.text(ann) if ann is not None else ""


def _typed_as_client(an, param) -> bool:
    """A parameter whose declared type names a transaction client (`tx: Prisma.TransactionClient`)."""
    ann = _annotation(an, param)
    return any(t in ann for t in JS_TRANSACTION_CLIENT_TYPES)
