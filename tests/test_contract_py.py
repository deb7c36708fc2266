"""The facts contract of the Python front-end: for a handful of snippets, the facts (type,
position, scope, the fields rules read) asserted directly, so that a front-end change that
alters them fails here, before any rule test. Update an expectation only together with
the rules that read the changed field."""

import pytest

from contract_helpers import contract, facts_of


CASES = [
    ('app/routes.py', 'python', '''from fastapi import APIRouter
from prisma import Prisma

from app.db import db

router = APIRouter()


@router.get("/users")
async def list_users():
    client = Prisma()
    await client.connect()
    return await client.user.find_many()


@router.get("/orders")
async def orders():
    if not db.is_connected():
        await db.connect()
    try:
        return await db.order.find_many()
    finally:
        await db.disconnect()
''',
        [('ClientConstruction',
          11,
          14,
          'request:FastAPI:list_users',
          'prisma',
          'Prisma',
          'client',
          False,
          False,
          False),
         ('ClientCall', 12, 5, 'request:FastAPI:list_users', 'connect', 'client', False, False, False),
         ('ClientCall', 19, 9, 'request:FastAPI:orders', 'connect', 'db', True, True, False),
         ('ClientCall', 23, 9, 'request:FastAPI:orders', 'disconnect', 'db', True, False, True)]),
    ('app/ship.py', 'python', '''from datetime import timedelta

import requests
from fastapi import APIRouter

from app.db import db

router = APIRouter()


@router.post("/ship")
async def ship(order_id: str):
    async with db.tx(timeout=timedelta(seconds=30)) as tx:
        await tx.order.update(where={"id": order_id}, data={})
        requests.post("https://carrier.example.com", timeout=20)
        await db.user.update(where={"id": "1"}, data={})
''',
        [('Transaction', 13, 16, 'request:FastAPI:ship', 'db', 30000.0, None),
         ('TransactionCall', 14, 9, None, 'tx.order.update', True, False, True, None),
         ('TransactionCall', 15, 9, None, 'requests.post', False, False, False, None),
         ('TransactionCall', 16, 9, None, 'db.user.update', False, True, True, None)]),
    ('app/db.py', 'python', '''import os

from prisma import Prisma

DATABASE_URL = f"{os.environ['DATABASE_URL']}?connection_limit=5"
db = Prisma(datasource={"url": "postgresql://u@db.example.com:5432/app"})
''',
        [('UrlConcatenation', 5, 16, None, 'f-string', 'DATABASE_URL', '?connection_limit=5'),
         ('ClientConstruction', 6, 6, 'module::', 'prisma', 'Prisma', 'db', False, False, False),
         ('UrlLiteral', 6, 32, None, 'code', 'datasource.url', None)]),
    ('app/tenants.py', 'python', '''from prisma import Prisma


async def count(urls: list[str]) -> None:
    for url in urls:
        async with Prisma(datasource={"url": url}) as client:
            await client.user.count()
''',
        [('ClientConstruction', 6, 20, 'function::count', 'prisma', 'Prisma', 'client', False, True, True)]),
    ('tools/maintenance.py', 'python', '''import asyncio

from prisma import Prisma

prisma = Prisma()


async def main():
    await prisma.connect()
    await prisma.message.delete_many(where={"user_id": "u1"})
    await prisma.disconnect()


if __name__ == "__main__":
    asyncio.run(main())
''',
        [('Trait', 0, 0, None, 'standalone-script'),
         ('ClientConstruction', 5, 10, 'module::', 'prisma', 'Prisma', 'prisma', False, False, False),
         ('ClientCall', 9, 5, 'script::main', 'connect', 'prisma', True, False, False),
         ('ClientCall', 11, 5, 'script::main', 'disconnect', 'prisma', True, False, False)]),
]


@pytest.mark.parametrize("path,kind,src,expected", CASES, ids=[c[0] for c in CASES])
def test_facts_of_the_snippet_are_the_contract(path, kind, src, expected):
    assert contract(facts_of(path, src, kind)) == expected


def test_the_contract_sees_every_kind_of_fact_the_snippets_make():
    kinds = {row[0] for *_, expected in CASES for row in expected}
    assert {"ClientConstruction", "ClientCall", "Transaction", "TransactionCall", "UrlLiteral",
            "UrlConcatenation", "Trait"} <= kinds
