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
from poolcheck.frontends.typescript import errors as ts_syntax
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
    await prisma.$disconnect() // closes the pool
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
        .replace("    await prisma.$disconnect() // closes the pool\n", "")
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


# ---------------------------------------------------------------------------- PC311
import os
import shutil
import subprocess

from poolcheck.urlmodel import parse_url

ENV_URL = "postgresql://app:s3cr%40t-Xq7@db.prod.io:5432/app?schema=billing"
CONCAT_JS = """\
const { PrismaClient } = require('@prisma/client')

const a = process.env.DATABASE_URL + '?connection_limit=1&pool_timeout=20'
const b = `${process.env.DATABASE_URL}?pgbouncer=true`
const c = process.env.DATABASE_URL.concat("?sslmode=require")
module.exports = { a, b, c, prisma: new PrismaClient({ datasourceUrl: a }) }
"""


def test_pc311_typescript_rewrite_parses_and_keeps_the_rest(tmp_path):
    text = CONCAT_JS.replace("require('@prisma/client')", "require('@prisma/client') as any")
    write_tree(tmp_path, {"src/db.ts": text})
    path = tmp_path / "src/db.ts"
    assert [d.code for d in findings(path, text)].count("PC311") == 3
    assert fix_text(path, text) == text  # unsafe only
    fixed = _check(path, text, "PC311", fix_text(path, text, unsafe=True), unsafe=True)
    assert "new URL(process.env.DATABASE_URL!)" in fixed
    assert fixed.splitlines()[0] == text.splitlines()[0] and fixed.splitlines()[-1] == text.splitlines()[-1]


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_pc311_javascript_rewrite_builds_the_url_node_would(tmp_path):
    write_tree(tmp_path, {"src/db.js": CONCAT_JS})
    path = tmp_path / "src/db.js"
    fixed = _check(path, CONCAT_JS, "PC311", fix_text(path, CONCAT_JS, unsafe=True), grammar="tsx", unsafe=True)
    script = tmp_path / "run.js"
    body = fixed.replace("const { PrismaClient } = require('@prisma/client')", "class PrismaClient {}")
    script.write_text(body + "\nconsole.log(JSON.stringify([a, b, c]))\n")
    done = subprocess.run(["node", str(script)], capture_output=True, text=True, timeout=60,
                          env={"PATH": os.environ["PATH"], "DATABASE_URL": ENV_URL})
    assert done.returncode == 0, done.stderr
    a, b, c = (parse_url(u) for u in json.loads(done.stdout))
    for url in (a, b, c):  # the existing query is kept, and the password as it was
        assert url.get("schema") == "billing" and url.password == "s3cr@t-Xq7" and not url.issues
    assert (a.get("connection_limit"), a.get("pool_timeout"), b.pgbouncer, c.get("sslmode")) == \
        ("1", "20", True, "require")


CONCAT_PY = '''\
"""Settings."""
from __future__ import annotations

import os

url = os.environ["DATABASE_URL"] + "?connection_limit=1"
other = f"{os.getenv('DATABASE_URL')}?pgbouncer=true&pool_timeout=5"
'''


def test_pc311_python_rewrite_uses_urllib_parse(tmp_path, monkeypatch):
    write_tree(tmp_path, {"requirements.txt": "prisma\n", "app/settings.py": CONCAT_PY})
    path = tmp_path / "app/settings.py"
    assert [d.code for d in findings(path, CONCAT_PY)].count("PC311") == 2
    fixed = _check(path, CONCAT_PY, "PC311", fix_text(path, CONCAT_PY, unsafe=True), grammar="python",
                   unsafe=True)
    assert fixed.count("import urllib.parse") == 1
    assert fixed.startswith('"""Settings."""\nfrom __future__ import annotations\n\nimport urllib.parse\nimport os\n')
    monkeypatch.setenv("DATABASE_URL", ENV_URL)
    scope: dict = {}
    exec(compile(fixed, str(path), "exec"), scope)
    url, other = parse_url(scope["url"]), parse_url(scope["other"])
    assert url.get("schema") == "billing" and url.get("connection_limit") == "1"
    assert other.pgbouncer and other.get("pool_timeout") == "5" and other.get("schema") == "billing"
    assert url.password == other.password == "s3cr@t-Xq7"


# ---------------------------------------------------------------------------- PC103
SHARED = """\
import { PrismaClient } from '@prisma/client'

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient }

export const prisma = globalForPrisma.prisma ?? new PrismaClient()

if (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma
"""
USERS = "import { prisma } from '../lib/db'\n\nexport const users = () => prisma.user.findMany()\n"
POSTS = "import { prisma } from '../lib/db'\n\nexport const posts = () => prisma.post.findMany()\n"


def test_pc103_exported_extra_client_reexports_the_shared_one(tmp_path):
    extra = ("import { PrismaClient } from '@prisma/client'\nimport { log } from './log'\n\n"
             "export const db = new PrismaClient({ log: ['query'] })\n\nlog(db)\n")
    write_tree(tmp_path, {**NEXT, "lib/db.ts": SHARED, "services/users.ts": USERS, "services/posts.ts": POSTS,
                          "lib/other.ts": extra, "lib/log.ts": "export const log = (x: unknown) => x\n"})
    path = tmp_path / "lib/other.ts"
    assert fix_text(path, extra) == extra  # unsafe: --fix alone leaves it
    # `log(db)` still needs a local binding: imported, then exported under its name
    expected = "import { prisma as db } from './db'\nimport { log } from './log'\n\nexport { db }\n\nlog(db)\n"
    _check(path, extra, "PC103", expected, unsafe=True)


def test_pc103_unused_exported_client_is_reexported(tmp_path):
    extra = "import { PrismaClient } from '@prisma/client'\n\nexport const db = new PrismaClient()\n"
    write_tree(tmp_path, {**NEXT, "lib/db.ts": SHARED, "services/users.ts": USERS, "services/posts.ts": POSTS,
                          "lib/other.ts": extra})
    _check(tmp_path / "lib/other.ts", extra, "PC103", "export { prisma as db } from './db'\n", unsafe=True)


def test_pc103_local_client_imports_the_shared_one(tmp_path):
    extra = ("import { PrismaClient } from '@prisma/client';\n\n"
             "const client = new PrismaClient();\n\n"
             "export async function count() {\n  return client.user.count();\n}\n")
    write_tree(tmp_path, {**NEXT, "lib/db.ts": SHARED, "services/users.ts": USERS, "services/posts.ts": POSTS,
                          "jobs/count.ts": extra})
    path = tmp_path / "jobs/count.ts"
    expected = ("import { prisma as client } from '../lib/db';\n\n"
                "export async function count() {\n  return client.user.count();\n}\n")
    # the import replaces the declaration; the unused PrismaClient import goes
    fixed = _check(path, extra, "PC103", expected, unsafe=True)
    assert fixed.count("PrismaClient") == 0 and "new " not in fixed


def test_pc103_default_export_and_nodenext_specifiers(tmp_path):
    shared = "import { PrismaClient } from '@prisma/client'\nconst prisma = new PrismaClient()\nexport default prisma\n"
    importer = "import prisma from '../lib/db.js'\n\nexport const n = () => prisma.user.count()\n"
    extra = ("import { PrismaClient } from '@prisma/client'\nimport { n } from '../services/a.js'\n\n"
             "const db = new PrismaClient()\nexport const m = () => db.user.count() + n()\n")
    write_tree(tmp_path, {**NEXT, "lib/db.ts": shared, "services/a.ts": importer, "services/b.ts": importer,
                          "jobs/m.ts": extra})
    expected = ("import db from '../lib/db.js'\nimport { n } from '../services/a.js'\n\n"
                "export const m = () => db.user.count() + n()\n")
    _check(tmp_path / "jobs/m.ts", extra, "PC103", expected, unsafe=True)
