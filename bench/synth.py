"""Generate a deterministic synthetic monorepo for the benchmark.

Shapes (`--shape`):
- `app` (the default): a TypeScript Prisma monorepo shaped after real ones. Every
  proportion (files importing the client, files querying it, queries and transactions per
  file, functions per file, file sizes, folder depth, tests, workspace packages) is the
  median of eight real monorepos measured with bench/calibrate.py; the figures and the
  repositories@commits are in bench/CALIBRATION.md.
- `python`: a Python prisma-client-py tree shaped after prisma-client-py itself (the only
  sizeable public Python Prisma code base), for the ratio against flake8.
- `legacy`: the first benchmark tree (about 3 % of files touching a client, a quarter of
  them Python), kept to compare with figures measured before the calibration.

The same shape, seed and size give byte-identical trees.

    python bench/synth.py OUT [--files N] [--seed S] [--shape app|python|legacy]
"""

from __future__ import annotations

import random
from pathlib import Path

WORDS = ("user", "order", "invoice", "product", "cart", "session", "account", "team",
         "project", "report", "payment", "address", "review", "coupon", "shipment", "audit")


def _name(rng: random.Random) -> str:
    return rng.choice(WORDS) + rng.choice(WORDS).capitalize()


def _ts_util(rng: random.Random, n: int) -> str:
    parts = [f"import {{ format }} from './format{n % 7}'\n", "\n"]
    for i in range(rng.randint(8, 20)):
        name = _name(rng)
        parts.append(
            f"export interface {name.capitalize()}{i} {{\n  id: string\n  createdAt: Date\n"
            f"  total: number\n  tags: string[]\n}}\n\n"
            f"export function {name}{i}(items: Array<{{ price: number; qty: number }}>, rate = {rng.random():.3f}): number {{\n"
            f"  let sum = 0\n  for (const item of items) {{\n    if (item.qty <= 0) continue\n"
            f"    sum += item.price * item.qty * (1 + rate)\n  }}\n"
            f"  return Math.round(sum * 100) / 100 // rounded with format()\n}}\n\n")
    return "".join(parts)


def _tsx_component(rng: random.Random, n: int) -> str:
    name = _name(rng).capitalize()
    rows = "".join(f"        <li key={{item.id + '{i}'}} className=\"row-{i}\">{{item.label}} {{props.suffix ?? ''}}</li>\n"
                   for i in range(rng.randint(4, 12)))
    return (f"import React, {{ useMemo, useState }} from 'react'\n\n"
            f"type Props = {{ items: {{ id: string; label: string }}[]; suffix?: string }}\n\n"
            f"export default function {name}{n}(props: Props) {{\n"
            f"  const [open, setOpen] = useState(false)\n"
            f"  const sorted = useMemo(() => [...props.items].sort((a, b) => a.label.localeCompare(b.label)), [props.items])\n"
            f"  return (\n    <section onClick={{() => setOpen(!open)}}>\n      <ul>\n"
            f"{rows}      </ul>\n      {{sorted.map((item) => <span key={{item.id}}>{{item.label}}</span>)}}\n"
            f"    </section>\n  )\n}}\n") * rng.randint(1, 3)


def _js_module(rng: random.Random, n: int) -> str:
    body = "".join(f"function helper{i}(a, b) {{\n  return a.map((x) => x * {i} + b).filter(Boolean)\n}}\n"
                   f"module.exports.helper{i} = helper{i}\n\n" for i in range(rng.randint(10, 30)))
    return "'use strict'\n\n" + body


def _py_module(rng: random.Random, n: int) -> str:
    parts = ["from __future__ import annotations\n\nimport dataclasses\nimport json\nfrom typing import Iterable\n\n"]
    for i in range(rng.randint(6, 16)):
        name = _name(rng)
        parts.append(
            f"@dataclasses.dataclass\nclass {name.capitalize()}{i}:\n    id: int\n    label: str\n"
            f"    tags: list[str] = dataclasses.field(default_factory=list)\n\n"
            f"    def to_json(self) -> str:\n        return json.dumps(dataclasses.asdict(self))\n\n\n"
            f"def total_{name.lower()}_{i}(items: Iterable[dict], rate: float = {rng.random():.3f}) -> float:\n"
            f"    total = 0.0\n    for item in items:\n        if item.get('qty', 0) <= 0:\n            continue\n"
            f"        total += item['price'] * item['qty'] * (1 + rate)\n    return round(total, 2)\n\n\n")
    return "".join(parts)


def _vue(rng: random.Random, n: int) -> str:
    return ("<template>\n  <ul><li v-for=\"item in items\" :key=\"item.id\">{{ item.label }}</li></ul>\n</template>\n\n"
            "<script setup lang=\"ts\">\nimport { computed } from 'vue'\n"
            "const props = defineProps<{ items: { id: string; label: string }[] }>()\n"
            "const items = computed(() => props.items.filter((i) => i.label))\n</script>\n")


def _svelte(rng: random.Random, n: int) -> str:
    return ("<script lang=\"ts\">\n  export let items: { id: string; label: string }[] = []\n"
            "  $: count = items.length\n</script>\n\n<p>{count} items</p>\n")


def _astro(rng: random.Random, n: int) -> str:
    return ("---\nimport Layout from '../layouts/Layout.astro'\nconst title = 'Page " + str(n) + "'\n---\n"
            "<Layout title={title}><h1>{title}</h1></Layout>\n")


# Files that touch a database client (about 4 % of code files).
def _db_route(rng: random.Random, n: int) -> str:
    if rng.random() < 0.3:
        return ("import { PrismaClient } from '@prisma/client'\n\nexport async function GET() {\n"
                "  const prisma = new PrismaClient()\n  const rows = await prisma.user.findMany()\n"
                "  return Response.json(rows)\n}\n")
    return ("import { prisma } from '@/lib/prisma'\n\nexport async function POST(req: Request) {\n"
            "  const body = await req.json()\n  const order = await prisma.$transaction(async (tx) => {\n"
            "    const o = await tx.order.create({ data: body })\n"
            "    await fetch('https://hooks.example.com/order', { method: 'POST' })\n    return o\n  })\n"
            "  return Response.json(order)\n}\n")


def _db_py(rng: random.Random, n: int) -> str:
    return ("from fastapi import APIRouter\nfrom prisma import Prisma\n\nrouter = APIRouter()\n\n\n"
            "@router.get('/items')\nasync def list_items():\n    async with Prisma() as db:\n"
            "        return await db.item.find_many()\n")


SCHEMA = """datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

generator client {
  provider = "prisma-client-js"
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
}
"""


def generate_legacy(root: Path, files: int = 5000, seed: int = 7) -> Path:
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    kinds = [("ts", 0.34), ("tsx", 0.22), ("js", 0.10), ("py", 0.22), ("vue", 0.04),
             ("svelte", 0.03), ("astro", 0.02), ("db", 0.03)]
    apps = max(1, files // 500)
    for app in range(apps):
        base = root / f"apps/app{app}"
        (base / "prisma").mkdir(parents=True, exist_ok=True)
        (base / "prisma/schema.prisma").write_text(SCHEMA)
        (base / ".env").write_text("DATABASE_URL=postgresql://app:secret@db.internal:5432/app?schema=public\n")
        (base / "package.json").write_text('{"name": "app%d", "dependencies": {"@prisma/client": "^6.0.0", "next": "15.0.0"}}\n' % app)
    made = apps * 3
    n = 0
    while made < files:
        n += 1
        pick = rng.random()
        acc = 0.0
        for kind, share in kinds:
            acc += share
            if pick <= acc:
                break
        app = root / f"apps/app{n % apps}"
        if kind == "db":
            if rng.random() < 0.7:
                path, text = app / f"app/api/r{n}/route.ts", _db_route(rng, n)
            else:
                path, text = app / f"server/routes_{n}.py", _db_py(rng, n)
        elif kind == "ts":
            path, text = app / f"lib/mod{n % 40}/util{n}.ts", _ts_util(rng, n)
        elif kind == "tsx":
            path, text = app / f"components/c{n % 30}/View{n}.tsx", _tsx_component(rng, n)
        elif kind == "js":
            path, text = app / f"scripts/legacy{n % 10}/m{n}.js", _js_module(rng, n)
        elif kind == "py":
            path, text = app / f"server/pkg{n % 20}/mod_{n}.py", _py_module(rng, n)
        elif kind == "vue":
            path, text = app / f"ui/V{n}.vue", _vue(rng, n)
        elif kind == "svelte":
            path, text = app / f"ui/S{n}.svelte", _svelte(rng, n)
        else:
            path, text = app / f"src/pages/p{n}.astro", _astro(rng, n)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        made += 1
    return root


# ---------------------------------------------------------------------------------------
# The calibrated shapes. Each figure is named after the measurement in CALIBRATION.md.

APP = {
    # shares of TS/JS files (medians of the eight monorepos)
    "touching_db": 0.23,        # imports the client (or the project's db module) or queries it
    "querying_of_touching": 0.55,  # of those, the share that run queries (the rest import types/enums)
    "url_in_other": 0.20,       # other files carrying a URL or *_URL env name (they pass the prefilter)
    "test": 0.11,
    "script": 0.01,
    "kinds": (("typescript", 0.67), ("tsx", 0.32), ("javascript", 0.01)),
    # lognormal sizes: (median bytes, p90 bytes)
    "bytes": (2500, 10300),     # generator input; the output lands on the measured 2,800 / 11,400
    "db_bytes": (4300, 16600),
    "max_bytes": 120_000,
    # queries per querying file: (median, p90); transactions
    "queries": (3, 10.5),
    "with_transaction": 0.12,   # non-test querying files with a $transaction (0.10 of all)
    "client_in_function": 0.005,  # querying files that build their own PrismaClient (rare)
    # folders between the root and the file (medians of the histograms)
    "depth": ((2, 0.04), (3, 0.19), (4, 0.32), (5, 0.22), (6, 0.12), (7, 0.06), (8, 0.03), (9, 0.02)),
    "files_per_package": 180,
}

PY = {
    "importing": 0.67, "querying_of_importing": 0.70, "url_in_other": 0.45, "test": 0.60,
    "bytes": (1650, 7400), "max_bytes": 60_000, "queries": (3, 9), "with_transaction": 0.05,
    "depth": ((1, 0.15), (2, 0.45), (3, 0.25), (4, 0.12), (5, 0.03)),
}

MODELS = ("user", "team", "document", "envelope", "recipient", "organisation", "webhook",
          "subscription", "apiToken", "session", "template", "field", "auditLog", "passkey",
          "invoice", "project", "member", "workspace", "event", "job")
QUERY_CALLS = (("findUnique", 0.22), ("findFirst", 0.2), ("findMany", 0.2), ("update", 0.12),
               ("create", 0.1), ("count", 0.05), ("delete", 0.04), ("upsert", 0.03),
               ("updateMany", 0.02), ("deleteMany", 0.02))
FOLDERS = ("src", "lib", "server", "components", "features", "routes", "utils", "hooks",
           "services", "api", "ui", "settings", "billing", "documents", "teams", "auth",
           "webhooks", "admin", "dashboard", "jobs", "emails", "forms", "table", "dialogs")
APPS = ("web", "api", "worker", "docs", "admin", "marketing")
PACKAGES = ("lib", "ui", "trpc", "auth", "email", "api", "ee", "signing", "tailwind-config",
            "app-tests", "assets", "config", "emails", "jobs", "billing", "analytics", "i18n")


def _pick(rng: random.Random, weighted) -> str:
    x, acc = rng.random(), 0.0
    for value, share in weighted:
        acc += share
        if x <= acc:
            return value
    return weighted[-1][0]


def _lognormal(rng: random.Random, median: float, p90: float, low: int, high: int) -> int:
    import math

    sigma = math.log(p90 / median) / 1.2816
    return int(min(high, max(low, rng.lognormvariate(math.log(median), sigma))))


def _ident(rng: random.Random, prefix: str = "") -> str:
    a, b = rng.choice(WORDS), rng.choice(MODELS)
    return f"{prefix}{a}{b[0].upper()}{b[1:]}" if prefix else f"{a}{b[0].upper()}{b[1:]}"


def _cap(word: str) -> str:
    return word[0].upper() + word[1:]


def _where(rng: random.Random, model: str) -> str:
    fields = rng.sample(("id", "userId", "teamId", "status", "email", "deletedAt", "token"), rng.randint(1, 3))
    body = "".join(f"      {f}: {rng.choice(('options.' + f, 'null', 'input.' + f, f))},\n" for f in fields)
    return f"    where: {{\n{body}    }},\n"


def _query(rng: random.Random, client: str, indent: str = "  ") -> str:
    model, method = rng.choice(MODELS), _pick(rng, QUERY_CALLS)
    args = _where(rng, model)
    if method in ("create", "upsert", "update", "updateMany"):
        args += "    data: {\n      status: 'ACTIVE',\n      updatedAt: new Date(),\n    },\n"
    if method in ("findUnique", "findFirst", "findMany") and rng.random() < 0.5:
        args += f"    include: {{\n      {rng.choice(MODELS)}s: true,\n      {rng.choice(MODELS)}: {{ select: {{ id: true, name: true }} }},\n    }},\n"
    if method == "findMany" and rng.random() < 0.5:
        args += "    orderBy: { createdAt: 'desc' },\n    take: perPage,\n    skip: (page - 1) * perPage,\n"
    body = args.replace("\n    ", "\n" + indent + "  ")
    name = f"{model}{_cap(method)}"
    return f"{indent}const {name} = await {client}.{model}.{method}({{\n{indent}  {body.lstrip()}{indent}}});\n"


def _guard(rng: random.Random) -> str:
    return ("  if (!result) {\n    throw new AppError(AppErrorCode.NOT_FOUND, {\n"
            f"      message: '{_cap(rng.choice(MODELS))} not found',\n    }});\n  }}\n\n")


def _transaction(rng: random.Random, interactive: bool) -> str:
    if not interactive:
        return ("  const [total, rows] = await prisma.$transaction([\n"
                f"    prisma.{rng.choice(MODELS)}.count({{ where: {{ teamId }} }}),\n"
                f"    prisma.{rng.choice(MODELS)}.findMany({{ where: {{ teamId }}, take: 50 }}),\n  ]);\n\n")
    inner = "".join(_query(rng, "tx", "    ") for _ in range(rng.randint(1, 3)))
    slow = ("    await fetch(`${env.WEBHOOK_ENDPOINT}/notify`, { method: 'POST', body: JSON.stringify(input) });\n"
            if rng.random() < 0.1 else "")
    return (f"  const result = await prisma.$transaction(async (tx) => {{\n{inner}{slow}"
            f"    return {{ ok: true, at: Date.now() }};\n  }});\n\n")


def _ts_service(rng: random.Random, queries: int, transactions: int) -> str:
    name = _ident(rng, rng.choice(("get", "find", "update", "create", "delete", "sync")))
    opts = f"{_cap(name)}Options"
    body = "".join(_query(rng, "prisma") + ("\n" if rng.random() < 0.5 else _guard(rng)) for _ in range(queries))
    body += "".join(_transaction(rng, rng.random() < 0.75) for _ in range(transactions))
    return (f"export type {opts} = {{\n  userId: number;\n  teamId?: number;\n  page?: number;\n"
            f"  perPage?: number;\n}};\n\n"
            f"export const {name} = async ({{ userId, teamId, page = 1, perPage = 20 }}: {opts}) => {{\n"
            f"  const options = {{ userId, teamId }};\n{body}"
            f"  return {{ data: [], count: 0, currentPage: Math.max(page, 1), perPage }};\n}};\n\n")


def _ts_types(rng: random.Random) -> str:
    name = _cap(_ident(rng))
    fields = "".join(f"  /**\n   * The {rng.choice(MODELS)} this {name} belongs to, if any.\n   */\n"
                     f"  {rng.choice(MODELS)}{_cap(rng.choice(WORDS))}?: {rng.choice(('string', 'number', 'Date', 'boolean', 'string[]'))};\n"
                     for _ in range(rng.randint(3, 9)))
    if rng.random() < 0.5:
        return f"export interface {name} {{\n  id: number;\n{fields}}}\n\n"
    labels = "".join(f"  {rng.choice(WORDS).upper()}_{rng.choice(MODELS).upper()}: '{rng.choice(WORDS)} {rng.choice(MODELS)}',\n"
                     for _ in range(rng.randint(4, 12)))
    return (f"export type {name} = {{\n  id: number;\n{fields}}};\n\n"
            f"export const {name.upper()}_LABELS = {{\n{labels}}} as const;\n\n")


def _ts_small(rng: random.Random) -> str:
    name = _ident(rng)
    return rng.choice((
        f"export const {name.upper()} = '{rng.choice(WORDS)}-{rng.choice(MODELS)}';\n",
        f"export {{ {_cap(name)} }} from './{rng.choice(WORDS)}';\nexport * from './{rng.choice(MODELS)}';\n",
        f"export const {name} = (id: string) => `{rng.choice(MODELS)}:${{id}}`;\n",
        f"export type {_cap(name)} = {{\n  id: string;\n  status: Status;\n}};\n",
    ))


def _ts_helper(rng: random.Random) -> str:
    name = _ident(rng)
    style = rng.random()
    if style < 0.45:
        return _ts_types(rng)
    if style < 0.6:
        return (f"export function {name}(items: Array<{{ price: number; qty: number }}>, rate = {rng.random():.3f}): number {{\n"
                "  let sum = 0;\n  for (const item of items) {\n    if (item.qty <= 0) {\n      continue;\n    }\n"
                "    sum += item.price * item.qty * (1 + rate);\n  }\n\n  return Math.round(sum * 100) / 100;\n}\n\n")
    if style < 0.75:
        return (f"export const {name} = (value: string | null | undefined, fallback = '') => {{\n"
                "  if (!value) {\n    return fallback;\n  }\n\n"
                "  const parts = value.split(',');\n  const kept: string[] = [];\n\n"
                "  for (const part of parts) {\n    if (part.trim().length > 0) {\n      kept.push(part.trim());\n    }\n  }\n\n"
                "  return kept.join(', ');\n};\n\n")
    fields = "".join(f"  {rng.choice(MODELS)}Id: z.string().min(1).optional(),\n" for _ in range(rng.randint(2, 6)))
    return (f"export const Z{_cap(name)}Schema = z.object({{\n  id: z.number(),\n{fields}"
            f"  status: z.nativeEnum(Status).default(Status.ACTIVE),\n}});\n\n"
            f"export type T{_cap(name)}Schema = z.infer<typeof Z{_cap(name)}Schema>;\n\n")


def _tsx_block(rng: random.Random) -> str:
    name = _cap(_ident(rng))
    rows = "".join(f"          <TableCell className=\"px-{i} text-muted-foreground\">{{row.{rng.choice(MODELS)}}}</TableCell>\n"
                   for i in range(rng.randint(2, 6)))
    rows += "".join(f"          <div className=\"mt-{i} flex items-center justify-between text-sm\">\n"
                    f"            <span className=\"font-medium\"><Trans>{_cap(rng.choice(WORDS))} {rng.choice(MODELS)}</Trans></span>\n"
                    f"            <Badge variant=\"{rng.choice(('default', 'secondary', 'neutral'))}\">{{row.{rng.choice(MODELS)}}}</Badge>\n"
                    "          </div>\n" for i in range(rng.randint(2, 10)))
    return (f"export type {name}Props = {{\n  rows: Array<Record<string, string>>;\n  className?: string;\n}};\n\n"
            f"export const {name} = ({{ rows, className }}: {name}Props) => {{\n"
            "  const [open, setOpen] = useState(false);\n"
            "  const sorted = useMemo(() => sortByName(rows), [rows]);\n\n"
            "  return (\n    <div className={cn('flex flex-col gap-2', className)}>\n"
            "      <Button variant=\"outline\" onClick={() => setOpen((value) => !value)}>\n"
            "        <Trans>Toggle</Trans>\n      </Button>\n      <Table>\n"
            f"        {{sorted.map((row) => (\n        <TableRow key={{row.id}}>\n{rows}        </TableRow>\n        ))}}\n"
            "      </Table>\n    </div>\n  );\n};\n\n")


def _test_block(rng: random.Random, queries: int) -> str:
    setup = "".join(_query(rng, "prisma", "    ") for _ in range(queries))
    return (f"describe('{_ident(rng)}', () => {{\n  it('{rng.choice(('returns', 'rejects', 'updates'))} the {rng.choice(MODELS)}', async () => {{\n"
            f"{setup}    const value = {_ident(rng)}([{{ price: 2, qty: 3 }}]);\n"
            "    expect(value).toBeGreaterThan(0);\n  });\n});\n\n")


def _app_ts_file(rng: random.Random, kind: str, role: str | None, db: str | None, url: bool) -> str:
    """One TS/JS file. db: None, "types" (imports the client module only) or "query"."""
    target = _lognormal(rng, *(APP["db_bytes"] if db else APP["bytes"]), 150, APP["max_bytes"])
    head = []
    small = target < 900
    if kind == "tsx":
        head.append("import { useMemo, useState } from 'react';\n\nimport { Trans } from '@lingui/react/macro';\n"
                    "import { Button } from '@repo/ui/primitives/button';\n"
                    "import { Table, TableCell, TableRow } from '@repo/ui/primitives/table';\n"
                    "import { cn } from '@repo/ui/lib/utils';\n")
    if db == "query":
        head.append("import { prisma } from '@repo/prisma';\n")
    if db:
        head.append(f"import type {{ {_cap(rng.choice(MODELS))}, Prisma }} from '@prisma/client';\n"
                    if rng.random() < 0.5 else "import { Status, Role } from '@repo/prisma/client';\n")
    else:
        head.append("import { Status } from '../types/status';\n")
    if not small:
        head.append("import { z } from 'zod';\n\nimport { AppError, AppErrorCode } from '../errors/app-error';\n"
                    f"import {{ {_ident(rng)} }} from './{rng.choice(WORDS)}-{rng.choice(MODELS)}';\n\n")
    if url:
        head.append(rng.choice((
            "const WEBAPP_URL = process.env.NEXT_PUBLIC_WEBAPP_URL ?? 'http://localhost:3000';\n\n",
            "export const DOCS_LINK = 'https://docs.example.com/developers/public-api';\n\n",
            "const endpoint = new URL('/api/v1/health', process.env.PUBLIC_API_URL);\n\n")))
    if kind == "javascript":
        head = ["'use strict';\n\n", "const path = require('path');\n\n"]
        if db == "query":
            head.append("const { prisma } = require('@repo/prisma');\n\n")
    parts = ["".join(head)]
    queries = transactions = 0
    if db == "query":
        queries = _lognormal(rng, *APP["queries"], 1, 60)
        transactions = rng.randint(1, 2) if rng.random() < APP["with_transaction"] else 0
        if rng.random() < APP["client_in_function"]:
            parts.append("export async function handler() {\n  const client = new PrismaClient();\n"
                         "  const rows = await client.user.findMany();\n  return Response.json(rows);\n}\n\n")
    size = len(parts[0])
    # A block that would overshoot the target by more than half its size is left out.
    while size < target or queries or transactions:
        if small and not queries and not transactions and size > 0 and len(parts) > 1:
            break
        if small and not queries and not transactions:
            block = _ts_small(rng)
        elif role == "test":
            n = min(queries, rng.randint(1, 2))
            block = _test_block(rng, n)
            queries, transactions = queries - n, 0
        elif queries or transactions:
            n = min(queries, _lognormal(rng, 1.5, 3, 1, 4))
            t = min(transactions, 1)
            block = _ts_service(rng, n, t)
            queries, transactions = queries - n, transactions - t
        elif kind == "tsx" and rng.random() < 0.5:
            block = _tsx_block(rng)
        else:
            block = _ts_helper(rng)
        if kind == "javascript":
            block = block.replace(": number", "").replace("export const", "const")
        pending = queries or transactions
        if not pending and len(parts) > 1 and size + len(block) // 2 > target:
            break
        parts.append(block)
        size += len(block)
    return "".join(parts)


CLIENT_MODULE = """import { PrismaClient } from '@prisma/client';

import { getDatabaseUrl } from './helper';

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

export const prisma =
  globalForPrisma.prisma ??
  new PrismaClient({
    datasourceUrl: getDatabaseUrl(),
  });

if (process.env.NODE_ENV !== 'production') {
  globalForPrisma.prisma = prisma;
}

export * from '@prisma/client';
"""
HELPER_MODULE = """export const getDatabaseUrl = () => {
  if (process.env.POSTGRES_PRISMA_URL) {
    return process.env.POSTGRES_PRISMA_URL;
  }

  return process.env.DATABASE_URL;
};
"""
APP_SCHEMA = SCHEMA.replace('url      = env("DATABASE_URL")',
                            'url       = env("DATABASE_URL")\n  directUrl = env("DIRECT_DATABASE_URL")')


def _app_path(rng: random.Random, pkg: str, role: str | None, kind: str, n: int) -> str:
    depth = int(_pick(rng, APP["depth"]))
    folders = [rng.choice(FOLDERS) for _ in range(max(0, depth - 2))]
    if role == "test":
        folders = (folders[:-1] + ["__tests__"]) if folders and rng.random() < 0.4 else folders
    elif role == "script":
        folders = ["scripts"] + folders[1:]
    ext = {"typescript": "ts", "tsx": "tsx", "javascript": "js"}[kind]
    stem = f"{rng.choice(WORDS)}-{rng.choice(MODELS).lower()}-{n}"
    if role == "test" and "__tests__" not in folders:
        stem += ".test"
    return "/".join([pkg, *folders, f"{stem}.{ext}"])


def generate_app(root: Path, files: int = 4000, seed: int = 7, touching_db: float | None = None) -> Path:
    rng = random.Random(seed)
    touching = APP["touching_db"] if touching_db is None else touching_db
    root.mkdir(parents=True, exist_ok=True)
    n_packages = max(2, files // APP["files_per_package"])
    packages = ["packages/prisma"] + [f"apps/{a}" for a in APPS[:max(1, n_packages // 4)]]
    packages += [f"packages/{p}" for p in PACKAGES[:max(0, n_packages - len(packages))]]
    packages += [f"packages/feature-{i}" for i in range(max(0, n_packages - len(packages)))]
    (root / "package.json").write_text('{"name": "synthetic-monorepo", "private": true, '
                                       '"workspaces": ["apps/*", "packages/*"]}\n')
    (root / ".env").write_text("DATABASE_URL=postgresql://app:secret@db.internal:5432/app?schema=public\n"
                               "DIRECT_DATABASE_URL=postgresql://app:secret@db.internal:5432/app\n"
                               "NEXT_PUBLIC_WEBAPP_URL=http://localhost:3000\n")
    for pkg in packages:
        name = pkg.split("/")[1]
        deps = '"@prisma/client": "^6.0.0", "next": "15.0.0"' if pkg.startswith("apps/") or name == "prisma" \
            else '"zod": "^3.23.0"'
        (root / pkg).mkdir(parents=True, exist_ok=True)
        (root / pkg / "package.json").write_text(f'{{"name": "@repo/{name}", "dependencies": {{{deps}}}}}\n')
    db = root / "packages/prisma"
    (db / "schema.prisma").write_text(APP_SCHEMA)
    (db / "index.ts").write_text(CLIENT_MODULE)
    (db / "helper.ts").write_text(HELPER_MODULE)
    made = 1 + len(packages) + 4  # package.json files, .env, schema, client module, helper
    n = 0
    while made < files:
        n += 1
        kind = _pick(rng, APP["kinds"])
        x = rng.random()
        role = "test" if x < APP["test"] else "script" if x < APP["test"] + APP["script"] else None
        db_use = None
        if rng.random() < touching:
            db_use = "query" if rng.random() < APP["querying_of_touching"] else "types"
        url = db_use is None and rng.random() < APP["url_in_other"]
        rel = _app_path(rng, rng.choice(packages), role, kind, n)
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_app_ts_file(rng, kind, role, db_use, url))
        made += 1
    return root


def _py_file(rng: random.Random, role: str | None, importing: bool, querying: bool, url: bool) -> str:
    target = _lognormal(rng, *PY["bytes"], 80, PY["max_bytes"])
    parts = ["from __future__ import annotations\n\nimport dataclasses\nimport json\nfrom typing import Iterable\n\n"]
    if importing:
        parts.append("from prisma import Prisma\nfrom prisma.models import User\n\n")
    if url:
        parts.append("DATABASE_URL = os.environ.get('DATABASE_URL', 'postgresql://localhost:5432/test')\n\n")
    parts.append("\n")
    queries = _lognormal(rng, *PY["queries"], 1, 40) if querying else 0
    transaction = querying and rng.random() < PY["with_transaction"]
    size = sum(map(len, parts))
    i = 0
    while size < target or queries or transaction:
        i += 1
        model = rng.choice(MODELS).lower()
        if transaction:
            block = (f"async def move_{model}_{i}(db: Prisma, item_id: str) -> None:\n"
                     "    async with db.tx() as tx:\n"
                     f"        row = await tx.{model}.find_unique(where={{'id': item_id}})\n"
                     f"        await tx.{model}.update(where={{'id': item_id}}, data={{'moved': True}})\n\n\n")
            transaction = False
        elif queries:
            n = min(queries, rng.randint(1, 3))
            calls = "".join(f"    rows_{k} = await db.{model}.{rng.choice(('find_many', 'find_first', 'create', 'update', 'count'))}"
                            f"(where={{'id': item_id, 'deleted': False}})\n" for k in range(n))
            prefix = "test_" if role == "test" else ""
            block = (f"async def {prefix}{model}_query_{i}(db: Prisma, item_id: str) -> list[User]:\n"
                     f"{calls}    return [r for r in rows_0 or [] if r]\n\n\n")
            queries -= n
        elif rng.random() < 0.6:
            name = _name(rng)
            fields = "".join(f"    {rng.choice(MODELS).lower()}_{rng.choice(WORDS)}: {rng.choice(('int', 'str', 'bool', 'list[str]'))}"
                             f" = {rng.choice(('0', repr(''), 'False', 'dataclasses.field(default_factory=list)'))}\n"
                             for _ in range(rng.randint(3, 10)))
            block = (f"@dataclasses.dataclass\nclass {name.capitalize()}{i}:\n    \"\"\"A {model} as the API returns it.\"\"\"\n\n"
                     f"    id: int\n    label: str\n{fields}\n\n")
        else:
            name = _name(rng)
            block = (f"def total_{name.lower()}_{i}(items: Iterable[dict], rate: float = {rng.random():.3f}) -> float:\n"
                     "    total = 0.0\n    for item in items:\n        if item.get('qty', 0) <= 0:\n            continue\n"
                     "        total += item['price'] * item['qty'] * (1 + rate)\n    return round(total, 2)\n\n\n")
        parts.append(block)
        size += len(block)
    return "import os\n" + "".join(parts)


def generate_python(root: Path, files: int = 400, seed: int = 7) -> Path:
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "schema.prisma").write_text(SCHEMA.replace('"prisma-client-js"', '"prisma-client-py"'))
    (root / ".env").write_text("DATABASE_URL=postgresql://app:secret@db.internal:5432/app\n")
    (root / "pyproject.toml").write_text('[project]\nname = "service"\ndependencies = ["prisma>=0.13"]\n')
    made, n = 3, 0
    while made < files:
        n += 1
        role = "test" if rng.random() < PY["test"] else None
        importing = rng.random() < PY["importing"]
        querying = importing and rng.random() < PY["querying_of_importing"]
        url = not importing and rng.random() < PY["url_in_other"]
        depth = int(_pick(rng, PY["depth"]))
        top = "tests" if role == "test" else "src"
        folders = [top] + [f"{rng.choice(WORDS)}s" for _ in range(depth - 1)]
        stem = f"{'test_' if role == 'test' else ''}{rng.choice(WORDS)}_{rng.choice(MODELS).lower()}_{n}"
        path = root.joinpath(*folders, f"{stem}.py")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_py_file(rng, role, importing, querying, url))
        made += 1
    return root


SHAPES = {"app": generate_app, "python": generate_python, "legacy": generate_legacy}


def generate(root: Path, files: int = 4000, seed: int = 7, shape: str = "app") -> Path:
    """Write a tree of about `files` files of the given shape under `root`."""
    return SHAPES[shape](root, files, seed)


def main(argv=None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--files", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--shape", choices=sorted(SHAPES), default="app")
    args = ap.parse_args(argv)
    generate(args.out, args.files, args.seed, args.shape)
    print(f"wrote a {args.shape} tree of {args.files} files to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
