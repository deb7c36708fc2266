"""Look-alikes found by running poolcheck over real Prisma projects; each must stay silent."""

from conftest import codes_at


def test_global_cache_written_in_the_else_of_production_is_the_correct_pattern(check):
    findings = check({
        "package.json": '{"dependencies": {"@remix-run/node": "2", "@prisma/client": "6"}}',
        "app/db.server.ts": """
            import { PrismaClient } from '@prisma/client'
            let db: PrismaClient
            declare global { var __db: PrismaClient | undefined }
            if (process.env.NODE_ENV === 'production') {
              db = new PrismaClient()
            } else {
              if (!global.__db) {
                global.__db = new PrismaClient()
              }
              db = global.__db
            }
            export { db }
            """})
    assert codes_at(findings) == []


def test_global_cache_written_only_in_production_is_still_flagged(check):
    findings = check({
        "package.json": '{"dependencies": {"next": "15", "@prisma/client": "6"}}',
        "lib/db.ts": """
            import { PrismaClient } from '@prisma/client'
            const g = globalThis as unknown as { prisma?: PrismaClient }
            export const prisma = g.prisma ?? new PrismaClient()
            if (process.env.NODE_ENV !== 'production') {
              console.log('dev')
            } else {
              g.prisma = prisma
            }
            """})
    assert codes_at(findings) == [("lib/db.ts", 7, "PC102")]


def test_accelerate_client_leaks_no_pool_on_reload(check):
    findings = check({
        "package.json": '{"dependencies": {"@sveltejs/kit": "2", "@prisma/client": "6"}}',
        "src/lib/db.ts": """
            import { PrismaClient } from '@prisma/client'
            import { withAccelerate } from '@prisma/extension-accelerate'
            export const db = new PrismaClient().$extends(withAccelerate())
            """,
        "src/lib/other.ts": """
            import { PrismaClient } from '@prisma/client'
            import { withAccelerate } from '@prisma/extension-accelerate'
            export const db2 = new PrismaClient().$extends(withAccelerate())
            """})
    assert codes_at(findings) == []


def test_separate_lambda_functions_may_each_construct_a_client(check):
    handler = """
        const { PrismaClient } = require('@prisma/client')
        const prisma = new PrismaClient()
        exports.handler = async () => ({ statusCode: 200, body: JSON.stringify(await prisma.item.count()) })
        """
    findings = check({
        "serverless.yml": """
            service: shop
            provider:
              name: aws
            functions:
              items:
                handler: functions/items.handler
              orders:
                handler: functions/orders.handler
            """,
        "package.json": '{"dependencies": {"@prisma/client": "6"}}',
        "functions/items.js": handler,
        "functions/orders.js": handler,
        "lib/extra.js": "const { PrismaClient } = require('@prisma/client')\nmodule.exports = new PrismaClient()\n",
        "lib/more.js": "const { PrismaClient } = require('@prisma/client')\nmodule.exports = new PrismaClient()\n",
    }, select=["PC103"])
    # The two function entry points are separate deployments; the two library modules
    # would share a process with whichever function imports them.
    assert codes_at(findings) == [("lib/more.js", 2, "PC103")]


def test_separate_netlify_functions_may_each_construct_a_client(check):
    # defi-wealth's netlify/functions/*.js: each file is deployed as its own function
    handler = """
        const { PrismaClient } = require('@prisma/client')
        const prisma = new PrismaClient()
        exports.handler = async () => ({ statusCode: 200, body: String(await prisma.item.count()) })
        """
    files = {
        "netlify.toml": '[build]\n  command = "npm run build"\n',
        "package.json": '{"dependencies": {"@prisma/client": "6"}}',
        "netlify/functions/items.js": handler,
        "netlify/functions/orders.js": handler,
        "netlify/functions/wallet/wallet.js": handler,
        "netlify/functions/lib/extra.js": handler,   # a helper folder, not a function entry
        "src/lib/db.js": "const { PrismaClient } = require('@prisma/client')\nmodule.exports = new PrismaClient()\n",
    }
    # the helper and src/lib/db.js are two clients of one function: one finding between them
    assert codes_at(check(files, select=["PC103"])) == [("netlify/functions/lib/extra.js", 2, "PC103")]
    # a functions directory set in netlify.toml
    files = {"other/" + k.replace("netlify/functions/", "api/fns/"): v for k, v in files.items()}
    files["other/netlify.toml"] = '[functions]\n  directory = "api/fns"\n'
    found = [f for f in codes_at(check(files, select=["PC103"])) if f[0].startswith("other/")]
    assert found == [("other/api/fns/lib/extra.js", 2, "PC103")]
    # the functions folder is a package of its own (defi-wealth): netlify.toml is above it
    files = {"third/netlify.toml": '[build]\n  command = "npm run build"\n',
             "third/package.json": '{"dependencies": {"next": "15"}}',
             "third/netlify/functions/package.json": '{"dependencies": {"@prisma/client": "6"}}',
             "third/netlify/functions/items.js": handler, "third/netlify/functions/orders.js": handler}
    assert [f for f in codes_at(check(files, select=["PC103"])) if f[0].startswith("third/")] == []


NEST_SERVICE = """
import { Injectable, OnModuleInit } from '@nestjs/common'
import { PrismaClient } from '@prisma/client'

@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit {
  async onModuleInit() {
    await this.$connect()
  }
}
"""


def test_nestjs_prisma_service_in_one_global_module_is_fine(check):
    findings = check({
        "package.json": '{"dependencies": {"@nestjs/core": "10", "@prisma/client": "6"}}',
        "src/prisma.service.ts": NEST_SERVICE,
        "src/prisma.module.ts": """
            import { Global, Module } from '@nestjs/common'
            import { PrismaService } from './prisma.service'
            @Global()
            @Module({ providers: [PrismaService], exports: [PrismaService] })
            export class PrismaModule {}
            """,
        "src/users.module.ts": """
            import { Module } from '@nestjs/common'
            import { UsersService } from './users.service'
            @Module({ providers: [UsersService] })
            export class UsersModule {}
            """})
    assert codes_at(findings) == []


def test_nestjs_prisma_service_provided_twice_or_per_request_is_pc103(check):
    findings = check({
        "package.json": '{"dependencies": {"@nestjs/core": "10", "@prisma/client": "6"}}',
        "src/prisma.service.ts": NEST_SERVICE,
        "src/users.module.ts": """
            import { Module } from '@nestjs/common'
            import { PrismaService } from './prisma.service'
            @Module({ providers: [PrismaService] })
            export class UsersModule {}
            """,
        "src/orders.module.ts": """
            import { Module, Scope } from '@nestjs/common'
            import { PrismaService } from './prisma.service'
            @Module({ providers: [{ provide: PrismaService, useClass: PrismaService, scope: Scope.REQUEST }] })
            export class OrdersModule {}
            """}, select=["PC103"])
    assert codes_at(findings) == [("src/orders.module.ts", 3, "PC103"), ("src/users.module.ts", 3, "PC103")]


def test_transactions_in_tests_may_sleep_peek_with_the_outer_client_and_set_timeouts(check):
    findings = check({
        "tests/test_transactions.py": """
            import time
            from datetime import timedelta
            from prisma import Prisma

            def test_isolation(client: Prisma) -> None:
                with client.tx(timeout=timedelta(seconds=60)) as tx:
                    tx.user.create({'name': 'a'})
                    time.sleep(0.1)
                    assert client.user.count() == 0
            """,
        "app/__tests__/tx.test.ts": """
            import { prisma } from '../lib/db'
            test('isolation', async () => {
              await prisma.$transaction(async (tx) => {
                await tx.user.create({ data: {} })
                await new Promise((r) => setTimeout(r, 100))
                expect(await prisma.user.count()).toBe(0)
              }, { timeout: 60000 })
            })
            """}, select=["PC2"])
    assert codes_at(findings) == []


def test_template_placeholders_in_example_urls_are_not_parameters(check):
    findings = check({
        "package.json": '{"dependencies": {"prisma": "6"}}',
        ".env.example": 'DATABASE_URL="postgresql://<user>:<password>@<host>:26257/<db>?<options>&sslrootcert=<dir>"\n'
                        'OTHER_URL="postgresql://u@h:5432/db?connection_limit=<limit>&pool_timeout={{TIMEOUT}}&connection_limt=3"\n',
    }, select=["PC305", "PC306"])
    # The misspelling next to the placeholder is still reported.
    assert codes_at(findings) == [(".env.example", 2, "PC305")]


def test_one_off_scripts_may_hold_a_transaction_long_but_not_misuse_it(check):
    findings = check({"scripts/purge-program.ts": """
        import { prisma } from '../lib/prisma'
        async function main() {
          await prisma.$transaction(async (tx) => {
            await tx.link.deleteMany({ where: { programId: 'p' } })
            await fetch('https://hooks.example.com/purged')
            await prisma.program.delete({ where: { id: 'p' } })
          }, { timeout: 20000 })
        }
        main()
        """}, select=["PC2"])
    # The slow call and the long timeout starve no server pool; the outer client is a bug anywhere.
    assert codes_at(findings) == [("scripts/purge-program.ts", 6, "PC202")]


FASTAPI_SHAPES = {
    "app/db.py": """
        from contextlib import AsyncExitStack, asynccontextmanager
        from fastapi import FastAPI
        from prisma import Prisma

        db = Prisma()

        async def open_db() -> None:
            if not db.is_connected():
                await db.connect()

        async def close_db() -> None:
            if db.is_connected():
                await db.disconnect()

        @asynccontextmanager
        async def lifespan(app: FastAPI):
            await open_db()
            try:
                yield
            finally:
                await close_db()

        async def get_db() -> Prisma:
            return db
        """,
    "app/state.py": """
        from contextlib import AsyncExitStack, asynccontextmanager
        from fastapi import FastAPI, Request
        from prisma import Prisma

        @asynccontextmanager
        async def lifespan(app: FastAPI):
            async with AsyncExitStack() as stack:
                client = Prisma()
                await client.connect()
                stack.push_async_callback(client.disconnect)
                app.state.prisma = client
                yield

        app = FastAPI(lifespan=lifespan)

        @app.get("/count")
        async def count(request: Request):
            return await request.app.state.prisma.user.count()
        """,
    "app/events.py": """
        from fastapi import Depends, FastAPI
        from prisma import Prisma
        from app.db import db as prisma, get_db

        app = FastAPI()

        @app.on_event("startup")
        async def startup():
            await prisma.connect()

        @app.on_event("shutdown")
        async def shutdown():
            await prisma.disconnect()

        @app.get("/users")
        async def users(db: Prisma = Depends(get_db)):
            return await db.user.find_many()
        """,
}


def test_common_correct_fastapi_lifecycles_stay_silent(check):
    assert codes_at(check(FASTAPI_SHAPES)) == []
