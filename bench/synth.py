"""Generate a deterministic synthetic monorepo for the benchmark.

About 4 % of the code files touch a database client, as in real repositories; the rest
are ordinary components, utilities, services and tests of realistic size. The same seed
and size give byte-identical trees.
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


def generate(root: Path, files: int = 5000, seed: int = 7) -> Path:
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
