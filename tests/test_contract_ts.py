"""The facts contract of the TS/JS front-end: for a handful of snippets, the facts (type,
position, scope, the fields rules read) asserted directly, so that a front-end change that
alters them fails here, before any rule test. Update an expectation only together with
the rules that read the changed field."""

import pytest

from contract_helpers import contract, facts_of


CASES = [
    ('app/api/users/route.ts', 'typescript', '''import { PrismaClient } from "@prisma/client";
import { prisma } from "@/lib/prisma";

export async function GET() {
  const db = new PrismaClient();
  return Response.json(await db.user.findMany());
}

export async function POST() {
  await prisma.$connect();
  try {
    return Response.json(await prisma.user.findMany());
  } finally {
    await prisma.$disconnect();
  }
}
''',
        [('Trait', 0, 0, None, 'import'),
         ('ClientConstruction',
          5,
          14,
          'request:Next.js app router:GET',
          'prisma',
          'PrismaClient',
          'db',
          False,
          False,
          False),
         ('ClientCall', 10, 9, 'request:Next.js app router:POST', 'connect', 'prisma', True, False, False),
         ('ClientCall', 14, 11, 'request:Next.js app router:POST', 'disconnect', 'prisma', True, False, True)]),
    ('app/api/checkout/route.ts', 'typescript', '''import { prisma } from "@/lib/prisma";

export async function POST(request: Request) {
  await prisma.$transaction(async (tx) => {
    await tx.order.update({ where: { id: "1" }, data: {} });
    await fetch("https://api.example.com");
    await prisma.payment.create({ data: {} });
    tx.auditLog.create({ data: {} });
  }, { timeout: 30000, maxWait: 2000 });
  return new Response(null);
}
''',
        [('Trait', 0, 0, None, 'import'),
         ('Transaction', 4, 9, 'request:Next.js app router:POST', 'prisma', 30000.0, 2000.0),
         ('TransactionCall', 5, 11, None, 'tx.order.update', True, False, True, True),
         ('TransactionCall', 6, 11, None, 'fetch', False, False, False, True),
         ('TransactionCall', 7, 11, None, 'prisma.payment.create', False, True, True, True),
         ('TransactionCall', 8, 5, None, 'tx.auditLog.create', True, False, True, False)]),
    ('lib/prisma.ts', 'typescript', '''import { PrismaClient } from "@prisma/client";

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };
export const prisma = globalForPrisma.prisma ?? new PrismaClient({ datasourceUrl: "postgresql://u@db.example.com:5432/app" });
if (process.env.NODE_ENV !== "production") globalForPrisma.prisma = prisma;
export const url = process.env.DATABASE_URL + "?connection_limit=1";
''',
        [('Trait', 0, 0, None, 'client-module-exports'),
         ('ClientConstruction', 4, 49, 'module::', 'prisma', 'PrismaClient', 'prisma', True, False, False),
         ('UrlLiteral', 4, 83, None, 'code', 'datasourceUrl', None),
         ('UrlConcatenation', 6, 20, None, '+', 'DATABASE_URL', '?connection_limit=1')]),
    ('lib/tenants.ts', 'typescript', '''import { PrismaClient } from "@prisma/client";

export async function count(urls: string[]) {
  for (const u of urls) {
    const db = new PrismaClient({ datasourceUrl: u });
    await db.user.count();
  }
}
''',
        [('Trait', 0, 0, None, 'client-module-exports'),
         ('ClientConstruction', 5, 16, 'function::', 'prisma', 'PrismaClient', 'db', False, True, False)]),
    ('src/prisma.service.ts', 'typescript', '''import { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import { Pool } from "pg";

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
export class PrismaService extends PrismaClient {
  constructor() { super({ adapter: new PrismaPg(pool) }); }
}
export class UrlPrismaService extends PrismaClient {
  constructor() { super({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL }) }); }
}
''',
        [('Trait', 0, 0, None, 'client-module-exports'),
         ('ClientConstruction', 5, 14, 'module::', 'pool', 'Pool', 'pool', False, False, False),
         ('NestPrismaService', 6, 14, None, 'PrismaService', True, False),
         ('ClientConstruction', 7, 19, 'startup:NestJS:PrismaService', 'prisma', 'PrismaService', 'PrismaService',
          True, False, False),
         ('ClientConstruction', 7, 36, 'function::', 'adapter', 'PrismaPg', None, False, False, False),
         ('NestPrismaService', 9, 14, None, 'UrlPrismaService', False, False),
         ('ClientConstruction', 10, 19, 'startup:NestJS:UrlPrismaService', 'prisma', 'UrlPrismaService',
          'UrlPrismaService', True, False, False),
         ('ClientConstruction', 10, 36, 'function::', 'adapter', 'PrismaPg', None, False, False, False)]),
    ('src/wrapped.service.ts', 'typescript', '''import { Injectable } from "@nestjs/common";
import { PrismaClient } from "@prisma/client";

@Injectable()
export class WrappedService {
  private client: PrismaClient;
  constructor() { this.client = new PrismaClient(); }
}
export class Formatter {
  format(x: string) { return x.trim(); }
}
''',
        [('Trait', 0, 0, None, 'client-module-exports'),
         ('NestPrismaService', 5, 14, None, 'WrappedService', False, True),
         ('ClientConstruction', 7, 33, 'function::', 'prisma', 'PrismaClient', None, False, False, False)]),
]


@pytest.mark.parametrize("path,kind,src,expected", CASES, ids=[c[0] for c in CASES])
def test_facts_of_the_snippet_are_the_contract(path, kind, src, expected):
    assert contract(facts_of(path, src, kind)) == expected


def test_the_contract_sees_every_kind_of_fact_the_snippets_make():
    kinds = {row[0] for *_, expected in CASES for row in expected}
    assert {"ClientConstruction", "ClientCall", "Transaction", "TransactionCall", "UrlLiteral",
            "UrlConcatenation", "NestPrismaService"} <= kinds
