"""The facts contract rules rely on instead of a file's language: each front-end stamps the
client API on what it emits, and every API has its row of per-library data."""

from __future__ import annotations

from pathlib import Path

from poolcheck.config import load_settings
from poolcheck.core.sources import Source
from poolcheck.facts import ClientApi, ClientCall, ClientConstruction, Transaction
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
