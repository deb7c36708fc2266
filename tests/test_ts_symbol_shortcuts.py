"""The shortcuts the TS symbol pass takes for speed give the answers of the full checks, on
generated programs with loops, iterating callbacks, parameter guards and memoising
assignments: `constructions.in_loop` with the extractor's memo (the calls of a tree in
any order) against it without one; `_param_guard` of a function with no parameter
binding is None; `_memo_call` under a parent `expression_top` does not climb is False,
as the climb and the assignment test say."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from hypothesis import given, settings, strategies as st

from poolcheck.core.sources import Source
from poolcheck.facts import FileFacts
from poolcheck.frontends.typescript.analyser import analyse_program
from poolcheck.frontends.typescript.constructions import expression_top, in_loop, memoised
from poolcheck.frontends.typescript.symbol_calls import _guard_of
from poolcheck.frontends.typescript.symbols import _Extractor, _View

LEAVES = ["f();", "a.b(c());", "x = x ?? g();", "globalThis.db ||= mk();", "await p.q();", "return r();",
          "if (!tx) s(); else t();", "tx ? u() : v();", "w(tx) || y();", "(z() as any)!.k();",
          "z.object({}).optional().nullable();", "c = c ?? mk().$extends(e()).$extends(f());", "q().then(r);"]
WRAPS = ["for (const i of items()) {{ {body} }}", "for (let i = init(); i < n(); i++) {{ {body} }}",
         "while (more()) {{ {body} }}", "xs.map((x) => {{ {body} }});", "xs.forEach(function (x) {{ {body} }});",
         "function n{i}(tx) {{ {body} }}", "const k{i} = () => {{ {body} }};", "do {{ {body} }} while (again());",
         "for (const k in obj()) {{ {body} }}", "const o{i} = {{ m(tx, y) {{ {body} }} }};"]


def _program(tree, counter) -> str:
    kind, children = tree
    if kind < 0:
        return LEAVES[abs(kind) % len(LEAVES)]
    counter[0] += 1
    body = " ".join(_program(c, counter) for c in children) or "k();"
    return WRAPS[kind % len(WRAPS)].format(i=counter[0], body=body)


TREES = st.recursive(st.tuples(st.integers(-10, -1), st.just(())),
                     lambda inner: st.tuples(st.integers(0, 9), st.lists(inner, max_size=3)), max_leaves=14)


def _extractor(text: str):
    src = Source.from_bytes(Path("m.ts"), "typescript", text.encode())
    tf = analyse_program(src.data, "typescript", PurePosixPath("m.ts"), src.span,
                         FileFacts(path=src.path, language="typescript"))
    return _Extractor(_View(tf))


def _full_guard(ex, call, owner):
    """`_param_guard`'s climb without the shortcut."""
    child, node = call, call.parent
    while node is not None and node.id != owner.id:
        k = None
        if node.type == "ternary_expression":
            k = _guard_of(ex, node.child_by_field_name("condition"), owner,
                          child == node.child_by_field_name("alternative"))
        elif node.type == "if_statement":
            alt = node.child_by_field_name("alternative")
            in_else = alt is not None and child.id == alt.id
            if in_else or child == node.child_by_field_name("consequence"):
                k = _guard_of(ex, node.child_by_field_name("condition"), owner, in_else)
        elif node.type == "binary_expression" and child == node.child_by_field_name("right") and \
                ex.prog.text(node.child_by_field_name("operator")) in ("??", "||"):
            k = _guard_of(ex, node.child_by_field_name("left"), owner, True)
        if k is not None:
            return k
        child, node = node, node.parent
    return None


def _full_memo_call(ex, call) -> bool:
    tf = ex.an.tf
    top = expression_top(tf, call)
    parent = top.parent
    if top.type != "binary_expression" and (parent is None or parent.type not in (
            "assignment_expression", "augmented_assignment_expression")):
        return False
    return memoised(tf, call, top)


def _check(text: str) -> None:
    from poolcheck.frontends.typescript.symbol_calls import _param_guard

    ex = _extractor(text)
    calls = list(ex.prog.nodes("call_expression"))
    for order in (calls, calls[::-1], calls[1::2] + calls[::2]):
        memo: dict = {}
        for call in order:
            assert in_loop(ex.an.tf, call, memo) == in_loop(ex.an.tf, call), (text, ex.an.text(call))
    for call in calls:
        owner = ex.enclosing(call)
        if owner is not None:
            assert _param_guard(ex, call, owner) == _full_guard(ex, call, owner), (text, ex.an.text(call))
        assert ex._memo_call(call) == _full_memo_call(ex, call), (text, ex.an.text(call))


def test_examples_of_each_shape():
    _check("for (const u of users()) { xs.map((x) => send(x)); } done();")
    _check("function f(tx) { if (!tx) { return prisma.user.findMany(); } tx.user.findMany(); }")
    _check("const g = () => { h(); }; let c; c = c ?? connect(); globalThis.p ||= make();")
    _check("function noParams() { return a ? b() : c(); }")


@settings(derandomize=True, max_examples=150, deadline=None)
@given(TREES)
def test_shortcuts_agree_with_the_full_checks(tree):
    _check(_program(tree, [0]))
