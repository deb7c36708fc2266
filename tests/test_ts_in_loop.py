"""constructions.in_loop reads the ranges of the program's loops and functions instead of
climbing the tree; it must answer as the climb does (`_in_loop_climbing`, the reference)
for every call and `new` of seeded and generated programs and of this repository's
TS/JS fixtures: loop bodies, conditions and updates; what a `for ... of/in` iterates over
and a `for`'s initializer (evaluated once); iterating callbacks; functions and classes
declared inside loops; nested loops and callbacks."""

from __future__ import annotations

import random

from hypothesis import given, settings, strategies as st

from poolcheck.frontends.ts_model import build
from poolcheck.frontends.typescript.constructions import _in_loop_climbing, in_loop
from test_ts_deferred_index import FIXTURES


class _Tf:
    def __init__(self, prog):
        self.prog = prog
        self.text = prog.text


OPEN = ["for (let i = 0; i < f(); i++) {", "for (const x of g()) {", "for (const k in h()) {",
        "while (w()) {", "do {", "xs.map((x) => {", "xs.forEach(function (x) {", "ys.filter(async (y) => {",
        "function inner() {", "const arrow = async () => {", "class K { m() {", "if (c()) {",
        "await Promise.all(zs.map(async (z) => {", "for (const a of await load(new Q())) {",
        "for (let j = new C(); j; j = next()) {", "obj.reduce((acc, v) => {", "{"]
CLOSE = {"do {": "} while (more());", "xs.map((x) => {": "});", "xs.forEach(function (x) {": "});",
         "ys.filter(async (y) => {": "});", "const arrow = async () => {": "};", "class K { m() {": "} }",
         "await Promise.all(zs.map(async (z) => {": "}));", "obj.reduce((acc, v) => {": "}, 0);"}
LEAVES = ["call();", "new PrismaClient();", "await prisma.user.findMany();", "const c = new Pool();",
          "x = y.z(w());", "return make(new A(b()));", "for (const q of list()) go(q);",
          "while (tick()) new B();", "items.map((i) => save(i));", "const f = () => run();"]


def _program(rng: random.Random) -> str:
    out, stack = [], []
    for _ in range(rng.randint(1, 14)):
        r = rng.random()
        if r < 0.4 and len(stack) < 6:
            opener = rng.choice(OPEN)
            out.append(opener)
            stack.append(CLOSE.get(opener, "}"))
        elif r < 0.55 and stack:
            out.append(stack.pop())
        else:
            out.append(rng.choice(LEAVES))
    out.extend(reversed(stack))
    return "async function main() {\n" + "\n".join(out) + "\n}\n" if rng.random() < 0.5 else "\n".join(out)


def _compare(text: str, grammar: str = "tsx") -> int:
    prog = build(text.encode(), grammar)
    tf = _Tf(prog)
    nodes = list(prog.nodes("call_expression", "new_expression"))
    answers = [in_loop(tf, n) for n in nodes]
    assert answers == [_in_loop_climbing(tf, n) for n in nodes], text
    return sum(answers)


def test_seeded_programs_answer_as_the_climb():
    rng = random.Random(1515)
    looping = sum(_compare(_program(rng), rng.choice(("tsx", "typescript"))) > 0 for _ in range(300))
    assert looping > 100  # the comparison covers nodes that are in loops


@settings(derandomize=True, max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(OPEN + LEAVES + ["}"]), min_size=1, max_size=16))
def test_generated_programs_answer_as_the_climb(pieces):
    _compare("\n".join(pieces))  # unbalanced pieces too: recovered trees, ambiguous ranges


def test_known_answers():
    text = ("for (const x of load(new A())) { new B(); }\nxs.map((x) => new C());\n"
            "for (let i = new D(); i; i = f()) { g(); }\nfunction h() { for (;;) { const k = () => new E(); } }\n")
    prog = build(text.encode(), "tsx")
    got = {prog.text(n.child_by_field_name("constructor") or n.child_by_field_name("function")): in_loop(_Tf(prog), n)
           for n in prog.nodes("call_expression", "new_expression")}
    assert got == {"A": False, "load": False, "B": True, "C": True, "xs.map": False, "D": False, "f": True,
                   "g": True, "E": False}


def test_the_repository_fixtures_answer_as_the_climb():
    for path in FIXTURES:
        grammar = "typescript" if path.suffix in (".ts", ".mts") else "tsx"
        _compare(path.read_text(encoding="utf-8", errors="replace"), grammar)
