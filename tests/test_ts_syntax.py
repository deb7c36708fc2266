"""PC900 for TS/JS only where the program really does not parse (frontends/typescript/errors.py).

tree-sitter-typescript 0.23 rejects valid TypeScript; a conformant parser (oxc) arbitrates
every program tree-sitter flags. Each valid case below is a minimal reduction of a
construct found in real repositories; each first asserts that tree-sitter does flag it,
so the test keeps meaning something (and says so when the grammar gets fixed)."""

import textwrap

import pytest

from poolcheck.frontends import ts_model
from poolcheck.frontends.typescript import errors as ts_syntax

from conftest import codes_at

VALID_BUT_FLAGGED = {
    "vitest-import-original": ("src/lib/mail.test.ts", """
        vi.mock("./mail", async (importOriginal) => ({
          ...(await importOriginal<typeof import("./mail")>()),
          send: vi.fn(),
        }))
        """),
    "vitest-import-actual": ("src/lib/auth.test.ts", """
        vi.mock("./auth", async () => {
          const actual = await vi.importActual<typeof import("./auth")>()
          return { ...actual }
        })
        """),
    "jsx-ampersand-in-attribute": ("app/footer.tsx", """
        export const Footer = () => <a href="https://example.com/?src=app&medium=web">Site</a>
        """),
    "jsx-ampersand-in-text": ("app/terms/page.tsx", """
        export default function Page() {
          return <section><h3>Terms & Conditions</h3><p>Tom & Jerry</p></section>
        }
        """),
    "export-type-star": ("packages/db/src/index.ts", """
        export type * from "./generated/models"
        export type * as Enums from "./generated/enums"
        """),
    "unique-as-identifier": ("lib/batches.ts", """
        export function count(xs: string[]) {
          const unique = [...new Set(xs)]
          let n = 0
          for (let i = 0; i < unique.length; i++) n++
          return n
        }
        """),
    "generic-call-signature": ("lib/actions.ts", """
        type Invoke = {
          (name: string): void
          <A extends string>(name: A, arg: number): void
        }
        """),
    "in-as-property-name": ("lib/relay.ts", """
        type ApiKey = {
          value: string
          in: "header" | "query"
        }
        """),
    "typed-tagged-template": ("lib/report.ts", """
        export async function totals() {
          const rows = await prisma.$queryRaw<{ day: string }[]>`SELECT 1`
          return rows
        }
        """),
    "raw-template-escape": ("lib/paths.ts", """
        export const dir = String.raw`C:\\u00dir`
        """),
    "plain-js-with-jsx": ("src/App.js", """
        export const App = () => <p>Fish & Chips</p>
        """),
}


# Passes the byte prefilter and names a client class, so the file is parsed to analyse: a
# file that only imports (`import { prisma } from './db'`) is settled from its bytes and
# never parsed, and PC900 leaves it alone (docs/rules/PC900.md)
PRISMA = "import { PrismaClient } from '@prisma/client'\n"


def _source(src: str) -> str:
    return PRISMA + textwrap.dedent(src).lstrip("\n")


def _flagged_by_tree_sitter(path: str, src: str) -> bool:
    grammar = "typescript" if path.endswith(".ts") else "tsx"
    return ts_model.build(_source(src).encode(), grammar).root.has_error


@pytest.mark.parametrize("path,src", VALID_BUT_FLAGGED.values(), ids=VALID_BUT_FLAGGED.keys())
def test_valid_code_tree_sitter_rejects_is_not_pc900(check, path, src):
    assert _flagged_by_tree_sitter(path, src), "tree-sitter accepts it now: drop the case"
    assert check({path: _source(src)}) == []


def test_pc101_next_to_a_grammar_gap_is_still_reported(check):
    src = textwrap.dedent("""
        import { PrismaClient } from '@prisma/client'
        export async function GET() {
          const prisma = new PrismaClient()
          return Response.json(await prisma.user.findMany())
        }
        export const Credits = () => <p>Tom & Jerry</p>
        """).lstrip("\n")
    assert _flagged_by_tree_sitter("app/api/users/route.tsx", src)
    assert codes_at(check({"app/api/users/route.tsx": src})) == [("app/api/users/route.tsx", 3, "PC101")]


def test_pc101_in_a_file_with_an_import_type_argument(check):
    src = textwrap.dedent("""
        import { PrismaClient } from '@prisma/client'
        vi.mock("./mail", async (importOriginal) => ({ ...(await importOriginal<typeof import("./mail")>()) }))
        export async function GET() {
          const prisma = new PrismaClient()
          return Response.json(await prisma.user.count())
        }
        """).lstrip("\n")
    assert _flagged_by_tree_sitter("app/api/count/route.ts", src)
    found = codes_at(check({"app/api/count/route.ts": src}))
    assert ("app/api/count/route.ts", 4, "PC101") in found
    assert all(code != "PC900" for _, _, code in found)


@pytest.mark.parametrize("path,src,line", [
    ("lib/a.ts", PRISMA + "export function f() {\n  return 1\n", 3),  # the missing `}`
    ("lib/b.ts", PRISMA + "export const a = 1\nconst = ;\nexport const b = 2\n", 3),
    ("lib/c.ts", PRISMA + "export const ok = 1\nexport const bad = `Acme\\u00 Corp`\n", 3),
    # the grammar gap on line 2 is not the error; the stray brace on line 5 is
    ("lib/d.tsx", PRISMA + "export const A = () => <p>R & D</p>\nexport function g() {\n  return 2\n}}\n", 5),
    # an unclosed object: the statement that opens it (TypeScript names line 6, where it
    # expected the `}`; oxc-python gives no position, see ts_syntax)
    ("lib/e.js", PRISMA + "const x = {\n  a: 1,\n  b: 2\n\nmodule.exports = x\n", 2),
])
def test_real_syntax_errors_are_pc900_at_the_error(check, path, src, line):
    found = check({path: src})
    assert [(f.path, f.line, f.code) for f in found] == [(path, line, "PC900")]
    assert "the rest of the file was still checked" in found[0].message


def test_the_message_carries_the_parser_reason(check):
    (f,) = check({"lib/a.ts": PRISMA + "export function f() {\n  return 1\n"})
    assert f.message.startswith("syntax error: Expected `}` but found `EOF`")


def _syntax_error(src: str, grammar: str = "typescript", declaration: bool = False):
    data = src.encode()
    root = ts_model.build(data, grammar).root
    assert root.has_error  # the arbiter is only asked about what tree-sitter flags
    problem = ts_syntax.syntax_error(root, data, grammar, declaration)
    return None if problem is None else data[:problem.start_byte].count(b"\n") + 1


def test_declaration_files_may_declare_consts_without_initialisers():
    # (discovery skips .d.ts, but .d.mts/.d.cts and the arbiter itself must be right)
    src = "export const version: string\nexport type * from './models'\n"
    assert ts_syntax.is_declaration_file("env.d.mts")
    assert _syntax_error(src, declaration=True) is None
    assert _syntax_error(src, declaration=False) is not None  # outside one it is an error


def test_an_error_is_placed_after_the_last_line_where_the_prefix_parses():
    # tree-sitter's recovery inside the interface (the generic call signature) puts its
    # first error on line 2; the stray `}` on line 6 is the real error
    src = ("interface Api {\n  (name: string): void\n  <A extends string>(name: A): void\n"
           "  other: number\n}\n}\nexport const x = 1\n")
    assert _syntax_error(src) == 6


def test_embedded_scripts_go_through_the_arbiter_with_host_positions(check):
    found = check({
        "src/Ok.vue": textwrap.dedent("""
            <template><p>ok</p></template>
            <script setup lang="ts">
            import { prisma } from './db'
            vi.mock("./m", async (importOriginal) => ({ ...(await importOriginal<typeof import("./m")>()) }))
            </script>
            """),
        "src/pages/index.astro": textwrap.dedent("""
            ---
            import { prisma } from '../db'
            const mod = await importOriginal<typeof import("./m")>()
            ---
            <h1>Tom & Jerry</h1>
            """).lstrip("\n"),
        "src/pages/broken.astro": textwrap.dedent("""
            ---
            import { prisma } from '../db'
            const rows = await prisma.user.findMany({
            ---
            <h1>x</h1>
            """).lstrip("\n"),
        "src/Broken.svelte": textwrap.dedent("""
            <h1>Hello</h1>
            <script lang="ts">
              import { prisma } from './db'
              const x = ;
            </script>
            """),
    })
    assert [(p, code) for p, _, code in codes_at(found)] == [
        ("src/Broken.svelte", "PC900"), ("src/pages/broken.astro", "PC900")]
    assert ("src/Broken.svelte", 4, "PC900") in codes_at(found)


def test_a_script_tag_written_inside_markup_is_not_component_code(check):
    src = textwrap.dedent("""
        <script lang="ts">
          import { prisma } from './db'
          const data = { name: "x" }
        </script>
        <svelte:head>
          {@html `<script type="application/ld+json">${JSON.stringify(data)}</` + `script>`}
        </svelte:head>
        """)
    assert check({"src/routes/+page.svelte": src}) == []


def test_without_the_arbiter_tree_sitter_decides_and_says_so(check, monkeypatch):
    monkeypatch.setattr(ts_syntax, "_oxc", lambda: None)
    (f,) = check({"app/page.tsx": PRISMA + "export const P = () => <p>Tom & Jerry</p>\n"})
    assert f.code == "PC900" and "not confirmed" in f.message


def test_deep_nesting_in_a_flagged_file_does_not_crash(check):
    # oxc overflows an 8 MB stack near 5,000 levels (a segfault): it runs on a thread
    # whose stack is sized for the program
    src = PRISMA + "export const P = () => <p>A & B</p>\nexport const x = " + "(" * 30000 + "1\n"
    assert [f.code for f in check({"lib/deep.tsx": src})] == ["PC900"]


def test_the_arbiter_agrees_with_the_typescript_parser_on_source_kinds():
    # a type assertion is TypeScript, not TSX; JSX is TSX, not TypeScript
    assert ts_syntax.oxc_verdict(b"const v = <T>y\n", "typescript") == []
    assert ts_syntax.oxc_verdict(b"const v = <T>y\n", "tsx")
    assert ts_syntax.oxc_verdict(b"const v = <div>y</div>\n", "tsx") == []
    assert ts_syntax.oxc_verdict(b"const v = <div>y</div>\n", "typescript")


def test_a_typed_tagged_template_in_a_transaction_is_a_query_not_a_callee(check):
    # tree-sitter reads `tx.$queryRaw<T>`...`` as a call of `(await tx.$queryRaw<T>)!`;
    # the callee's text (with "publishedAt" in it) must not be judged by its name
    src = textwrap.dedent("""
        import { prisma } from './db'
        export async function publish(id: number) {
          return prisma.$transaction(async (tx) => {
            const rows = await tx.$queryRaw<{ publishedAt: Date | null }[]>`UPDATE "Post" SET x = 1`
            await tx.$queryRaw<{ n: number }[]>`SELECT 1`
            const [first] = await tx.$queryRaw<{ id: number }[]>`SELECT 2`
            await fetch("https://hooks.example.com/published")
            if (rows.length > first.id) tx.$queryRaw<{ n: number }[]>`SELECT 3`
            return rows
          })
        }
        """).lstrip("\n")
    assert _flagged_by_tree_sitter("lib/publish.ts", src)
    # the awaited ones are awaited (tree-sitter puts the await inside the callee); the
    # last one really is not
    assert [(f.line, f.code) for f in check({"lib/publish.ts": src})] == [(7, "PC201"), (8, "PC204")]


def test_a_jsx_element_closed_by_another_name_is_pc900_though_tree_sitter_accepts_it(check):
    src = PRISMA + "export const Card = () => (\n  <Card.Root>\n    <p>x</p>\n  </Card.Body>\n)\n"
    assert not _flagged_by_tree_sitter("app/card.tsx", src)
    ok = PRISMA + "export const Card = () => <Card.Root><p>x</p></Card.Root>\n"
    found = check({"app/card.tsx": src, "app/ok.tsx": ok})
    assert codes_at(found) == [("app/card.tsx", 5, "PC900")]
    assert "closing tag" in found[0].message


def test_an_unterminated_comment_before_multibyte_text_is_an_error_not_a_panic(check, capfd):
    # oxc-python's own comment scan used to panic (a Rust panic printed on stderr) here
    src = PRISMA + "export const a = 1\n/* note — unterminated\nexport const b = '—'"
    assert [(f.line, f.code) for f in check({"lib/c.ts": src})] == [(3, "PC900")]
    assert "panicked" not in capfd.readouterr().err
