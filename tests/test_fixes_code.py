"""Code fixes: PC102 (globalThis cache, TS and JS, ESM and CommonJS), PC204 (await), PC104
(remove a per-request disconnect, TS and Python). Each is applied, the result parsed by
tree-sitter and oxc (TS/JS) or CPython's `ast` (Python), analysed again (the finding is
gone, nothing new), fixed again (nothing changes), and compared byte for byte."""

from __future__ import annotations

import ast
import json

import pytest

from conftest import write_tree
from fix_helpers import findings, fix_text
from poolcheck.frontends import ts_syntax
from poolcheck.frontends.ts_model import parser

NEXT = {"package.json": json.dumps({"dependencies": {"next": "14.2.0", "@prisma/client": "5.22.0"},
                                    "scripts": {"dev": "next dev"}})}


def _valid_js(text: str, grammar: str) -> None:
    assert not parser(grammar).parse(text.encode()).root_node.has_error, text
    assert ts_syntax.oxc_verdict(text.encode(), grammar) == [], text


def _check(path, before: str, code: str, expected: str, grammar: str = "typescript", unsafe: bool = False):
    found = {d.code for d in findings(path, before)}
    assert code in found
    fixed = fix_text(path, before, unsafe)
    assert fixed == expected
    if grammar == "python":
        ast.parse(fixed)
    else:
        _valid_js(fixed, grammar)
    after = {d.code for d in findings(path, fixed)}
    assert code not in after and after <= found
    assert fix_text(path, fixed, unsafe) == fixed
    return fixed


DB_TS = """\
import { PrismaClient } from '@prisma/client'

// the shared client
export const prisma = new PrismaClient({ log: ['query'] })
"""
DB_TS_FIXED = """\
import { PrismaClient } from '@prisma/client'

// the shared client
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient }

export const prisma = globalForPrisma.prisma ?? new PrismaClient({ log: ['query'] })

if (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma
"""


def test_pc102_typescript_esm(tmp_path):
    write_tree(tmp_path, {**NEXT, "lib/db.ts": DB_TS})
    _check(tmp_path / "lib/db.ts", DB_TS, "PC102", DB_TS_FIXED)


def test_pc102_keeps_crlf_and_semicolons(tmp_path):
    text = 'import { PrismaClient } from "@prisma/client";\r\n\r\nconst db = new PrismaClient();\r\n\r\nexport default db;\r\n'
    write_tree(tmp_path, {**NEXT, "lib/db.ts": text.encode()})
    expected = ('import { PrismaClient } from "@prisma/client";\r\n\r\n'
                'const globalForPrisma = globalThis as unknown as { db?: PrismaClient };\r\n\r\n'
                'const db = globalForPrisma.db ?? new PrismaClient();\r\n\r\n'
                'if (process.env.NODE_ENV !== "production") globalForPrisma.db = db;\r\n\r\n'
                'export default db;\r\n')
    _check(tmp_path / "lib/db.ts", text, "PC102", expected)


def test_pc102_commonjs(tmp_path):
    text = "const { PrismaClient } = require('@prisma/client')\nconst prisma = new PrismaClient()\nmodule.exports = { prisma }\n"
    write_tree(tmp_path, {**NEXT, "lib/db.js": text})
    expected = ("const { PrismaClient } = require('@prisma/client')\n"
                "const globalForPrisma = globalThis\n\n"
                "const prisma = globalForPrisma.prisma ?? new PrismaClient()\n\n"
                "if (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma\n"
                "module.exports = { prisma }\n")
    _check(tmp_path / "lib/db.js", text, "PC102", expected, grammar="tsx")


def test_pc102_leaves_let_and_default_exports_alone(tmp_path):
    for text in ("import { PrismaClient } from '@prisma/client'\nlet prisma = new PrismaClient()\nexport { prisma }\n",
                 "import { PrismaClient } from '@prisma/client'\nexport default new PrismaClient()\n"):
        write_tree(tmp_path, {**NEXT, "lib/db.ts": text})
        found = findings(tmp_path / "lib/db.ts", text)
        assert [d.code for d in found] == ["PC102"]
        assert found[0].autofix is None


ROUTE = """\
import { prisma } from '@/lib/db'

export async function POST(req: Request) {
  try {
    await prisma.$transaction(async (tx) => {
      tx.user.create({ data: { name: 'a' } })
      const post = tx.post.create({ data: {} })
      await tx.audit.create({ data: {} })
      return post
    })
  } finally {
    await prisma.$disconnect()
  }
  return Response.json({})
}
"""


def test_pc204_awaits_a_statement_and_leaves_a_used_value_alone(tmp_path):
    write_tree(tmp_path, {**NEXT, "app/api/u/route.ts": ROUTE})
    path = tmp_path / "app/api/u/route.ts"
    pc204 = [d for d in findings(path, ROUTE) if d.code == "PC204"]
    assert pc204 and pc204[0].autofix is not None and pc204[0].autofix.is_safe
    fixed = fix_text(path, ROUTE)
    assert fixed == ROUTE.replace("      tx.user.create(", "      await tx.user.create(")
    _valid_js(fixed, "typescript")
    assert fix_text(path, fixed) == fixed


def test_pc104_removes_the_statement_only_with_unsafe_fixes(tmp_path):
    write_tree(tmp_path, {**NEXT, "app/api/u/route.ts": ROUTE})
    path = tmp_path / "app/api/u/route.ts"
    assert fix_text(path, ROUTE) == ROUTE.replace("      tx.user.create(", "      await tx.user.create(")
    expected = ROUTE.replace("      tx.user.create(", "      await tx.user.create(") \
        .replace("    await prisma.$disconnect()\n", "")
    _check(path, ROUTE, "PC104", expected, unsafe=True)


def test_pc104_keeps_an_if_body(tmp_path):
    text = ("import { prisma } from '@/lib/db'\n\nexport async function GET() {\n"
            "  if (process.env.CLOSE) await prisma.$disconnect()\n  return Response.json({})\n}\n")
    write_tree(tmp_path, {**NEXT, "app/api/u/route.ts": text})
    found = [d for d in findings(tmp_path / "app/api/u/route.ts", text) if d.code == "PC104"]
    assert found and found[0].autofix is None


MAIN_PY = """\
from fastapi import FastAPI
from prisma import Prisma

app = FastAPI()
db = Prisma()


@app.get("/users")
async def users():
    rows = await db.user.find_many()
    await db.disconnect()  # closes the pool
    return rows


@app.get("/other")
async def other():
    try:
        return await db.user.find_many()
    finally:
        await db.disconnect()
"""
MAIN_PY_FIXED = MAIN_PY.replace("    await db.disconnect()  # closes the pool\n", "") \
    .replace("    finally:\n        await db.disconnect()\n", "    finally:\n        pass\n")


def test_pc104_python(tmp_path):
    write_tree(tmp_path, {"requirements.txt": "fastapi\nprisma\n", "main.py": MAIN_PY})
    path = tmp_path / "main.py"
    assert fix_text(path, MAIN_PY) == MAIN_PY  # unsafe: not applied by --fix
    _check(path, MAIN_PY, "PC104", MAIN_PY_FIXED, grammar="python", unsafe=True)


def test_pc104_python_leaves_a_semicolon_line_alone(tmp_path):
    text = MAIN_PY.replace("    await db.disconnect()  # closes the pool\n", "    x = 1; await db.disconnect()\n")
    write_tree(tmp_path, {"requirements.txt": "fastapi\nprisma\n", "main.py": text})
    found = [d for d in findings(tmp_path / "main.py", text) if d.code == "PC104" and d.span.line == 11]
    assert found and found[0].autofix is None
