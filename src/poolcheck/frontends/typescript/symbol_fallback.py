"""The transaction client or the shared one, whichever the caller gives: a query through
an expression that is the function's parameter when given and the shared client
otherwise runs on the shared client only when the caller leaves that parameter out
(`CallSite.unless_param`; the linker's `outer_unless`).

Shapes: a local holding the choice (`const db = tx ?? prisma`, `tx || prisma`, of a
parameter or of an options parameter's member (`update(id, { tx } = {})`),
`tx ? tx : prisma`, `const model = tx ? tx.bill : this.prisma.bill`) or the choice written
in the call itself (`(tx ?? this.prisma).bill.findFirst()`); the shared client is an
import, a module-level name or a field (`this.prisma`), and both sides name the same model
when they name one.
"""

from __future__ import annotations

from dataclasses import replace

from ...symbols import CalleeRef
from ..ts_model import QUERY_METHODS, RAW_METHODS, member_chain, strip


def client_fallback(ex, root, owner, segments, fn):
    """(the shared client's reference, the parameter's index), or None."""
    if root is None or owner is None:
        return None
    an = ex.an
    if root.type == "identifier":
        b = ex.resolve(an.text(root), owner)
        choice = strip(b.init) if b is not None and b.kind == "local" and not b.path and b.owner == owner.id else None
    else:
        choice = root   # `(tx ?? this.prisma).bill.findFirst()`: strip took the parentheses
    got = choice_of(ex, choice, owner) if choice is not None else None
    if got is None:
        return None
    shared, index = got
    path = (*shared.path, *segments)
    if not (len(path) == 2 and path[-1] in QUERY_METHODS or len(path) == 1 and path[-1] in RAW_METHODS):
        return None
    written = f"{shared.written}.{'.'.join(segments)}" if segments else shared.written
    return replace(shared, path=path, written=written), index


def choice_of(ex, choice, owner):
    """(the shared client or its model, as a reference; the parameter's index) of an
    expression that is the parameter when given and the shared client otherwise
    (`tx ?? prisma`, `tx ? tx.bill : this.prisma.bill`), or None."""
    an = ex.an
    if choice.type == "binary_expression" and ex.prog.text(choice.child_by_field_name("operator")) in ("??", "||"):
        given, shared = choice.child_by_field_name("left"), choice.child_by_field_name("right")
    elif choice.type == "ternary_expression" and _condition_names(an, choice):
        given, shared = choice.child_by_field_name("consequence"), choice.child_by_field_name("alternative")
    else:
        return None
    g_root, g_path = member_chain(ex.prog, given)
    s_root, s_path = member_chain(ex.prog, shared)
    if g_root is None or s_root is None or g_root.type != "identifier" or len(g_path) > 1:
        return None
    p = ex.resolve(an.text(g_root), owner)
    # the parameter itself, or one option of an options parameter (`{ tx } = {}`: a caller
    # handing no object leaves it out)
    if p is None or p.kind != "param" or p.owner != owner.id or len(p.path) > 1:
        return None
    if s_root.type == "this":
        if not s_path:
            return None
        field, model = s_path[0], tuple(s_path[1:])
    elif s_root.type == "identifier":
        c = ex.resolve(an.text(s_root), owner)
        if c is not None and c.kind == "param" and c.owner == owner.id and not c.path and c.index is not None \
                and c.index != p.index and not s_path:
            # `getClient(prisma, tx) { return tx ?? prisma }`: the client the caller hands at c.index
            return CalleeRef("param", str(c.index), (), an.text(shared)), p.index
        if c is None or not (c.kind == "import" or c.owner == 0 and c.kind == "module" and not c.path):
            return None
        field, model = None, tuple(s_path)
    else:
        return None
    if len(model) > 1 or tuple(g_path) != model:
        return None   # `tx.bill` against `prisma.bill`: the same model on either side
    if field is not None:
        return CalleeRef("this", field, model, an.text(shared)), p.index
    return CalleeRef("import" if c.kind == "import" else "name", an.text(s_root), model, an.text(shared)), p.index


def returned_choices(ex) -> dict:
    """Function node id -> (parameter index, the shared client's reference) for a function
    that returns such a choice (`getModel(tx) { return tx ? tx.bill : this.prisma.bill }`):
    what a caller queries on its result runs on the shared client when it passes no `tx`."""
    out = {}
    data = ex.prog.data
    for fn in ex.fns:   # its own top-level `return` (a getter's whole body, as getModel's is)
        body = fn.child_by_field_name("body")
        if body is None or body.type != "statement_block" or b"return" not in data[body.start_byte:body.end_byte]:
            continue
        for ret in body.named_children:
            value = strip(ret.named_children[0]) if ret.type == "return_statement" and ret.named_children else None
            got = choice_of(ex, value, fn) if value is not None and value.type in _CHOICES else None
            if got is not None:
                out[fn.id] = (got[1], got[0])
    return out


_CHOICES = ("binary_expression", "ternary_expression")


def _condition_names(an, ternary) -> bool:
    """`tx ? tx : prisma`, `tx ? tx.bill : this.prisma.bill`: the condition is the given side's root."""
    cond = strip(ternary.child_by_field_name("condition"))
    given = strip(ternary.child_by_field_name("consequence"))
    if cond is None or given is None or cond.type != "identifier":
        return False
    text = an.text(given)
    return text == an.text(cond) or text.startswith(an.text(cond) + ".")
