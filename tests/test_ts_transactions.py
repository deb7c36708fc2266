"""PC201-PC205 on TypeScript/JavaScript, with same-file helpers and binding resolution."""

import pytest

from conftest import codes_at

CASES = {
    # PC201
    "pc201-nextjs-fetch-and-axios": ("app/api/orders/route.ts", """import { prisma } from '@/lib/prisma'
import axios from 'axios'
export async function POST() {
  await prisma.$transaction(async (tx) => {
    const order = await tx.order.create({ data: {} })
    await fetch('https://hooks.example.com', { method: 'POST' })
    await axios.post('https://api.example.com', order)
  })
}
""", [(6, "PC201"), (7, "PC201")]),
    "pc201-express-stripe-instance": ("src/app.js", """const Stripe = require('stripe')
const stripe = new Stripe(process.env.STRIPE_KEY)
const { prisma } = require('./db')
app.post('/pay', async (req, res) => {
  await prisma.$transaction(async (tx) => {
    await tx.payment.create({ data: {} })
    await stripe.charges.create({ amount: 100 })
  })
})
""", [(7, "PC201")]),
    "pc201-nestjs-helper-and-sleep": ("src/orders.service.ts", """import { setTimeout as sleep } from 'timers/promises'
@Injectable()
export class OrdersService {
  constructor(private prisma: PrismaService) {}
  async place() {
    return this.prisma.$transaction(async (tx) => {
      await tx.order.create({ data: {} })
      await notifyWarehouse()
      await sleep(1000)
    })
  }
}
async function notifyWarehouse() {
  await fetch('https://warehouse.example.com')
}
""", [(8, "PC201"), (9, "PC201")]),   # the helper's fetch: on the call in the body
    # The project's own code is judged by what it does (the linker's job), never by its
    # name: `sendWelcomeEmail` from `$lib/mail` may only queue a row.
    "pc201-project-import-not-by-name": ("src/routes/x/+server.ts", """import { db } from '$lib/db'
import { sendWelcomeEmail } from '$lib/mail'
export async function POST() {
  await db.$transaction(async (tx) => { await tx.user.create({ data: {} }); await sendWelcomeEmail() })
}
""", []),
    # hoppscotch-shaped: a helper handed the transaction client, a same-class method handed
    # it, an un-awaited in-memory publish, a synchronous type guard; all by "slow" names.
    "pc201-tx-helpers-and-guards-not-by-name": ("src/team/team.service.ts", """import { isWebhookAction, createAndAddApiKeysToDb, notifyOwner } from '@acme/shared'
@Injectable()
export class TeamService {
  constructor(private prisma: PrismaService, private pubsub: PubSubService) {}
  async move(id: string, action: unknown) {
    return this.prisma.$transaction(async (tx) => {
      await this.prisma.lockTeamRequestByCollections(tx, [id])
      const n = await this.getRequestsCountInCollection(id, tx)
      if (isWebhookAction(action)) { await tx.hook.create({ data: {} }) }
      this.pubsub.publish('team/moved', n)
      await fetchUserRow(tx, id)
      await createAndAddApiKeysToDb({ prisma: tx, id })
      await notifyOwner({ tx })
    })
  }
}
""", []),
    # tree-sitter reads `await tx.$queryRaw<T>(sql)` as a call of `(await tx.$queryRaw)<T>`:
    # the query is awaited all the same (civitai referral.service.ts).
    "pc204-awaited-query-with-type-arguments": ("src/referral.service.ts", """import { db } from './db'
export async function credit(sql: any) {
  await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: number }[]>(sql)
    const n = await tx.$executeRaw<number>(sql)
    tx.$executeRaw<number>(sql)
    if (rows.length > n) throw new Error('short')
  })
}
""", [(6, "PC204")]),
    # Unresolvable callees still fall back to their names; package SDKs stay slow whatever
    # is passed to them.
    "pc201-unresolved-by-name-and-sdk-with-tx": ("src/app.ts", """import { prisma } from './db'
import { S3Client, CopyObjectCommand } from '@aws-sdk/client-s3'
const s3 = new S3Client({})
export async function handler(event: any, deps: any) {
  await prisma.$transaction(async (tx) => {
    await deps.mailer.sendWelcomeMail(event.user)
    await s3.send(new CopyObjectCommand({ Bucket: 'b', Key: tx.id }))
  })
}
""", [(6, "PC201"), (7, "PC201")]),
    # PC202: a read replica's client inside the primary's transaction is outside the
    # transaction too (civitai's dbRead inside dbWrite.$transaction)
    "pc202-another-client": ("src/referral.service.ts", """import { dbRead, dbWrite } from '~/server/db/client'
export async function credit(id: number) {
  await dbWrite.$transaction(async (tx) => {
    const products = await dbRead.product.findMany({ where: { id } })
    await tx.credit.create({ data: { n: products.length } })
  })
}
""", [(4, "PC202")]),
    # PC202
    "pc202-nextjs": ("app/api/x/route.ts", """import { prisma } from '@/lib/prisma'
export async function POST() {
  await prisma.$transaction(async (tx) => {
    await tx.user.create({ data: {} })
    await prisma.audit.create({ data: {} })
  })
}
""", [(5, "PC202")]),
    "pc202-module-client-destructured": ("src/server.ts", """import { PrismaClient } from '@prisma/client'
const prisma = new PrismaClient()
const { user } = prisma
app.post('/x', async () => {
  await prisma.$transaction(async (tx) => { await tx.post.create({ data: {} }); await user.update({ where: {}, data: {} }) })
})
""", [(5, "PC202")]),
    "pc202-nestjs-this": ("src/users.service.ts", """@Injectable()
export class UsersService {
  constructor(private readonly prisma: PrismaService) {}
  async move() {
    await this.prisma.$transaction(async (tx) => {
      await tx.user.update({ where: { id: 1 }, data: {} })
      await this.prisma.log.create({ data: {} })
    })
  }
}
""", [(7, "PC202")]),
    "pc202-shadowing-is-fine": ("app/api/x/route.ts", """import { prisma } from '@/lib/prisma'
export async function POST() {
  await prisma.$transaction(async (prisma) => {
    await prisma.user.create({ data: {} })
    await prisma.audit.create({ data: {} })
  })
}
""", []),
    "pc202-tx-passed-to-helper-is-fine": ("app/api/x/route.ts", """import { prisma } from '@/lib/prisma'
async function audit(client) { await client.audit.create({ data: {} }) }
export async function POST() {
  await prisma.$transaction(async (tx) => { await audit(tx) })
}
""", []),
    # PC203
    "pc203-call-options": ("app/api/x/route.ts", """import { prisma } from '@/lib/prisma'
export async function POST() {
  await prisma.$transaction(async (tx) => { await tx.user.count() }, { timeout: 30_000, maxWait: 15 * 1000 })
}
""", [(3, "PC203"), (3, "PC203")]),
    "pc203-constructor": ("lib/prisma.ts", """import { PrismaClient } from '@prisma/client'
export const prisma = new PrismaClient({
  transactionOptions: { timeout: 60000, maxWait: 2000 },
})
""", [(3, "PC203")]),
    "pc203-nestjs-super": ("src/prisma.service.ts", """import { PrismaClient } from '@prisma/client'
@Injectable()
export class PrismaService extends PrismaClient {
  constructor() { super({ transactionOptions: { maxWait: 20000 } }) }
}
""", [(4, "PC203")]),
    # ghostfolio: `{ timeout: DEFAULT_..._TIMEOUT }`, a constant built with the `ms` package;
    # a short constant, a `let` reassigned elsewhere, a string and another `ms` stay silent
    "pc203-constants-and-ms": ("src/market-data.service.ts", """import ms from 'ms'
import { prisma } from './db'
const GATHER_TIMEOUT = ms('1 minute')
const WAIT = 20 * SECOND
const SECOND = 1000
const LONG = LONGER
const LONGER = 30_000
const SHORT = ms('5s')
const ms2 = (x: string) => 99999
export async function a() {
  await prisma.$transaction(async (tx) => { await tx.x.count() }, { timeout: GATHER_TIMEOUT, maxWait: WAIT })
  await prisma.$transaction(async (tx) => { await tx.x.count() }, { timeout: LONG })
  await prisma.$transaction(async (tx) => { await tx.x.count() }, { timeout: SHORT, maxWait: ms2('1h') })
  await prisma.$transaction(async (tx) => { await tx.x.count() }, { timeout: '1 minute' })
}
export async function b(timeout: number) {
  await prisma.$transaction(async (tx) => { await tx.x.count() }, { timeout: timeout })
}
""", [(11, "PC203"), (11, "PC203"), (12, "PC203")]),
    "pc203-short-is-fine": ("app/api/x/route.ts", """import { prisma } from '@/lib/prisma'
export async function POST() {
  await prisma.$transaction(async (tx) => { await tx.user.count() }, { timeout: 5000 })
}
""", []),
    # PC204
    "pc204-nextjs": ("app/api/x/route.ts", """import { prisma } from '@/lib/prisma'
export async function POST() {
  await prisma.$transaction(async (tx) => {
    tx.user.create({ data: {} })
    await tx.post.create({ data: {} })
  })
}
""", [(4, "PC204")]),
    "pc204-express-foreach": ("src/app.ts", """import { prisma } from './db'
app.post('/x', async (req, res) => {
  await prisma.$transaction(async (tx) => {
    req.body.items.forEach((item) => { tx.item.create({ data: item }) })
  })
})
""", [(4, "PC204")]),
    "pc204-script": ("prisma/seed.ts", """import { PrismaClient } from '@prisma/client'
const prisma = new PrismaClient()
async function main() {
  await prisma.$transaction(async (tx) => {
    tx.user.deleteMany()
    await tx.user.create({ data: {} })
  })
}
main().finally(() => prisma.$disconnect())
""", [(5, "PC204")]),
    "pc204-handled-forms-are-fine": ("app/api/x/route.ts", """import { prisma } from '@/lib/prisma'
export async function POST() {
  await prisma.$transaction(async (tx) => {
    const a = tx.user.create({ data: {} })
    await Promise.all([a, tx.post.create({ data: {} })])
    await Promise.all(ids.map((id) => tx.tag.delete({ where: { id } })))
    return tx.user.count()
  })
  await prisma.$transaction((tx) => tx.user.findMany())
}
""", []),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_transaction_rules(check, case):
    path, src, want = CASES[case]
    found = check({path: src}, select=["PC2"])
    assert codes_at(found) == sorted((path, line, code) for line, code in want)


def test_pc201_in_helper_reports_the_call_chain(check):
    path, src, _ = CASES["pc201-nestjs-helper-and-sleep"]
    # on the call in the body that holds the connection (architecture.md), naming the
    # fetch the helper makes
    found = [f for f in check({path: src}, select=["PC201"]) if f.line == 8]
    assert found and "reaches `fetch`" in found[0].message


PC205 = {
    "nextjs": ("app/api/x/route.ts", """import { db } from '@/server/db'
export async function POST(req: Request) {
  const { ids } = await req.json()
  return Response.json(await Promise.all(ids.map((id) => db.user.findUnique({ where: { id } }))))
}
""", [(4, "PC205")]),
    "express": ("src/app.js", """import prisma from './prisma'
app.get('/x', async (req, res) => {
  res.json(await Promise.all(req.query.ids.map(async (id) => prisma.user.findFirst({ where: { id } }))))
})
""", [(3, "PC205")]),
    "trpc": ("src/router.ts", """import { prisma } from './db'
export const r = router({ many: publicProcedure.query(({ input }) => Promise.all(input.map((id) => prisma.post.findUnique({ where: { id } })))) })
""", [(2, "PC205")]),
    "script-is-fine": ("scripts/backfill.ts", """import { prisma } from '../src/db'
await Promise.all(ids.map((id) => prisma.user.findUnique({ where: { id } })))
""", []),
}


@pytest.mark.parametrize("case", sorted(PC205))
def test_pc205_opt_in(check, case):
    path, src, want = PC205[case]
    assert codes_at(check({path: src}, select=["PC205"])) == sorted((path, l, c) for l, c in want)
    assert codes_at(check({path: src})) == [] or "PC205" not in {f.code for f in check({path: src})}


def test_pc202_says_which_client_and_what_it_costs(check):
    # Another client: outside the transaction, but its own pool (no pool deadlock claim).
    path, src, _ = CASES["pc202-another-client"]
    (other,) = check({path: src}, select=["PC202"])
    assert "another client inside `dbWrite`'s interactive transaction" in other.message
    assert "deadlock" not in other.message and other.severity == "W"
    # The transaction's own receiver: a second connection from the same pool.
    path, src, _ = CASES["pc202-nextjs"]
    same = check({path: src}, select=["PC202"])[0]
    assert "uses the outer client" in same.message and "deadlock the pool" in same.message


def test_pc202_names_a_same_file_client_as_written(check):
    # `const prisma = new PrismaClient()` in the same file: the finding says
    # `prisma.order.findMany`, not the package the client class came from; a package's
    # other objects keep the package name (`new Stripe()` is judged as `stripe...`)
    src = """import { PrismaClient } from '@prisma/client'
import Stripe from 'stripe'
const prisma = new PrismaClient()
const billing = new Stripe('k')
export async function POST() {
  await prisma.$transaction(async (tx) => {
    await tx.order.create({ data: {} })
    await prisma.order.findMany()
    await billing.refunds.create({ charge: 'c' })
  })
  return new Response('ok')
}
"""
    found = {f.code: f.message for f in check({"app/api/orders/route.ts": src})}
    assert found["PC202"].startswith("`prisma.order.findMany` uses the outer client")
    assert found["PC201"].startswith("`stripe.refunds.create` inside an interactive transaction")


@pytest.mark.parametrize("text, expected", [
    ("1 minute", 60_000), ("10s", 10_000), ("2.5 hrs", 9_000_000), ("100", 100), ("1d", 86_400_000),
    ("5 ms", 5), ("1.5m", 90_000), ("2 Weeks", 1_209_600_000), ("abc", None), ("1 fortnight", None), ("", None),
])
def test_ms_strings_read_as_the_ms_package_reads_them(text, expected):
    from poolcheck.frontends.typescript.syntax import ms_string

    assert ms_string(text) == expected
