"""The TS symbol extractor's innermost-function lookup (`symbols._Extractor.enclosing`, a
bisect and a climb through enclosing functions) gives what stepping back through every
earlier function gave, for every call, `new` and function of generated programs with
nested, sibling, immediately invoked and same-end functions and module-level calls."""

from __future__ import annotations

import bisect
from pathlib import Path, PurePosixPath

from hypothesis import given, settings, strategies as st

from poolcheck.core.sources import Source
from poolcheck.facts import FileFacts
from poolcheck.frontends.typescript.analyser import analyse_program
from poolcheck.frontends.typescript.symbols import _Extractor, _View

LEAVES = ["f();", "a.b(c());", "new X();", "const v = g(h());", "await p.q();", "return r();"]
WRAPS = ["function n{i}() {{ {body} }}", "const k{i} = () => {{ {body} }};", "const e{i} = () => x({body_expr});",
         "(function () {{ {body} }})();", "class C{i} {{ m() {{ {body} }} static s = () => {{ {body} }}; }}",
         "const o{i} = {{ a() {{ {body} }}, b: async () => {{ {body} }} }};", "y(() => () => z());"]


def _program(draw_tree, depth: int = 0, counter=[0]) -> str:
    kind, children = draw_tree
    if kind < 0 or depth > 4:
        return LEAVES[abs(kind) % len(LEAVES)]
    counter[0] += 1
    body = " ".join(_program(c, depth + 1) for c in children) or "k();"
    return WRAPS[kind % len(WRAPS)].format(i=counter[0], body=body, body_expr=body.rstrip(";").split(";")[0] or "w()")


TREES = st.recursive(st.tuples(st.integers(-6, -1), st.just(())),
                     lambda inner: st.tuples(st.integers(0, 6), st.lists(inner, max_size=3)), max_leaves=12)


def _reference(ex, node):
    i = bisect.bisect_right(ex.starts, node.start_byte) - 1
    while i >= 0:
        fn = ex.fns[i]
        if fn.end_byte >= node.end_byte and fn.id != node.id:
            return fn
        i -= 1
    return None


def _extractor(text: str):
    src = Source.from_bytes(Path("m.ts"), "typescript", text.encode())
    tf = analyse_program(src.data, "typescript", PurePosixPath("m.ts"), src.span,
                         FileFacts(path=src.path, language="typescript"))
    return _Extractor(_View(tf))


def _check(text: str) -> int:
    ex = _extractor(text)
    nodes = [*ex.prog.nodes("call_expression"), *ex.prog.nodes("new_expression"), *ex.fns]
    for node in nodes:
        want = _reference(ex, node)
        got = ex.enclosing(node)
        assert (got.id if got is not None else None) == (want.id if want is not None else None), text
    return len(nodes)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.lists(TREES, min_size=1, max_size=4))
def test_innermost_function_is_the_backward_scan(trees):
    _check("\n".join(_program(t) for t in trees) + "\nmain();\n")


def test_innermost_function_on_written_shapes():
    text = """top();
function outer() { inner(); const f = () => { deep(); return () => last(); }; after(); }
between();
const iife = (function () { inside(); })();
const x = function () { a(); }();
class K { m() { n(); } p = () => q(); }
y(() => () => z());
end();
"""
    assert _check(text) > 15
    ex = _extractor(text)
    named = {ex.prog.text(c.child_by_field_name("function")): c for c in ex.prog.nodes("call_expression")}
    assert ex.enclosing(named["top"]) is None and ex.enclosing(named["between"]) is None
    assert ex.enclosing(named["after"]).id == ex.enclosing(named["inner"]).id
    assert ex.enclosing(named["last"]).id != ex.enclosing(named["deep"]).id
