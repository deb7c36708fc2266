"""The facts contract rules rely on instead of a file's language: each front-end stamps the
client API on what it emits, and every API has its row of per-library data."""

from __future__ import annotations

from pathlib import Path

from poolcheck.config import load_settings
from poolcheck.core.sources import Source
from poolcheck.facts import ClientApi, ClientCall, ClientConstruction, Transaction, UrlLiteral
from poolcheck.frontends import analyse
from poolcheck.rules import implemented_codes
from poolcheck.vocabulary.clients import CLIENT_APIS


def facts_of(path: str, kind: str, src: str):
    return analyse(Source.from_bytes(Path(path), kind, src.encode()), load_settings(None, implemented_codes()))


def _apis(facts) -> set:
    return {f.api for kind in (ClientConstruction, ClientCall, Transaction) for f in facts.of(kind)}


def test_every_client_api_has_its_row_of_data():
    assert set(CLIENT_APIS) == {api.value for api in ClientApi}
    assert CLIENT_APIS[ClientApi.JS].written("disconnect") == "$disconnect()"
    assert CLIENT_APIS[ClientApi.PY].written("connect") == "connect()"


def test_the_typescript_front_end_stamps_prisma_client_js():
    facts = facts_of("app/api/a/route.ts", "typescript", """import { PrismaClient } from '@prisma/client'
import { Pool } from 'pg'
import { PrismaPg } from '@prisma/adapter-pg'
const pool = new Pool({ connectionString: process.env.DATABASE_URL })
export const prisma = new PrismaClient({ adapter: new PrismaPg(pool) })
export async function GET() {
  await prisma.$connect()
  await prisma.$transaction(async (tx) => tx.user.findMany(), { maxWait: 5000 })
}
""")
    assert len(list(facts.of(ClientConstruction))) == 3
    assert len(list(facts.of(ClientCall))) == 1 and len(list(facts.of(Transaction))) == 1
    assert _apis(facts) == {ClientApi.JS}


def test_the_python_front_end_stamps_prisma_client_py():
    facts = facts_of("app/main.py", "python", """from fastapi import FastAPI
from prisma import Prisma
app = FastAPI()
db = Prisma()

@app.get("/")
async def index():
    await db.connect()
    async with db.tx(max_wait=5000) as tx:
        await tx.user.find_many()
""")
    assert len(list(facts.of(ClientConstruction))) == 1
    assert len(list(facts.of(ClientCall))) == 1 and len(list(facts.of(Transaction))) == 1
    assert _apis(facts) == {ClientApi.PY}


def test_the_schema_front_end_gives_rules_a_typed_schema_and_each_url_its_provider():
    facts = facts_of("prisma/schema.prisma", "prisma", """datasource db {
  provider  = "sqlserver"
  url       = "sqlserver://h:1433;database=d;poolTimeout=0"
  directUrl = env("DIRECT_URL")
}
""")
    assert facts.schema is not None and facts.schema.datasource.provider == "sqlserver"
    assert [(u.role, u.env_var) for u in facts.schema.datasource.urls] == [("url", None), ("directUrl", "DIRECT_URL")]
    (lit,) = facts.of(UrlLiteral)
    assert (lit.origin, lit.provider) == ("schema", "sqlserver")


def test_code_and_env_files_have_no_schema():
    assert facts_of(".env", "dotenv", "DATABASE_URL=postgresql://h/db\n").schema is None
    assert facts_of("lib/db.ts", "typescript", "export const a = 1\n").schema is None


PY_TX = """from prisma import Prisma
db = Prisma()

async def main():
    async with db.tx() as tx:
        tx.user.create(data={})
"""


def test_python_transaction_calls_say_handled_is_unknown_and_pc204_stays_quiet(check):
    from poolcheck.facts import TransactionCall

    (call,) = [c for c in facts_of("app/jobs.py", "python", PY_TX).of(TransactionCall) if c.is_query]
    assert call.receiver_is_tx and call.handled is None
    assert [f.code for f in check({"app/jobs.py": PY_TX}, select=["PC204"])] == []


def test_typescript_transaction_calls_say_whether_they_are_handled(check):
    from poolcheck.facts import TransactionCall

    src = ("import { PrismaClient } from '@prisma/client'\nconst db = new PrismaClient()\n"
           "await db.$transaction(async (tx) => {\n  await tx.a.create()\n  tx.b.create()\n})\n")
    calls = sorted((c.span.line, c.handled) for c in facts_of("lib/x.ts", "typescript", src).of(TransactionCall)
                   if c.is_query)
    assert calls == [(4, True), (5, False)]
    assert [(f.line, f.code) for f in check({"lib/x.ts": src}, select=["PC204"])] == [(5, "PC204")]
