"""The cheap path's byte summary (frontends/typescript/light_bytes.py) must give, for every
program it settles without a parse, exactly the facts the parse gives: the same import
bindings, and no declaration of an imported name that the parse finds. Programs are
generated (seeded, and by a derandomised Hypothesis property) from import forms and from
the places a name can stand in: declarations and patterns at every depth, type
annotations, object literals, JSX, strings, comments, template and regex literals; then
every TS/JS file of the suite's real-shaped cases, of examples/ and of a generated app tree
is run through both. A program whose tree has a syntax error is not compared: the byte
path does not parse it, which is PC900's documented scope."""

from __future__ import annotations

import random
import sys
from pathlib import Path, PurePosixPath

from hypothesis import given, settings, strategies as st

from poolcheck.core.sources import Source
from poolcheck.facts import FileFacts, ParseProblem
from poolcheck.frontends.ts_model import Program, import_bindings
from poolcheck.frontends.ts_tree import parse
from poolcheck.frontends.typescript import analyser, gates, light, light_bytes

from test_ts_light import BODY, IMPORTS, SHAPES

ROOT = Path(__file__).resolve().parent.parent
NAMES = ["db", "prisma", "User", "x", "Field"]
SPECS = ["./db", "@/lib/db", "~/server/db", "@acme/db/replica", "vitest", "@prisma/client", "zod",
         "../types", "#db", "@playwright/test"]
HEADER = [
    "import {{\n  {n},\n  {m} as {k},\n}} from '{s}';", "import type {n} from '{s}';",
    "import type * as {n} from '{s}';", "import {{ default as {n} }} from '{s}';",
    "import {{ {n} /* c */ }} from '{s}';", "import {n} from '{s}' with {{ type: 'json' }};",
    "import {n} from '{s}' // trailing", "/* lead */ import {n} from '{s}';", "'use client';",
    "import {n}, * as {m} from '{s}';", "import {{ {n} as {n} }} from '{s}';",
    "import {{ type {n} as {m} }} from '{s}';", "import {{ type as {n} }} from '{s}';",
    "import {{ 'str' as {n} }} from '{s}';", "import {n} from \"{s}\"\nimport {m} from '{s}'",
    "export {{ {n} }} from '{s}';", "import {n} from `{s}`;", "import {{ {n}, }} from '{s}'",
    "import {{ {n},, {m} }} from '{s}';", "import {n}from'{s}';", "import{{{n}}}from'{s}'",
    "import type {{ {n} }}, {m} from '{s}';", "import {n} from '{s}' import {m} from '{s}'",
    "import * as {n} from '{s}'; import {{ {m} }} from '{s}';", "// import {n} from '{s}'",
    "import {n} from '{s}'\n;(() => 1)()", "import {{ {n} }} from './a\\'b';",
]
USES = [
    # declarations and patterns that bind the name
    "const {{ a: {n} }} = obj;", "const {{ {n} = 1 }} = obj;", "let [{n}] = arr;", "let [, ...{n}] = arr;",
    "const {{ q: {{ {n} }} }} = o;", "let a1 = 1, {n} = 2;", "let a2, {n};", "var {n}: T = 1;",
    "let a3 = f(x), {n} = 2;", "let a4 = 1, // c\n  {n} = 2;", "let a5 = 1, /* c */ {n} = 2;",
    "let a6 = 1,\n// c\n{n} = 2;", "const /* c */ {n} = 1;", "function* {n}() {{}}",
    "function /* c */ {n}() {{}}", "class {n} {{}}", "async function {n}() {{}}",
    "for (const {n} of xs) {{}}", "for (let i = 0, {n} = 1; ;) {{}}", "const {{ ...{n} }} = o;",
    "const [a7, {{ {n} }}] = arr;", "export const {{ {n} }} = o;", "declare const {n}: number;",
    "namespace NS {{ export const {n} = 1 }}", "const {{ k1 = 'x', {n} }} = o;",
    "const {{ k2 = `x${{y}}`, {n} }} = o;", "const {{ k3 = (a) => a, {n} }} = o;",
    "const {{ k4: {{ k5 }}, {n} }} = o;", "let\n{n} = 1;", "const\u00a0{n} = 1;", "let a8: T, {n} = 1;",
    "const {{ k6 }}: {{ k6: {n} }} = o;", "let a9 = 1, {{ {n} }} = o;", "const [{n} = 1] = arr;",
    "function g0() {{ const {n} = 1 }}", "let a10 = [1, 2], {n};", "export default class {n} {{}}",
    "const {{\n  k7,\n  // c\n  {n},\n}} = o;", "const {{ k8: [{n}] }} = o;", "let a11 = {{ k: 1 }}, {n} = 2;",
    "let {n}!: number;", "const a12 = 1, {n}: T = 2;", "/**\n * doc\n */\nfunction {n}() {{}}",
    "const {{ k9 = c ? 1 : 2, {n} }} = o;", "const /* a /* b */ {n} = 1;", "function /* a\n/* b */ {n}() {{}}", "let a13 = 1, /** c */ {n} = 2;",
    # the name where it binds nothing
    "{n}.user.findMany();", "f({n});", "f(a, {n});", "const o1 = {{ {n} }};", "const o2 = {{ k: {n}, j: 'x' }};",
    "const o3 = {{ k: {n}, j: z.string() }};", "const o4 = [a, {n}];", "function g4() {{ return {{ a, {n} }}; }}",
    "export {{ {n} }};", "export {{ {n} as default }};", "const c1 = <{n} />;", "const d1 = <A b={{{n}}} />;",
    "const e1 = <p>{{{n}}}</p>;", "const t1 = `${{{n}}}`;", "const s1 = '{n}';", "// const {n} = 1",
    "/* let {n} = 1 */", "const r1 = /const {n}/;", "type T1 = {{ k: {n}; j?: {n} }};",
    "interface I1 {{ k: {n}, j: string }}", "function g1(a: {n}, b?: {n}) {{ return a }}",
    "const g2 = ({{ k, {n} }}) => k;", "function g3({{ {n} }}) {{}}", "try {{}} catch ({n}) {{}}",
    "const x3 = a ? b : {n};", "x = {{ ...{n} }};", "({{ {n} }} = o);", "obj.{n} = 1;", "{n}++;",
    "if ({n}) {{}}", "const f1 = async () => {{ await {n}.x(); }};", "@{n}() class C1 {{}}",
    "const sp = [...{n}];", "a, {n};", "x = {n} != y;", "type U = typeof {n};", "export default {n};",
    "const big = {{\n  a: msg`x`,\n  k: {n},\n  c: 'y',\n}};", "useEffect(() => {{\n  // comment\n  {n}(1);\n}});",
    "/** doc */\n{n}(2);", "const x4: {n} = y;", "const x5: {{ k: {n} }} = y;", "const x6: {n}[] = [];",
    "const x7 = {{ k: {n}, m: () => 1 }};", "router({{ a: {n}, b: c.d(), }});", "const x8 = f({{ k: {n} }});",
    "let x9 = {n};", "const m1 = new Map<string, {n}>();", "export type {{ {n} }};", "const q1 = {n}?.x;",
    "const q2 = {n}<T>(1);", "const q3 = <{n}.Item>a</{n}.Item>;", "const q4 = {{ [{n}]: 1 }};",
    "const q5 = {{ k: {n} }}\nconst q6 = 1", "const x10 = {{ a: 1, k: {n} }};", "switch (x) {{ case {n}: break }}",
    "const f2 = function {n}() {{}};", "const C2 = class {n} {{}};", "export default {{ fetch: {n} }};",
    "const i1 = import('{s}');", "const i2 = import.meta.url;", "const i3 = `import {n} from '{s}'`;",
]
GRAMMARS = {".ts": "typescript", ".tsx": "tsx", ".js": "tsx"}


def _piece(rng: random.Random, template: str) -> str:
    return template.format(n=rng.choice(NAMES), m=rng.choice(NAMES), k=rng.choice(NAMES), s=rng.choice(SPECS))


def _parsed_bindings(data: bytes, grammar: str):
    """(the import bindings the tree gives, as (name, specifier) in order, and the tree)."""
    tree = parse(data, grammar)
    prog = Program(data=data, root=tree.root_node)
    return [(b.name, b.module) for stmt in light._import_statements(prog.root, data)
            for b in import_bindings(prog, stmt)], prog


def _compare(path: str, text: str) -> tuple[bool, bool]:
    """Check one program; (settled by its bytes, its tree has a syntax error)."""
    data = text.encode()
    suffix = PurePosixPath(path).suffix
    found = light_bytes.bindings(data)
    parsed, prog = _parsed_bindings(data, GRAMMARS.get(suffix, "tsx"))
    broken = prog.root.has_error or light._closed_by_another_name(prog.root, data)
    if found is not None and not broken:
        assert found == parsed, text
        assert not light._declared_elsewhere(prog, dict.fromkeys(light_bytes.deciding_names(found))), text
        _same_facts(path, data)
    return found is not None, broken


def _same_facts(path: str, data: bytes) -> None:
    """The default front-end (bytes first) gives the full path's facts, but for PC900."""
    kind = "javascript" if path.endswith((".js", ".mjs", ".cjs", ".jsx")) else "typescript"
    src = Source.from_bytes(Path(path), kind, data)
    full = analyser.analyse(src, None, cheap=False)
    full.facts = [f for f in full.facts if not isinstance(f, ParseProblem)]
    assert analyser.analyse(src, None) == full, data.decode()


def _program(rng: random.Random) -> str:
    lines = [_piece(rng, rng.choice(IMPORTS + HEADER)) for _ in range(rng.randint(0, 5))]
    lines += [_piece(rng, rng.choice(USES + BODY + SHAPES)) for _ in range(rng.randint(0, 5))]
    if rng.random() < 0.15:
        rng.shuffle(lines)
    return "\n".join(lines) + "\n"


def test_seeded_programs_settled_by_their_bytes_give_the_parse_facts():
    rng = random.Random(1517)
    settled = refused = broken_settled = 0
    for _ in range(1500):
        path = rng.choice(["src/lib/a.ts", "src/components/B.tsx", "src/c.js"])
        took, broken = _compare(path, _program(rng))
        settled += took and not broken
        refused += not took
        broken_settled += took and broken
    # every side is reached, or the comparison proves nothing
    assert settled > 300 and refused > 300 and broken_settled > 10, (settled, refused, broken_settled)


@settings(derandomize=True, max_examples=400, deadline=None)
@given(st.sampled_from(["a.ts", "b.tsx"]),
       st.lists(st.tuples(st.sampled_from(HEADER + IMPORTS), st.sampled_from(NAMES), st.sampled_from(NAMES),
                          st.sampled_from(SPECS)), max_size=4),
       st.lists(st.tuples(st.sampled_from(USES), st.sampled_from(NAMES), st.sampled_from(NAMES),
                          st.sampled_from(SPECS)), max_size=4))
def test_generated_programs_settled_by_their_bytes_give_the_parse_facts(path, header, body):
    text = "\n".join(t.format(n=n, m=m, k=m, s=s) for t, n, m, s in header + body) + "\n"
    _compare(path, text)


def test_every_place_of_a_name_after_an_import_of_it():
    """Each piece above, alone or after other code, with the name it uses imported in each
    form: every place a name can stand in is met with the name imported."""
    settled = 0
    for template in USES:
        for name in NAMES[:3]:
            for header in ("import {{ {n} }} from './db';\n", "import {n} from '@/x';\n",
                           "import * as {n} from './y';\nconst pre = [1, 2];\n"):
                text = header.format(n=name) + template.format(n=name, m="other", k="other", s="./z") + "\n"
                for path in ("a.ts", "b.tsx"):
                    took, broken = _compare(path, text)
                    settled += took and not broken
    assert settled > 300, settled


class _Grammar:
    """Statements built from a small grammar of patterns, types and expressions that use
    the imported names everywhere (declarations with nested patterns and defaults, type
    annotations, object literals, arrow parameters, templates, JSX), with comments and
    line breaks between tokens: where the pieces above cover forms, these cover nesting."""

    def __init__(self, rng: random.Random):
        self.r = rng

    def sep(self) -> str:
        c = self.r.random()
        return " //c\n" if c < 0.06 else " /*c*/ " if c < 0.1 else "\n" if c < 0.2 else " "

    def name(self) -> str:
        return self.r.choice(["db", "x", "y", "other"])

    def items(self, make) -> str:
        return ("," + self.sep()).join(make() for _ in range(self.r.randint(0, 3)))

    def pattern(self, d: int = 0) -> str:
        c = self.r.random()
        if d > 2 or c < 0.4:
            return self.name()
        if c < 0.7:
            return "{" + self.sep() + self.items(lambda: self.r.choice([
                f"k{self.r.randint(0, 9)}:{self.sep()}{self.pattern(d + 1)}", f"{self.name()} = {self.expr(d + 1)}",
                self.name()])) + self.sep() + "}"
        return "[" + self.items(lambda: self.r.choice([self.pattern(d + 1), f"{self.name()} = 1"])) + "]"

    def type(self, d: int = 0) -> str:
        c = self.r.random()
        if d > 2 or c < 0.5:
            return self.r.choice(["db", "x", "y", "string"])
        if c < 0.75:
            return "{ " + "; ".join(f"k{i}{self.r.choice(['', '?'])}: {self.type(d + 1)}"
                                    for i in range(self.r.randint(1, 3))) + " }"
        return self.type(d + 1) + "[]" if c < 0.9 else f"Map<{self.type(d + 1)}, {self.type(d + 1)}>"

    def expr(self, d: int = 0) -> str:
        c, r = self.r.random(), self.r
        if d > 2 or c < 0.35:
            return r.choice(["db", "x", "y", "other", "1", "'s'", "`t`"])
        if c < 0.5:
            return "{" + self.sep() + self.items(lambda: r.choice([
                f"k{r.randint(0, 9)}:{self.sep()}{self.expr(d + 1)}", self.name(), f"...{self.name()}"])) + "}"
        return r.choice([f"[{self.expr(d + 1)}, {self.expr(d + 1)}]", f"f({self.expr(d + 1)})", f"{self.name()}.k",
                         f"({self.pattern(d + 1)}) =>{self.sep()}{self.expr(d + 1)}", "`${" + self.expr(d + 1) + "}`",
                         f"{self.expr(d + 1)} ? {self.expr(d + 1)} : {self.expr(d + 1)}",
                         f"<A b={{{self.expr(d + 1)}}}>{{{self.expr(d + 1)}}}</A>"])

    def statement(self, d: int = 0) -> str:
        r = self.r
        kw = r.choice(["const", "let", "var"])
        ann = (":" + self.sep() + self.type()) if r.random() < 0.3 else ""
        c = r.random()
        if c < 0.35:
            return f"{kw}{self.sep()}{self.pattern()}{ann} ={self.sep()}{self.expr()};"
        if c < 0.5:
            return f"{kw} {self.name()}{ann} = {self.expr()},{self.sep()}{self.pattern()} = {self.expr()};"
        if c < 0.65:
            return self.expr() + ";"
        if c < 0.75 and d < 2:
            return f"function f{r.randint(0, 9)}({self.pattern(1)}{ann}) {{{self.sep()}{self.statement(d + 1)}}}"
        return r.choice([f"type T{r.randint(0, 9)} = {self.type()};", f"function{self.sep()}{self.name()}() {{}}",
                         f"for ({kw} {self.pattern()} of {self.expr()}) {{}}", f"export {{ {self.name()} }};"])


def test_seeded_nested_programs_settled_by_their_bytes_give_the_parse_facts():
    grammar = _Grammar(random.Random(1518))
    settled = clean = 0
    for _ in range(1500):
        text = "import { db, x } from './db';\nimport y from '@/y';\n" + "\n".join(
            grammar.statement() for _ in range(grammar.r.randint(1, 4))) + "\n"
        took, broken = _compare(grammar.r.choice(["a.ts", "b.tsx"]), text)
        settled += took and not broken
        clean += not broken
    assert settled > 200 and clean - settled > 300, (settled, clean)


def _real_shaped_files():
    """Every TS/JS file of the suite's cases and fixtures, of examples/, and of a generated
    app tree shaped like real monorepos (bench/synth.py)."""
    suffixes = {".ts", ".tsx", ".js", ".mjs", ".cjs", ".jsx", ".mts", ".cts"}
    for folder in (ROOT / "tests" / "cases", ROOT / "tests" / "fixtures", ROOT / "examples"):
        for p in sorted(folder.rglob("*")):
            if p.suffix in suffixes and p.is_file() and "node_modules" not in p.parts:
                yield p.relative_to(ROOT).as_posix(), p.read_bytes()


def test_every_real_shaped_file_settled_by_its_bytes_gives_the_parse_facts(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import synth
    finally:
        sys.path.remove(str(ROOT / "bench"))
    app = synth.generate_app(tmp_path / "app", 400, seed=15)
    files = list(_real_shaped_files()) + [
        (p.relative_to(app).as_posix(), p.read_bytes()) for p in sorted(app.rglob("*"))
        if p.suffix in (".ts", ".tsx", ".js")]
    settled = 0
    for path, data in files:
        if not light.may_be_light(data, gates.file_gates(data)):
            continue
        took, broken = _compare(path, data.decode("utf-8"))
        settled += took and not broken
    assert len(files) > 300 and settled > 100, (len(files), settled)


def test_what_the_header_reads():
    assert light_bytes.bindings(b"'use client';\nimport a, { b as c, type d } from './x'\n"
                                b"import * as e from \"@/y\";\nexport const f = a + c + d + e;\n") == [
        ("a", "./x"), ("c", "./x"), ("d", "./x"), ("e", "@/y")]
    assert light_bytes.bindings(b"#!/usr/bin/env node\n// lead\nimport './side-effect'\n") == []
    for refused in (b"import a from './x'\nconst b = 1\nimport c from './y'\n",  # a later import
                    b"import a from './a'\nimport a from './b'\n",                # a name bound twice
                    b"import { a } from './x\\'y'\n",                            # an escape
                    b"import { type } from './x'\n",                              # a keyword as a name
                    b"import a from './x' with { type: 'json' }\n",               # attributes
                    b"import { a /* c */ } from './x'\n"):                        # a comment inside
        assert light_bytes.bindings(refused) is None, refused
    # a dynamic import and import.meta bind nothing
    assert light_bytes.bindings(b"import a from './a'\nconst m = await import('./m');\n"
                                b"const u = import.meta.url;\n") == [("a", "./a")]


def test_a_default_export_that_may_be_an_object_is_read_by_the_parse():
    for text in (b"export default { fetch() {} }", b"export default ({ fetch })",
                 b"export default <T>{ fetch }", b"export default await { fetch }",
                 b"export /* c */ default /* d */ { fetch }"):
        assert light_bytes.default_may_export_object(text), text
    for text in (b"export default function Page() { return fetch }", b"export default class A {}",
                 b"export { handler as default }", b"switch (x) { default: fetch() }", b"mod.default.fetch()"):
        assert not light_bytes.default_may_export_object(text), text
    worker = ("import { db } from './db';\nexport default { fetch() { return db } };\n")
    src = Source.from_bytes(Path("src/worker.ts"), "typescript", worker.encode())
    assert not light._settled_by_bytes(src.data, FileFacts(path=src.path, language="typescript"))
    assert analyser.analyse(src, None) == analyser.analyse(src, None, cheap=False)


def test_only_the_names_of_project_and_harness_imports_decide():
    """A declaration of a name imported from an npm package changes no trait, so the bytes
    settle the program; one of a name from a project module may reorder the traits (the
    model moves a declared import ahead of the others), so it takes the parse."""
    npm = "import { c } from './y'\nimport { a } from 'zod'\nconst a = 1\nexport const z = c\n"
    later = "import { c } from './y'\nimport { a, b } from './x'\nconst b = 1\nexport const z = c + a\n"
    harness = "import { c } from './y'\nimport { d, it } from 'vitest'\nfunction it() {}\n"
    assert light_bytes.deciding_names([("c", "./y"), ("a", "zod"), ("b", "@/x"), ("it", "vitest")]) == \
        ["c", "b", "it"]
    assert light_bytes.bindings(npm.encode()) == [("c", "./y"), ("a", "zod")]
    assert light_bytes.bindings(later.encode()) is None
    assert light_bytes.bindings(harness.encode()) is None
    for text in (npm, later, harness):
        _same_facts("a.ts", text.encode())
    full = analyser.analyse(Source.from_bytes(Path("a.ts"), "typescript", later.encode()), None, cheap=False)
    assert [t.detail for t in full.facts] == ["./x", "./y"]  # the declared `b` moved './x' first
