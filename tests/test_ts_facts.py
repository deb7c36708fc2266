"""Facts the TS/JS front-end emits for other rule families (URL literals, concatenations,
adapter options, traits), embedded code positions, syntax errors, the prefilter and
deep nesting."""

from pathlib import Path

import pytest

from poolcheck.config import load_settings
from poolcheck.facts import (ClientConstruction, GlobalCacheAccess, NestPrismaService, Trait,
                             UrlConcatenation, UrlLiteral)
from poolcheck.frontends import PREFILTER, analyse as analyse_any, passes_prefilter
from poolcheck.rules import implemented_codes
from poolcheck.core.sources import Source

from conftest import codes_at


def facts_of(path: str, src: str, kind: str = "typescript", **options):
    settings = load_settings(None, implemented_codes())
    settings.options.update(options)
    return analyse_any(Source.from_bytes(Path(path), kind, src.encode()), settings)


def test_url_literals_with_roles_and_exact_spans():
    f = facts_of("lib/db.ts", """import { PrismaClient } from '@prisma/client'
import { Pool } from 'pg'
export const prisma = new PrismaClient({ datasourceUrl: 'postgresql://u:secret@db.example.com:5432/app' })
export const pool = new Pool({ connectionString: "postgres://u:pw@h:6543/db" })
const other = new URL('mysql://root:x@localhost/db')
""")
    urls = sorted((u.span.line, u.span.col, u.role, u.origin) for u in f.of(UrlLiteral))
    assert urls == [(3, 57, "datasourceUrl", "code"), (4, 50, "connectionString", "code"),
                    (5, 23, None, "code")]


def test_adapter_and_pool_options_are_flattened():
    f = facts_of("lib/db.ts", """import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
export const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10, connectionTimeoutMillis: 0 })
export const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL })
""")
    pool, adapter = sorted(f.of(ClientConstruction), key=lambda c: c.span)
    assert (pool.kind, pool.class_name, pool.option("max"), pool.option("connectionTimeoutMillis")) == \
        ("pool", "Pool", 10, 0)   # the class as the rules spell it
    assert pool.option_span("connectionTimeoutMillis").line == 3
    assert (adapter.kind, adapter.has_option("max"), adapter.has_option("connectionString")) == \
        ("adapter", False, True)


@pytest.mark.parametrize("src,operator,line", [
    ("const url = process.env.DATABASE_URL + '?connection_limit=1'", "+", 1),
    ("const url = `${process.env.DATABASE_URL}?pgbouncer=true`", "template", 1),
    ("const url = process.env.DATABASE_URL!.concat('&pool_timeout=0')", "concat", 1),
    ("const base = process.env.POSTGRES_URL ?? ''\nconst url = base + '?sslmode=require'", "+", 2),
])
def test_url_concatenation(src, operator, line):
    f = facts_of("src/db.ts", src)
    got = [(c.operator, c.span.line, c.env_var) for c in f.of(UrlConcatenation)]
    assert len(got) == 1 and got[0][0] == operator and got[0][1] == line
    assert got[0][2] in ("DATABASE_URL", "POSTGRES_URL")


def test_url_concatenation_look_alikes():
    f = facts_of("src/x.ts", "const a = process.env.API_BASE + '?key=1'\nconst b = `${process.env.DATABASE_URL}/other`\n"
                 "const c = process.env.DATABASE_URL + suffix\n")
    assert list(f.of(UrlConcatenation)) == []


def test_traits():
    f = facts_of("src/worker.ts", """import { PrismaClient } from '@prisma/client'
export default { async fetch(req, env, ctx) { return new Response('') } }
""")
    assert "cloudflare-worker" in f.traits()
    f = facts_of("app/actions.ts", "'use server'\nimport { prisma } from '@/lib/prisma'\nexport async function a() {}\n")
    assert "use-server" in f.traits()
    f = facts_of("src/prisma.service.ts", "import { PrismaClient } from '@prisma/client'\n"
                 "export class PrismaService extends PrismaClient {}\n")
    assert [t.class_name for t in f.of(NestPrismaService)] == ["PrismaService"]
    assert list(f.of(Trait)) == []
    f = facts_of("lib/prisma.ts", """import { PrismaClient } from '@prisma/client'
const g = globalThis as unknown as { prisma?: PrismaClient }
export const prisma = g.prisma ?? new PrismaClient()
if (process.env.NODE_ENV === 'production') g.prisma = prisma
""")
    assert sorted((a.span.line, a.prop, a.read, a.write, a.production_only) for a in f.of(GlobalCacheAccess)) == \
        [(3, "prisma", True, False, False), (4, "prisma", False, True, True)]
    (c,) = f.of(ClientConstruction)
    assert c.memoised


def test_syntax_error_still_reports_parsed_parts_plus_pc900(check):
    found = check({"app/api/x/route.ts": """import { PrismaClient } from '@prisma/client'
export async function GET() {
  const prisma = new PrismaClient()
  return Response.json(await prisma.user.findMany())
}
export async function POST( {
  const = = broken
"""})
    assert ("app/api/x/route.ts", 3, "PC101") in codes_at(found)
    assert any(f.code == "PC900" for f in found)


EMBEDDED = {
    "vue-setup": ("src/components/Users.vue", """<template>
  <ul></ul>
</template>
<script setup lang="ts">
import { PrismaClient } from '@prisma/client'
const prisma = new PrismaClient()
</script>
""", [(6, 16, "PC101")]),
    "vue-plain-script-is-module": ("src/components/Plain.vue", """<script>
import { PrismaClient } from '@prisma/client'
const prisma = new PrismaClient()
export default { name: 'Plain' }
</script>
""", []),
    "svelte-module-and-instance": ("src/routes/Page.svelte", """<script context="module">
  import { PrismaClient } from '@prisma/client'
  const shared = new PrismaClient()
</script>
<script>
  import { PrismaClient } from '@prisma/client'
  let items = []; for (const t of tenants) { const c = new PrismaClient() }
</script>
""", [(7, 56, "PC101"), (7, 56, "PC106")]),
    "astro-frontmatter": ("src/pages/index.astro", """---
import { PrismaClient } from '@prisma/client'
const prisma = new PrismaClient()
await prisma.$transaction(async (tx) => { tx.user.create({ data: {} }) })
---
<h1>hi</h1>
""", [(3, 16, "PC101"), (4, 43, "PC204")]),
    "astro-shared-client-is-fine": ("src/pages/ok.astro", """---
import { prisma } from '../lib/prisma'
const users = await prisma.user.findMany()
---
""", []),
}


@pytest.mark.parametrize("case", sorted(EMBEDDED))
def test_embedded_positions_are_host_positions(check, case):
    path, src, want = EMBEDDED[case]
    found = check({path: src})
    assert sorted((f.line, f.col, f.code) for f in found) == sorted(want)


MD = """# Guide

```ts
import { PrismaClient } from '@prisma/client'
export async function GET() { return Response.json(await new PrismaClient().user.count()) }
for (const t of tenants) new PrismaClient()
```

```python
Prisma()
```
"""


def test_markdown_only_when_enabled(check):
    assert check({"docs/guide.md": MD}) == []


def test_markdown_fences_when_enabled(tmp_path):
    from conftest import check_tree, write_tree
    write_tree(tmp_path, {"docs/guide.md": MD})
    found = check_tree(tmp_path, include_markdown=True)
    assert sorted((f.path, f.line, f.col, f.code) for f in found) == [("docs/guide.md", 6, 26, "PC106")]


# The minimal trigger of every rule, written with no name that gives Prisma away.
MINIMAL = {
    "PC101": "import { PrismaClient } from '@prisma/client'\nexport const GET = () => new PrismaClient()",
    "PC104": "import { db } from '~/db'\nexport const GET = async () => { await db.$disconnect() }",
    "PC105": "import { db } from '~/db'\nexport const GET = async () => { await db.$connect() }",
    "PC106": "import { Pool } from 'pg'\nfor (const t of ts) new Pool()",
    "PC108": "import { db } from '~/db'\nexport const GET = async () => { db.$on('query', f) }",
    "PC201": "db.$transaction(async (t) => { await fetch('x') })",
    "PC204": "db.$transaction(async (t) => { t.a.create() })",
    "PC205": "import { db } from '~/db'\nexport const GET = () => Promise.all(xs.map((x) => db.a.findUnique()))",
    "PC311": "const u = process.env.DB_URL + '?a=1'",
    "PC307": "const u = 'mysql://root:hunter2@db.internal/app'",
}


@pytest.mark.parametrize("code", sorted(MINIMAL))
def test_prefilter_keeps_every_rules_minimal_trigger(code):
    for kind in ("typescript", "javascript", "vue", "svelte", "astro", "markdown"):
        assert passes_prefilter(kind, MINIMAL[code].encode()), (code, kind)
    assert not passes_prefilter("typescript", b"export const add = (a, b) => a + b\n")
    assert set(PREFILTER["tsx"]) == set(PREFILTER["typescript"])


def test_deep_nesting_does_not_raise(check):
    depth = 3000
    src = "import { PrismaClient } from '@prisma/client'\nconst x = " + "[" * depth + "new PrismaClient()" + "]" * depth + "\n"
    found = check({"src/deep.ts": src})
    assert all(f.code in ("PC900",) for f in found)


# Valid TypeScript that tree-sitter-typescript 0.23 cannot parse (upstream issues #341 and
# #366); PC900 must not cry wolf on it, and facts around it must still be found.
VALID_BUT_UNPARSED = {
    "lib/raw.ts": """
        import { prisma } from './db'
        export async function totals() {
          const rows = await prisma.$queryRaw<{ day: string; total: number }[]>`SELECT 1`
          const [one] = await prisma.$queryRaw<
            { n: number }[]
          >`SELECT 2`
          return [rows, one]
        }
        """,
    "app/legal/page.tsx": """
        export default function Page() {
          return <section><h3>Terms & Conditions</h3><p>Privacy & Data</p></section>
        }
        """,
    "lib/escapes.test.ts": """
        export const cases = [String.raw`Acme\\u{FFFFFFF}Corp`, String.raw`Acme\\u00 Corp`]
        """,
}


def test_valid_code_that_the_grammar_rejects_is_not_pc900(check):
    assert [(f.path, f.code) for f in check(VALID_BUT_UNPARSED)] == []


def test_real_syntax_errors_near_those_shapes_are_still_pc900(check):
    findings = check({
        "lib/a.tsx": "import { PrismaClient } from '@prisma/client'\nexport const x = <div>ok & fine</div>\nconst = ;\n",
        # untagged, an invalid escape is a syntax error
        "lib/b.ts": "import { PrismaClient } from '@prisma/client'\nexport const bad = `Acme\\u00 Corp`\n",
    })
    assert sorted((f.path, f.line, f.code) for f in findings) == [
        ("lib/a.tsx", 3, "PC900"), ("lib/b.ts", 2, "PC900")]


def test_facts_are_still_found_next_to_a_tagged_template_with_type_arguments(check):
    findings = check({"app/api/r/route.ts": """
        import { PrismaClient } from '@prisma/client'
        export async function GET() {
          const prisma = new PrismaClient()
          const rows = await prisma.$queryRaw<{ n: number }[]>`SELECT 1`
          return Response.json(rows)
        }
        """})
    assert [(f.path, f.line, f.code) for f in findings] == [("app/api/r/route.ts", 3, "PC101")]
