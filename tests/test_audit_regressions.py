"""Reductions of what real public projects showed (the audit): each test is a minimal
project of our own, shaped like the real code that exposed the defect."""

from __future__ import annotations

import pytest

from conftest import codes_at, write_tree
from poolcheck.config import Settings
from poolcheck.engine import run


def _pc101(tmp_path, files):
    write_tree(tmp_path, files)
    settings = Settings()
    settings.select = ["PC101"]
    return run([tmp_path], settings).diagnostics


def test_routes_defined_inside_a_setup_function_name_the_route_not_the_setup(tmp_path):
    # `def init_app(app)` runs once at start-up and defines the routes: the request
    # handler reaching the per-request dependency is the nested route, not `init_app`
    [d] = _pc101(tmp_path, {
        "pyproject.toml": '[project]\nname = "x"\ndependencies = ["fastapi", "prisma"]\n',
        "app/db.py": """
            from prisma import Prisma
            async def get_db():
                db = Prisma()
                await db.connect()
                try:
                    yield db
                finally:
                    await db.disconnect()
            """,
        "app/routes.py": """
            from fastapi import APIRouter, Depends, FastAPI
            from app.db import get_db
            def init_app(app: FastAPI):
                router = APIRouter()
                @router.get("/items")
                async def list_items(db=Depends(get_db)):
                    return await db.item.find_many()
                app.include_router(router)
            """})
    assert (d.path.name, d.span.line) == ("db.py", 3)
    assert "called from the `list_items` request handler" in d.message
    assert d.related[0].message == "`list_items` runs once per request"
    assert d.related[0].span.line == 6
    assert "init_app" not in d.message + " ".join(r.message for r in d.related)


def test_a_class_dependency_is_followed_into_its_methods(tmp_path):
    # FastAPI builds `Depends(UserService)` per request and hands it to the route: the
    # route's `service.list_users()` is that class's method (plain, `Depends()` with the
    # annotation, and `Annotated[...]` spellings); a method that queries the shared client
    # stays silent
    findings = _pc101(tmp_path, {
        "pyproject.toml": '[project]\nname = "x"\ndependencies = ["fastapi", "prisma"]\n',
        "app/__init__.py": "",
        "app/db.py": """
            from prisma import Prisma
            prisma = Prisma()
            """,
        "app/services.py": """
            from prisma import Prisma
            from app.db import prisma
            class UserService:
                async def list_users(self):
                    db = Prisma()
                    await db.connect()
                    return await db.user.find_many()
            class TeamService:
                async def list_teams(self):
                    return await prisma.team.find_many()
            """,
        "app/routes.py": """
            from typing import Annotated
            from fastapi import APIRouter, Depends
            from app.services import TeamService, UserService
            router = APIRouter()
            @router.get("/users")
            async def users(service: UserService = Depends(UserService)):
                return await service.list_users()
            @router.get("/users2")
            async def users2(service: UserService = Depends()):
                return await service.list_users()
            @router.get("/users3")
            async def users3(service: Annotated[UserService, Depends()]):
                return await service.list_users()
            @router.get("/teams")
            async def teams(service: TeamService = Depends(TeamService)):
                return await service.list_teams()
            """})
    assert [(d.path.name, d.span.line) for d in findings] == [("services.py", 5)]
    lines = {r.span.line for r in findings[0].related if r.path.name == "routes.py"}
    assert {7, 10, 13} <= lines


# ---------------------------------------------------------------- corpus8 (audit branch)
NEST_PKG = '{"dependencies": {"@prisma/client": "5.0.0", "@nestjs/core": "10", "@nestjs/common": "10", "express": "4"}}'
NEST_SERVICE = """
    import { Injectable, OnModuleInit } from "@nestjs/common"
    import { PrismaClient } from "@prisma/client"
    @Injectable()
    export class PrismaService extends PrismaClient implements OnModuleInit {
      constructor() {
        super()
        this.$on("query" as never, () => {})
      }
      async onModuleInit() { await this.$connect() }
    }
    """


def test_nest_app_get_of_a_class_is_a_di_lookup_not_an_express_route(check):
    """nestjs-prisma-boiler-plate src/app.service.ts: `app.get<PrismaService>(PrismaService)`
    (INestApplication.get, the DI container) made the service's constructor a `GET`
    handler, so its one `this.$on(...)` read as PC108 per request."""

    found = check({
        "package.json": NEST_PKG,
        "src/prisma.service.ts": NEST_SERVICE,
        "src/app.service.ts": """
            import { INestApplication } from "@nestjs/common"
            import { PrismaService } from "./prisma.service"
            export class AppService {
              async setPrisma(app: INestApplication): Promise<void> {
                const prismaService = app.get<PrismaService>(PrismaService)
                await prismaService.$connect()
              }
            }
            """,
    }, select=["PC108"])
    assert codes_at(found) == []


def test_an_express_route_with_a_path_still_registers_its_handler(check):
    """The look-alike: `app.get("/x", handler)` with an imported handler stays a route."""
    from conftest import codes_at

    found = check({
        "package.json": NEST_PKG,
        "src/db.ts": 'import { PrismaClient } from "@prisma/client"\nexport const prisma = new PrismaClient()\n',
        "src/handlers.ts": """
            import { prisma } from "./db"
            export const list = async (req: any, res: any) => {
              prisma.$on("query" as never, () => {})
              res.json(await prisma.user.findMany())
            }
            """,
        "src/app.ts": """
            import express from "express"
            import { list } from "./handlers"
            const app = express()
            app.get("/users", list)
            """,
    }, select=["PC108"])
    assert codes_at(found) == [("src/handlers.ts", 3, "PC108")]


TRPC_PKG = '{"dependencies": {"@prisma/client": "4.14.1", "@trpc/server": "10.11.0"}}'


def _trpc_context(module: str, extra: str = "") -> str:
    return f"""
        import {{ PrismaClient }} from "{module}"
        {extra}
        export const createContext = (url: string) => ({{
          prisma: new PrismaClient({{ datasources: {{ db: {{ url }} }} }}),
        }})
        """


def test_an_edge_client_per_request_holds_no_pool(check):
    """vercel-edge-trpc-prisma src/prisma.ts: `new PrismaClient` from `@prisma/client/edge`
    (Prisma 4, `prisma generate --data-proxy`) in the tRPC context: the edge client only
    talks HTTP to the Data Proxy / Accelerate, so it is the Accelerate case (info), not a
    pool per request. The same construction from `@prisma/client` stays an error."""
    edge = check({"package.json": TRPC_PKG, "src/context.ts": _trpc_context("@prisma/client/edge")},
                 select=["PC101"])
    assert [(f.code, str(f.severity)) for f in edge] == [("PC101", "I")]
    node = check({"package.json": TRPC_PKG, "src/context.ts": _trpc_context("@prisma/client")},
                 select=["PC101"])
    assert [(f.code, str(f.severity)) for f in node] == [("PC101", "E")]


def test_an_edge_client_with_a_driver_adapter_is_judged_by_its_adapter(check):
    """`@prisma/client/edge` with `adapter`: the adapter's pool is real (PrismaNeon over
    WebSockets holds sockets), so the per-request construction stays an error."""
    found = check({"package.json": TRPC_PKG, "src/context.ts": """
        import { PrismaClient } from "@prisma/client/edge"
        import { PrismaNeon } from "@prisma/adapter-neon"
        export const createContext = (url: string) => ({
          prisma: new PrismaClient({ adapter: new PrismaNeon({ connectionString: url }) }),
        })
        """}, select=["PC101"])
    assert [(f.code, str(f.severity)) for f in found] == [("PC101", "E")]


def test_a_module_level_edge_client_leaks_no_pool_on_reload(check):
    """sveltekit-trpc-prisma-cloudflare src/lib/trpc/context.ts: `import pkg from
    "@prisma/client/edge"; const { PrismaClient } = pkg` at module level: no PC102 (no
    local pool to leak per dev reload); the plain client in the same app stays flagged."""
    from conftest import codes_at

    pkg = '{"dependencies": {"@prisma/client": "4.14.1", "@sveltejs/kit": "1.0.0"}}'
    found = check({
        "package.json": pkg,
        "svelte.config.js": "export default {}\n",
        "src/lib/trpc/context.ts": """
            import pkg from "@prisma/client/edge"
            const { PrismaClient } = pkg
            const prisma = new PrismaClient()
            export const createContext = async () => ({ prisma })
            """,
        "src/lib/server/prisma.ts": 'import { PrismaClient } from "@prisma/client"\nexport const prisma = new PrismaClient()\n',
    }, select=["PC102"])
    assert codes_at(found) == [("src/lib/server/prisma.ts", 2, "PC102")]


FASTAPI_PKG = '[project]\nname = "x"\ndependencies = ["fastapi", "prisma"]\n'


def test_a_helper_connecting_an_imported_shared_client_per_request(check):
    """fincontrol-api app/utils/prisma.py: `from ..db.prisma import prisma` and an
    `ensure_connection()` that every route awaits, calling `prisma.connect()` and, when
    that fails, `prisma.disconnect()`: the file shows no query, so nothing said `prisma`
    is a client. A name from the project spelled like the client now is one."""
    from conftest import codes_at

    found = check({
        "pyproject.toml": FASTAPI_PKG,
        "app/__init__.py": "", "app/db/__init__.py": "", "app/utils/__init__.py": "",
        "app/db/prisma.py": "from prisma import Prisma\nprisma = Prisma()\n",
        "app/utils/prisma.py": """
            from ..db.prisma import prisma

            async def ensure_connection():
                try:
                    await prisma.connect()
                except Exception:
                    await prisma.disconnect()
            """,
        "app/routes.py": """
            from fastapi import APIRouter
            from .utils.prisma import ensure_connection

            router = APIRouter()

            @router.get("/users")
            async def list_users():
                await ensure_connection()
                return []
            """,
    }, select=["PC104", "PC105"])
    assert codes_at(found) == [("app/utils/prisma.py", 5, "PC105"), ("app/utils/prisma.py", 7, "PC104")]


def test_an_imported_database_object_of_another_library_is_no_client(check):
    """The look-alike: encode/databases' `from app.db import database` connected per
    request is that library's business, and `from prisma import register` is the
    package's own function."""
    from conftest import codes_at

    found = check({
        "pyproject.toml": FASTAPI_PKG,
        "app/__init__.py": "",
        "app/db.py": "import databases\ndatabase = databases.Database('sqlite://')\n",
        "app/routes.py": """
            from fastapi import APIRouter
            from prisma import register
            from .db import database

            router = APIRouter()

            @router.get("/users")
            async def list_users():
                await database.connect()
                await database.disconnect()
                return []
            """,
    }, select=["PC104", "PC105"])
    assert codes_at(found) == []


def test_py_imported_client_spellings():
    from poolcheck.vocabulary.clients import py_imported_client as says

    assert says("db.prisma", True, "prisma") and says(None, True, "prisma")
    assert says("app.database", False, "prisma_client") and says("app.prisma", False, "db")
    assert not says("app.db", False, "database")        # encode/databases' usual spelling
    assert not says("prisma", False, "register") and not says("prisma.models", False, "prisma_x")
    assert not says("app.prisma", False, "Prisma") and not says("app.prisma", False, "get_db")


def test_a_utf16_requirements_file_is_read_as_pip_reads_it(tmp_path):
    """fincontrol-api and welcomemonth/backend commit requirements.txt as UTF-16LE with a
    byte-order mark (PowerShell's `pip freeze >`): pip decodes it, so poolcheck reads its
    dependencies instead of reporting PC900. Spans are the file's lines and code points."""
    from pathlib import Path

    from poolcheck.core.sources import Source, UnreadableSource
    from poolcheck.facts import FileFacts
    from poolcheck.frontends.deploy.packages import requirements

    data = "fastapi==0.110.0\r\nprisma==0.15.0\r\n".encode("utf-16")
    source = Source.from_bytes(Path("requirements.txt"), "requirements", data)
    assert source.text.splitlines() == ["fastapi==0.110.0", "prisma==0.15.0"]
    facts = FileFacts(Path("requirements.txt"), "requirements")
    requirements(source, facts)
    from poolcheck.facts import PackageInfo
    [info] = facts.of(PackageInfo)
    assert dict(info.dependencies)["prisma"] == "==0.15.0"
    import pytest
    with pytest.raises(UnreadableSource):
        Source.from_bytes(Path("lib/db.ts"), "typescript", "const x = 1\n".encode("utf-16"))


def test_a_disconnect_in_prisma_query_middleware_runs_per_query(check):
    """auth-jwt-prisma-express src/app/database.js: `prisma.$use(async (params, next) => {
    const result = await next(params); ...; prisma.$disconnect(); return result })` on the
    client every service imports closes the shared pool after every query. A middleware
    that only times the query, and a disconnect on SIGTERM, are left alone."""
    from conftest import codes_at

    found = check({
        "package.json": '{"dependencies": {"@prisma/client": "5.0.0", "express": "4"}}',
        "src/db.js": """
            import { PrismaClient } from "@prisma/client"
            const prisma = new PrismaClient()
            prisma.$use(async (params, next) => {
              const result = await next(params)
              prisma.$disconnect()
              return result
            })
            prisma.$use(async (params, next) => {
              const started = Date.now()
              const result = await next(params)
              console.log(params.model, Date.now() - started)
              return result
            })
            process.on("SIGTERM", async () => { await prisma.$disconnect() })
            export { prisma }
            """,
    }, select=["PC104", "PC105", "PC108"])
    assert codes_at(found) == [("src/db.js", 5, "PC104")]


def test_cloudinary_calls_leave_the_process(check):
    """urban-mart-prisma-express uploads product images to Cloudinary inside
    prisma.$transaction: `cloudinary.uploader.destroy` (a name with no slow word) and the
    upload behind a same-file helper are HTTP calls; the Python SDK too."""
    from conftest import codes_at

    found = check({
        "package.json": '{"dependencies": {"@prisma/client": "5.0.0", "cloudinary": "2.0.0"}}',
        "src/db.ts": 'import { PrismaClient } from "@prisma/client"\nexport const prisma = new PrismaClient()\n',
        "src/service.ts": """
            import { prisma } from "./db"
            import { v2 as cloudinary } from "cloudinary"
            const put = async (name: string) => { await cloudinary.uploader.upload(name) }
            export const remove = async (id: string) => prisma.$transaction(async (tx) => {
              await tx.image.delete({ where: { id } })
              await cloudinary.uploader.destroy(id)
            })
            export const add = async (name: string) => prisma.$transaction(async (tx) => {
              await put(name)
              return tx.image.create({ data: { name } })
            })
            """,
    }, select=["PC201"])
    assert codes_at(found) == [("src/service.ts", 6, "PC201"), ("src/service.ts", 9, "PC201")]
    assert "`cloudinary` leaves the process" in found[0].message


NEXT_PKG = '{"scripts": {"dev": "next dev"}, "dependencies": {"next": "13.4.3", "@prisma/client": "4.14.1"}}'


def test_a_client_cached_in_a_module_variable_leaks_per_reload(check):
    """nextjs-prisma-todos-rest features/common/prisma/prismaClient.ts: `let c = null;
    function get() { if (!c) c = new PrismaClient() }`: the module variable is a cache only
    until the dev server evaluates the module again, so each reload builds a client (top
    level and in a getter alike). Left alone: the old Next.js recipe (module variable in
    the production branch, globalThis otherwise) and the globalThis `??` cache."""
    from conftest import codes_at

    found = check({
        "package.json": NEXT_PKG,
        "lib/getter.ts": """
            import { PrismaClient } from "@prisma/client";
            let client: PrismaClient | null = null;
            function getClient() {
                if (!client) {
                    client = new PrismaClient();
                }
                return client;
            }
            export const prisma = getClient();
            """,
        "lib/top.ts": """
            import { PrismaClient } from "@prisma/client";
            let db: PrismaClient | undefined;
            if (!db) db = new PrismaClient();
            export default db;
            """,
        "lib/recipe.ts": """
            import { PrismaClient } from "@prisma/client";
            let prisma: PrismaClient;
            if (process.env.NODE_ENV === "production") {
                prisma = new PrismaClient();
            } else {
                if (!global.prisma) global.prisma = new PrismaClient();
                prisma = global.prisma;
            }
            export default prisma;
            """,
        "lib/global.ts": """
            import { PrismaClient } from "@prisma/client";
            let prisma: PrismaClient;
            prisma = globalThis.prisma ?? new PrismaClient();
            if (process.env.NODE_ENV !== "production") globalThis.prisma = prisma;
            export { prisma };
            """,
        "lib/prodonly.ts": """
            import { PrismaClient } from "@prisma/client";
            let p: PrismaClient | undefined;
            if (process.env.NODE_ENV === "production") p = new PrismaClient();
            export default p;
            """,
    }, select=["PC102"])
    assert codes_at(found) == [("lib/getter.ts", 5, "PC102"), ("lib/top.ts", 3, "PC102")]
    assert all("cached in a module variable" in f.message for f in found)


def test_a_module_client_over_an_http_adapter_leaks_nothing_on_reload(check):
    """dub apps/web/lib/prisma/edge.ts: `new PrismaClient({ adapter: new
    PrismaPlanetScale(new Client({ url })) })` at module level in a Next app: PlanetScale's
    driver speaks HTTP (fetch), so a reload leaves no pool behind; a socket adapter beside
    it stays flagged. The files sit in lib/db/, not dub's lib/prisma/: any prisma/ folder
    still marks a project root of its own (project/roots.py), which is another question."""
    from conftest import codes_at

    found = check({
        "package.json": NEXT_PKG,
        "lib/db/edge.ts": """
            import { Client } from "@planetscale/database";
            import { PrismaPlanetScale } from "@prisma/adapter-planetscale";
            import { PrismaClient } from "@prisma/client";
            const client = new Client({ url: process.env.DATABASE_URL });
            const adapter = new PrismaPlanetScale(client);
            export const prismaEdge = new PrismaClient({ adapter });
            """,
        "lib/db/pg.ts": """
            import { PrismaPg } from "@prisma/adapter-pg";
            import { PrismaClient } from "@prisma/client";
            const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL });
            export const prisma = new PrismaClient({ adapter });
            """,
    }, select=["PC102"])
    assert codes_at(found) == [("lib/db/pg.ts", 4, "PC102")]


def _codes(tmp_path, files, select):
    write_tree(tmp_path, files)
    settings = Settings()
    settings.select = select
    return run([tmp_path], settings).diagnostics


def test_a_connect_that_runs_once_per_process_is_no_per_request_connect(tmp_path):
    # real FastAPI dependencies connect the shared client lazily: an early return on
    # `is_connected()`, a local read from it, a flag on the wrapper that the same method sets
    # (`if not self._connected`), a `global` flag. Each runs once: PC105 stays silent. A test
    # of a plain local is no guard, and the per-request disconnect is still PC104's.
    findings = _codes(tmp_path, {
        "pyproject.toml": '[project]\nname = "x"\ndependencies = ["fastapi", "prisma"]\n',
        "app/__init__.py": "",
        "app/db.py": """
            from prisma import Prisma
            prisma = Prisma()
            _ready = False
            async def early():
                if prisma.is_connected():
                    return prisma
                await prisma.connect()
                return prisma
            async def read_first():
                connected = prisma.is_connected()
                if not connected:
                    await prisma.connect()
                return prisma
            class Wrapper:
                def __init__(self):
                    self.db = Prisma()
                    self._connected = False
                async def connect(self):
                    if not self._connected:
                        await self.db.connect()
                        self._connected = True
                    return self.db
            wrapper = Wrapper()
            async def via_wrapper():
                return await wrapper.connect()
            async def global_flag():
                global _ready
                if not _ready:
                    await prisma.connect()
                    _ready = True
                return prisma
            async def local_test(q: str):
                data = q
                if data:
                    await prisma.connect()
                return prisma
            async def per_request_state(request):
                if not request.state.ready:
                    await prisma.connect()
                    request.state.ready = True
                return prisma
            async def guarded_then_closed():
                if not prisma.is_connected():
                    await prisma.connect()
                try:
                    yield prisma
                finally:
                    if prisma.is_connected():
                        await prisma.disconnect()
            """,
        "app/main.py": """
            from fastapi import Depends, FastAPI
            from app.db import early, read_first, via_wrapper, global_flag, local_test, guarded_then_closed
            from app.db import per_request_state
            app = FastAPI()
            @app.get("/a")
            async def a(db=Depends(early)):
                return await db.user.find_many()
            @app.get("/b")
            async def b(db=Depends(read_first)):
                return await db.user.find_many()
            @app.get("/c")
            async def c(db=Depends(via_wrapper)):
                return await db.user.find_many()
            @app.get("/d")
            async def d(db=Depends(global_flag)):
                return await db.user.find_many()
            @app.get("/e")
            async def e(db=Depends(local_test)):
                return await db.user.find_many()
            @app.get("/f")
            async def f(db=Depends(guarded_then_closed)):
                return await db.user.find_many()
            @app.get("/g")
            async def g_(db=Depends(per_request_state)):
                return await db.user.find_many()
            """}, ["PC104", "PC105"])
    assert sorted((d.code, d.span.line) for d in findings) == [("PC104", 49), ("PC105", 35), ("PC105", 39)]


def test_a_ts_connect_behind_a_once_flag_is_no_per_request_connect(tmp_path):
    # `if (!connected) { await prisma.$connect(); connected = true }`, an early return on
    # the flag and a memoised promise run once; a flag local to the call guards nothing
    findings = _codes(tmp_path, {
        "package.json": '{"dependencies": {"@prisma/client": "^6.1.0", "express": "^4.0.0"}}',
        "src/db.ts": """
            import { PrismaClient } from '@prisma/client'
            export const prisma = new PrismaClient()
            let connected = false
            let connecting: Promise<void> | null = null
            export async function flag() {
              if (!connected) {
                await prisma.$connect()
                connected = true
              }
              return prisma
            }
            export async function early() {
              if (connected) return prisma
              await prisma.$connect()
              connected = true
              return prisma
            }
            export async function memo() {
              connecting ??= prisma.$connect()
              await connecting
              return prisma
            }
            export async function session(req: any) {
              if (!req.session.db) {
                await prisma.$connect()
                req.session.db = true
              }
              return prisma
            }
            export async function local() {
              let ok = false
              if (!ok) {
                await prisma.$connect()
                ok = true
              }
              return prisma
            }
            """,
        "src/app.ts": """
            import express from 'express'
            import { flag, early, memo, local, session } from './db'
            const app = express()
            app.get('/a', async (req, res) => { const db = await flag(); res.json(await db.user.findMany()) })
            app.get('/b', async (req, res) => { const db = await early(); res.json(await db.user.findMany()) })
            app.get('/c', async (req, res) => { const db = await memo(); res.json(await db.user.findMany()) })
            app.get('/d', async (req, res) => { const db = await local(); res.json(await db.user.findMany()) })
            app.get('/e', async (req, res) => { const db = await session(req); res.json(await db.user.findMany()) })
            app.listen(3000)
            """}, ["PC105"])
    assert [(d.path.name, d.span.line) for d in findings] == [("db.ts", 25), ("db.ts", 33)]


def test_an_adapter_in_prisma_config_is_the_clis_not_a_request_pool(tmp_path):
    # timeOps-api builds `new PrismaPg({ connectionString })` in prisma.config.ts's
    # datasource: the CLI (migrate, studio) uses it once and exits, so an unbounded pool is
    # no deployment problem (PC310) and it never runs on a Worker (PC107); the app's own
    # adapter is still reported
    findings = _codes(tmp_path, {
        "package.json": '{"dependencies": {"@prisma/client": "^7.0.0", "@prisma/adapter-pg": "^7.0.0"}}',
        "wrangler.toml": 'name = "x"\nmain = "src/index.ts"\n',
        "prisma.config.ts": """
            import "dotenv/config";
            import { defineConfig } from "prisma/config";
            import { PrismaPg } from "@prisma/adapter-pg";
            export default defineConfig({
              schema: "prisma/schema.prisma",
              datasource: {
                url: process.env.DATABASE_URL,
                adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }),
              },
            });
            """,
        "prisma/schema.prisma": 'generator client {\n  provider = "prisma-client"\n}\n'
                                'datasource db {\n  provider = "postgresql"\n}\n',
        "src/db.ts": """
            import { PrismaClient } from "./generated/prisma/client";
            import { PrismaPg } from "@prisma/adapter-pg";
            const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL! });
            export const prisma = new PrismaClient({ adapter });
            """}, ["PC107", "PC310"])
    # the app's module-scope adapter on a Worker: PC107, which supersedes PC310 (one cause)
    assert sorted((d.code, d.path.name) for d in findings) == [("PC107", "db.ts")]


def test_nest_prisma_service_provided_twice_is_reported_outside_its_own_module(tmp_path):
    # Job-hooker (corpus11): PrismaService in the providers of auth.module, feeds.module and
    # the @Global prisma.module that exports it. The duplicates are auth's and feeds';
    # prisma.module.ts is where it belongs, so it is the related location, not a finding
    service = """
        import { Injectable } from "@nestjs/common";
        import { PrismaClient } from "@prisma/client";
        @Injectable()
        export class PrismaService extends PrismaClient {}
        """
    def module(name, extra=""):
        return f"""
            import {{ Module }} from "@nestjs/common";
            import {{ PrismaService }} from "../prisma/prisma.service";
            @Module({{
              providers: [{name}Service, PrismaService],{extra}
            }})
            export class {name}Module {{}}
            """
    findings = _codes(tmp_path, {
        "package.json": '{"dependencies": {"@prisma/client": "^6.1.0", "@nestjs/common": "^10.0.0"}}',
        "src/modules/prisma/prisma.service.ts": service,
        "src/modules/prisma/prisma.module.ts": """
            import { Global, Module } from "@nestjs/common";
            import { PrismaService } from "./prisma.service";
            @Global()
            @Module({
              providers: [PrismaService],
              exports: [PrismaService],
            })
            export class PrismaModule {}
            """,
        "src/modules/auth/auth.module.ts": module("Auth"),
        "src/modules/feeds/feeds.module.ts": module("Feeds"),
    }, ["PC103"])
    assert sorted(d.path.name for d in findings) == ["auth.module.ts", "feeds.module.ts"]
    assert {r.path.name for d in findings for r in d.related} == {"prisma.module.ts"}


def test_a_function_a_module_also_runs_as_a_script_is_reached_from_requests(tmp_path):
    # memeforyou-server (corpus11): search.py ends with `if __name__ == "__main__":` running
    # `asyncio.run(final_eval(...))` for manual testing, and the FastAPI route in main.py
    # awaits final_eval, which awaits get_meta: connect + disconnect on the shared client on
    # every request. The script entry must not stop request scope; a plain script is silent
    findings = _codes(tmp_path, {
        "pyproject.toml": '[project]\nname = "ai"\ndependencies = ["fastapi", "prisma"]\n',
        "utils/__init__.py": "",
        "utils/dbhandler.py": """
            from prisma import Prisma, register
            db = Prisma()
            register(db)
            async def get_meta(ids):
                await db.connect()
                rows = [await db.image.find_unique(where={"id": i}) for i in ids]
                await db.disconnect()
                return rows
            """,
        "search.py": """
            import asyncio
            from utils.dbhandler import get_meta
            async def final_eval(text: str):
                return await get_meta([1, 2])
            def cli():
                return asyncio.run(final_eval("x"))
            if __name__ == "__main__":
                asyncio.run(final_eval(input()))
                cli()
            """,
        "main.py": """
            from fastapi import FastAPI
            from search import final_eval
            app = FastAPI()
            @app.post("/ai/similar")
            async def search_meme(text: str):
                return await final_eval(text)
            """,
        "tool.py": """
            import asyncio
            from utils.dbhandler import db
            async def main():
                await db.connect()
                await db.disconnect()
            if __name__ == "__main__":
                asyncio.run(main())
            """}, ["PC104", "PC105"])
    assert sorted((d.code, d.path.name, d.span.line) for d in findings) == [
        ("PC104", "dbhandler.py", 7), ("PC105", "dbhandler.py", 5)]
    assert all("`search_meme` request handler" in d.message for d in findings)


def test_a_flask_g_client_is_one_finding_on_its_construction(tmp_path):
    # the Flask pattern of prisma-client-py projects: `db = Prisma(); await db.connect();
    # g.db = db` in get_db, and teardown_appcontext disconnecting `g.pop("db")`. The client
    # lives for one request: PC101 on the construction, and neither its connect (PC105) nor
    # the teardown's disconnect (PC104) is a second finding, stored on `g` later or chained
    # (`g.db = db = Prisma()`)
    def app(store):
        return f"""
            from flask import Flask, g
            from prisma import Prisma
            app = Flask(__name__)
            async def get_db() -> Prisma:
                if "db" not in g:
                    {store}
                    await db.connect()
                    g.db = db
                return g.db
            @app.route("/users")
            async def users():
                db = await get_db()
                return str(await db.user.find_many())
            @app.teardown_appcontext
            async def close(exc):
                db = g.pop("db", None)
                if db is not None:
                    await db.disconnect()
            """
    for store in ("db = Prisma()", "g.db = db = Prisma()"):
        findings = _codes(tmp_path / store.split()[0], {
            "pyproject.toml": '[project]\nname = "x"\ndependencies = ["flask", "prisma"]\n',
            "app.py": app(store)}, ["PC101", "PC104", "PC105"])
        assert [(d.code, d.span.line) for d in findings] == [("PC101", 6)], store


def test_python_appends_an_ampersand_query_like_typescript(tmp_path):
    # `os.getenv("DATABASE_URL") + "&pool_timeout=0"` (the shape defi-wealth writes in TS:
    # databaseUrl + '&pgbouncer=true') is a concatenation (PC311) whose parameters the URL
    # rules read (PC304), in Python as in TypeScript; a `&` string with no `=` is no query
    findings = _codes(tmp_path, {
        "pyproject.toml": '[project]\nname = "x"\ndependencies = ["prisma"]\n',
        "app/db.py": """
            import os
            from prisma import Prisma
            db = Prisma(datasource={"url": os.getenv("DATABASE_URL") + "&pool_timeout=0"})
            label = os.getenv("DATABASE_URL") + "&more"
            """}, ["PC304", "PC311"])
    assert sorted((d.code, d.span.line, d.span.col) for d in findings) == [("PC304", 3, 62), ("PC311", 3, 32)]


def test_an_instance_client_built_per_request_is_one_finding(tmp_path):
    # a service class whose __init__ builds `self.db = Prisma()`, instantiated in the route:
    # PC101 on the construction; its methods' connect/disconnect on self.db live with the
    # instance (one request), so they are not two more findings. A module-level instance of
    # such a class is shared: its per-request connect is still PC105
    findings = _codes(tmp_path, {
        "pyproject.toml": '[project]\nname = "x"\ndependencies = ["fastapi", "prisma"]\n',
        "app/__init__.py": "",
        "app/services.py": """
            from prisma import Prisma
            class UserService:
                def __init__(self):
                    self.db = Prisma()
                async def list(self):
                    await self.db.connect()
                    try:
                        return await self.db.user.find_many()
                    finally:
                        await self.db.disconnect()
            """,
        "app/shared.py": """
            from prisma import Prisma
            class Conn:
                def __init__(self):
                    self.client = Prisma()
                async def get(self):
                    await self.client.connect()
                    return self.client
            conn = Conn()
            """,
        "app/main.py": """
            from fastapi import FastAPI
            from app.services import UserService
            from app.shared import conn
            app = FastAPI()
            @app.get("/users")
            async def users():
                return await UserService().list()
            @app.get("/s")
            async def s():
                db = await conn.get()
                return await db.user.find_many()
            """}, ["PC101", "PC104", "PC105"])
    assert sorted((d.code, d.path.name, d.span.line) for d in findings) == [
        ("PC101", "services.py", 4), ("PC105", "shared.py", 6)]
def test_a_member_receiver_queried_inside_its_own_transaction(check):
    """LabFoodDesk (tRPC) groupOrders.ts: `ctx.prisma.$transaction(async (tx) => ...)` with
    `ctx.prisma.user.findUniqueOrThrow(...)` in the body: the receiver is a member path, not
    a name, and a query through that same path is the outer client. The look-alikes: the
    transaction client, another member of `ctx`, and `ctx.prisma` outside the body."""
    from conftest import codes_at

    found = check({
        "package.json": '{"dependencies": {"@prisma/client": "5", "@trpc/server": "10"}}',
        "src/router.ts": """
            import { PrismaClient } from "@prisma/client";
            import { initTRPC } from "@trpc/server";
            export const prisma = new PrismaClient();
            const t = initTRPC.context<{ prisma: PrismaClient }>().create();
            export const router = t.router({
              finish: t.procedure.mutation(async ({ ctx }) => {
                const before = await ctx.prisma.order.findMany();
                await ctx.prisma.$transaction(async (tx) => {
                  await tx.order.update({ where: { id: 1 }, data: { done: true } });
                  const user = await ctx.prisma.user.findUniqueOrThrow({ where: { id: 2 } });
                  const n = await ctx.prisma.$queryRaw`SELECT 1`;
                  await ctx.cache.user.findMany();
                  await tx.transaction.create({ data: { userId: user.id } });
                });
                return before;
              }),
            });
            """,
    }, select=["PC202"])
    assert codes_at(found) == [("src/router.ts", 10, "PC202"), ("src/router.ts", 11, "PC202")]


def test_a_class_field_arrow_is_a_method_of_its_class(check):
    """stock-service (NestJS) device.service.ts: `order = async (...) => { ... }` and
    `updateStock = async (...) => { ... }` are class fields holding arrows, and the
    transaction in `order` calls `this.updateStock(...)`, which updates through
    `this.prisma`: the field arrow is the class's method for `this.` calls (and an
    injected service's field arrow likewise). The look-alikes: a field arrow that is handed
    the transaction client, and a static field arrow (no `this` of an instance)."""
    from conftest import codes_at

    found = check({
        "package.json": '{"dependencies": {"@prisma/client": "5", "@nestjs/common": "10"}}',
        "src/prisma.service.ts": """
            import { Injectable } from "@nestjs/common";
            import { PrismaClient } from "@prisma/client";
            @Injectable()
            export class PrismaService extends PrismaClient {}
            """,
        "src/vendor.service.ts": """
            import { Injectable } from "@nestjs/common";
            import { PrismaService } from "./prisma.service";
            @Injectable()
            export class VendorService {
              constructor(private prisma: PrismaService) {}
              take = async (id: string, n: number) =>
                this.prisma.vendor.update({ where: { id }, data: { stock: { decrement: n } } });
            }
            """,
        "src/device.service.ts": """
            import { Injectable } from "@nestjs/common";
            import { PrismaService } from "./prisma.service";
            import { VendorService } from "./vendor.service";
            @Injectable()
            export class DeviceService {
              constructor(private prisma: PrismaService, private vendor: VendorService) {}
              order = async (id: string, n: number) => {
                return this.prisma.$transaction(async (tx) => {
                  await this.vendor.take(id, n);
                  await this.bumpWith(tx, id, n);
                  return this.bump(id, n);
                });
              };
              bump = async (id: string, n: number) => {
                return this.prisma.device.update({ where: { id }, data: { stock: { increment: n } } });
              };
              bumpWith = async (tx: any, id: string, n: number) => {
                return tx.device.update({ where: { id }, data: { stock: { increment: n } } });
              };
              static label = () => "device";
            }
            """,
    }, select=["PC202"])
    assert codes_at(found) == [("src/device.service.ts", 9, "PC202"), ("src/device.service.ts", 11, "PC202")]


def test_a_connect_behind_a_once_flag_runs_once_per_process(check):
    """Damanat-PMS-Backend api/index.ts (Vercel): `if (!postgresReady) { await
    prisma.$connect(); postgresReady = true }` on a module-level flag, called from the
    handler, connects once per warm instance, not per request. Also `if (ready) return;`
    before the connect with the flag set after it, and `connecting ??= prisma.$connect()`.
    (Written as a Next.js API route: the fixture runs on an absolute path, where the
    Vercel `api/` first-folder convention does not match.) The look-alikes stay reported: a guard whose flag is never set, and a flag local to
    the call (fresh on every request)."""
    from conftest import codes_at

    found = check({
        "package.json": '{"dependencies": {"@prisma/client": "5"}}',
                "src/prisma.ts": 'import { PrismaClient } from "@prisma/client";\nexport const prisma = new PrismaClient();\n',
        "pages/api/users.ts": """
            import { prisma } from "../src/prisma";
            let ready = false;
            let warm = false;
            let connecting: Promise<void> | undefined;
            let checked = false;
            async function once() {
              if (!ready) {
                await prisma.$connect();
                ready = true;
              }
            }
            async function early() {
              if (warm) return;
              await prisma.$connect();
              warm = true;
            }
            async function memo() {
              connecting ??= prisma.$connect();
              await connecting;
            }
            async function neverSet() {
              if (!checked) {
                await prisma.$connect();
              }
            }
            async function local() {
              let done = false;
              if (!done) {
                await prisma.$connect();
                done = true;
              }
            }
            export default async function handler(req: any, res: any) {
              await once();
              await early();
              await memo();
              await neverSet();
              await local();
              res.end();
            }
            """,
    }, select=["PC105"])
    assert codes_at(found) == [("pages/api/users.ts", 23, "PC105"), ("pages/api/users.ts", 29, "PC105")]


def test_a_prisma_client_class_from_a_workspace_package_is_prisma(check):
    """supastarter-nextjs packages/auth/lib/lucia.ts: `import { PrismaClient } from
    "database"`, the monorepo's database package that re-exports `@prisma/client`, and a
    second module-level `new PrismaClient()` beside the package's own client. A class of
    that name from a package is Prisma's; from a project path (`@/lib/fake`) it may be
    anything and is left alone."""
    from conftest import codes_at

    found = check({
        "package.json": '{"name": "root", "private": true, "workspaces": ["apps/*", "packages/*"]}',
        "packages/database/package.json": '{"name": "database", "main": "./index.ts", "dependencies": {"@prisma/client": "5"}}',
        "packages/database/index.ts": 'export { PrismaClient } from "@prisma/client";\nexport * from "./src/client";\n',
        "packages/database/src/client.ts": """
            import { PrismaClient } from "@prisma/client";
            const g = globalThis as unknown as { prisma?: PrismaClient };
            export const db = g.prisma ?? new PrismaClient();
            if (process.env.NODE_ENV !== "production") g.prisma = db;
            """,
        "packages/auth/package.json": '{"name": "auth", "dependencies": {"database": "workspace:*"}}',
        "packages/auth/lib/lucia.ts": """
            import { PrismaClient } from "database";
            const prismaClient = new PrismaClient();
            export const users = () => prismaClient.user.findMany();
            """,
        "packages/auth/lib/other.ts": """
            import { PrismaClient } from "@/lib/fake";
            const notPrisma = new PrismaClient();
            export const all = () => notPrisma.user.findMany();
            """,
    }, select=["PC101", "PC102", "PC103"])
    assert codes_at(found) == [("packages/auth/lib/lucia.ts", 2, "PC103")]


VERCEL_HANDLER = ("import { PrismaClient } from '@prisma/client'\n"
                  "export default async function handler(req, res) {\n"
                  "  const prisma = new PrismaClient()\n"
                  "  res.json(await prisma.user.findMany())\n"
                  "}\n")


def test_vercel_functions_are_found_whatever_the_path_given(check):
    """corpus10 (audit10): `cd repo && poolcheck .` read `api/index.ts` as a Vercel
    Function, `poolcheck /abs/repo` did not (the `api/` folder was matched against the
    path as given), so every request-scope rule went silent. The folder counts when it is
    at the top of its project: first on the path, or right under a folder holding a
    package.json or vercel.json (also an app of a monorepo). An `api/` folder deeper in
    the source is not a Vercel Functions folder."""
    found = check({
        "package.json": '{"dependencies": {"@prisma/client": "6.4.0"}}',
        "vercel.json": "{}",
        "api/users.ts": VERCEL_HANDLER,
        "src/lib/api/helper.ts": VERCEL_HANDLER,
        "apps/web/package.json": '{"dependencies": {"@prisma/client": "6.4.0"}}',
        "apps/web/api/items.ts": VERCEL_HANDLER,
    }, select=["PC101"])
    assert codes_at(found) == [("api/users.ts", 3, "PC101"), ("apps/web/api/items.ts", 3, "PC101")]


def test_an_api_folder_with_its_own_package_is_no_vercel_functions_folder(check):
    """audit 14, giecos: `api/` is a Fastify service with its own package.json beside a
    Vite front-end; its plugin `export default fp(prismaPlugin)` builds the client once
    at registration and disconnects it in `onClose`. The `api/**` default-export row read
    it as a Vercel Function (PC101 and PC104). With the service's own folder as the
    project, the same file was silent; a functions folder of a Vercel app still counts."""
    plugin = ("import { PrismaClient } from '@prisma/client'\n"
              "import fp from 'fastify-plugin'\n"
              "const prismaPlugin = async (fastify) => {\n"
              "  const prisma = new PrismaClient()\n"
              "  await prisma.$connect()\n"
              "  fastify.decorate('prisma', prisma)\n"
              "  fastify.addHook('onClose', async (app) => { await app.prisma.$disconnect() })\n"
              "}\n"
              "export default fp(prismaPlugin)\n")
    found = check({
        "package.json": '{"name": "shop", "devDependencies": {"vite": "^5.0.0"}}',
        "api/package.json": '{"name": "shop-api", "dependencies": {"@prisma/client": "6.10.1",'
                            ' "fastify": "^5.4.0", "fastify-plugin": "^5.0.1"}}',
        "api/src/plugins/prisma.ts": plugin,
        "web/package.json": '{"name": "web", "dependencies": {"@prisma/client": "6.10.1"}}',
        "web/vercel.json": "{}",
        "web/api/users.ts": VERCEL_HANDLER,
    }, select=["PC101", "PC104", "PC105"])
    assert codes_at(found) == [("web/api/users.ts", 3, "PC101")]


NEST_PKG = '{"dependencies": {"@prisma/client": "5.0.0", "@nestjs/common": "10.0.0", "@nestjs/core": "10.0.0"}}'
NEST_PRISMA = """
    import { Injectable, OnModuleInit } from '@nestjs/common';
    import { PrismaClient } from '@prisma/client';
    @Injectable()
    export class PrismaService extends PrismaClient implements OnModuleInit {
      async onModuleInit() { await this.$connect(); }
    }
    """


def test_a_nest_health_route_is_one_by_its_decorator_path(check):
    """merodocs src/app.service.ts: `@Get('/healthcheck')` in app.controller.ts calls a
    service method that connects; the route's path, not its file's name, makes it the
    health check itself (also `@Controller('healthz')` with a bare `@Get()`). A method
    only `/users` reaches, and `health-stats` (a segment is compared whole), stay
    reported."""
    files = {
        "package.json": NEST_PKG,
        "src/prisma.service.ts": NEST_PRISMA,
        "src/app.service.ts": """
            import { Injectable } from '@nestjs/common';
            import { PrismaService } from './prisma.service';
            @Injectable()
            export class AppService {
              constructor(private prisma: PrismaService) {}
              async checkDb() { await this.prisma.$connect(); return 'ok'; }
              async liveDb() { await this.prisma.$connect(); return 'ok'; }
              async statsDb() { await this.prisma.$connect(); return this.prisma.user.count(); }
              async warmUp() { await this.prisma.$connect(); return this.prisma.user.findMany(); }
            }
            """,
        "src/app.controller.ts": """
            import { Controller, Get } from '@nestjs/common';
            import { AppService } from './app.service';
            @Controller()
            export class AppController {
              constructor(private readonly appService: AppService) {}
              @Get('/healthcheck')
              async health() { return this.appService.checkDb(); }
              @Get('health-stats')
              async stats() { return this.appService.statsDb(); }
            }
            """,
        "src/probe.controller.ts": """
            import { Controller, Get } from '@nestjs/common';
            import { AppService } from './app.service';
            @Controller({ path: 'healthz' })
            export class ProbeController {
              constructor(private readonly appService: AppService) {}
              @Get()
              live() { return this.appService.liveDb(); }
            }
            """,
        "src/users.controller.ts": """
            import { Controller, Get } from '@nestjs/common';
            import { AppService } from './app.service';
            @Controller('users')
            export class UsersController {
              constructor(private readonly appService: AppService) {}
              @Get()
              list() { return this.appService.warmUp(); }
            }
            """,
    }
    found = check(files, select=["PC105"])
    assert codes_at(found) == [("src/app.service.ts", 8, "PC105"), ("src/app.service.ts", 9, "PC105")]
    # the health check's helper, once an ordinary route reaches it too, is judged by that route
    files["src/users.controller.ts"] = files["src/users.controller.ts"].replace(
        "list() { return this.appService.warmUp(); }",
        "list() { return this.appService.warmUp(); }\n  @Get(':id')\n  one() { return this.appService.checkDb(); }")
    found = check(files, select=["PC105"])
    assert codes_at(found) == [("src/app.service.ts", 6, "PC105"), ("src/app.service.ts", 8, "PC105"),
                               ("src/app.service.ts", 9, "PC105")]
    [shared] = [f for f in found if f.line == 6]
    assert "`one`" in shared.message


def test_express_fastify_and_hono_health_routes_by_their_path(check):
    """`app.get('/health', handler)`, `router.get('/api/healthcheck', ...)`, an imported
    handler for `/healthz`, Fastify's `route({ url: '/readyz', handler })` and Hono's
    `app.get('/livez', ...)` connect as the check itself. `/health-stats`, and a same-file
    helper that `/users` also calls (registered before the health route), stay reported."""
    found = check({
        "package.json": '{"dependencies": {"@prisma/client": "5.0.0", "express": "4.0.0",'
                        ' "fastify": "4.0.0", "hono": "4.0.0"}}',
        "src/db.ts": "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n",
        "src/check.ts": """
            import { prisma } from './db';
            export async function checkDb() { await prisma.$connect(); return 'ok'; }
            export async function statsDb() { await prisma.$connect(); return prisma.user.count(); }
            export async function importedDb() { await prisma.$connect(); return 'ok'; }
            export async function readyDb() { await prisma.$connect(); return 'ok'; }
            """,
        "src/handlers.ts": """
            import { importedDb } from './check';
            export async function healthHandler(req, res) { res.send(await importedDb()); }
            """,
        "src/app.ts": """
            import express from 'express';
            import { prisma } from './db';
            import { checkDb, statsDb } from './check';
            import { healthHandler } from './handlers';
            const app = express();
            const router = express.Router();
            async function ping() { await prisma.$connect(); return 'ok'; }
            app.get('/users', async (req, res) => { await ping(); res.json(await prisma.user.findMany()); });
            app.get('/health', async (req, res) => { res.send(await ping()); });
            router.get('/api/healthcheck', async (req, res) => { res.send(await checkDb()); });
            router.get('/health-stats', async (req, res) => { res.send(await statsDb()); });
            app.get('/healthz', healthHandler);
            """,
        "src/fastify.ts": """
            import Fastify from 'fastify';
            import { readyDb } from './check';
            const fastify = Fastify();
            fastify.route({ method: 'GET', url: '/readyz', handler: async () => readyDb() });
            """,
        "src/hono.ts": """
            import { Hono } from 'hono';
            import { prisma } from './db';
            const app = new Hono();
            app.get('/livez', async (c) => { await prisma.$connect(); return c.text('ok'); });
            app.get('/posts', async (c) => { await prisma.$connect(); return c.json(await prisma.post.findMany()); });
            export default app;
            """,
    }, select=["PC105"])
    assert codes_at(found) == [("src/app.ts", 7, "PC105"), ("src/check.ts", 3, "PC105"),
                               ("src/hono.ts", 5, "PC105")]


@pytest.mark.parametrize("route,health", [
    ("/health", True), ("/api/healthz", True), ("api/v1/health/db", True), ("/internal/status", True),
    ("/status", True), ("health", True), ("/health-stats", False), ("/orders/:status", False),
    ("/api/orders/status", False), ("/users/ping", False), ("/", False), (None, False),
])
def test_a_health_route_path_starts_with_its_health_segment(route, health):
    """audit 14, lighthouse: `PUT /api/auth/orders/status` updates an order's status; read
    as a health check it put the route behind every other in the linker's chains (and would
    have exempted a connect reached from it alone)."""
    from poolcheck.vocabulary.layout import health_url

    assert health_url(route) is health


def test_a_resource_status_route_is_no_health_check(check):
    found = check({
        "package.json": '{"dependencies": {"@prisma/client": "5.0.0", "express": "4.0.0"}}',
        "src/db.ts": "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n",
        "src/app.ts": """
            import express from 'express';
            import { prisma } from './db';
            const app = express();
            app.put('/api/orders/status', async (req, res) => { await prisma.$connect(); res.json({}); });
            app.get('/api/status', async (req, res) => { await prisma.$connect(); res.send('ok'); });
            """,
    }, select=["PC105"])
    assert codes_at(found) == [("src/app.ts", 4, "PC105")]


def test_fastapi_and_flask_health_routes_by_their_path(check):
    """`@app.get("/health")`, `@router.get("/api/healthz")` and Flask's
    `@bp.route("/ping")` connect as the check itself, in the route or in a helper of
    another module; `/health-stats`, and a helper a health route and `/users` share in one
    file, stay reported."""
    found = check({
        "pyproject.toml": '[project]\nname = "x"\ndependencies = ["fastapi", "flask", "prisma"]\n',
        "app/__init__.py": "",
        "app/db.py": "from prisma import Prisma\n\ndb = Prisma()\n",
        "app/svc.py": """
            from app.db import db


            async def ping_db():
                await db.connect()
                return await db.query_raw("SELECT 1")


            async def stats_db():
                await db.connect()
                return await db.user.count()
            """,
        "app/main.py": """
            from fastapi import APIRouter, FastAPI
            from app.db import db
            from app.svc import ping_db, stats_db

            app = FastAPI()
            router = APIRouter()


            async def warm():
                await db.connect()
                return await db.user.count()


            @app.get("/health")
            async def health():
                return await ping_db()


            @router.get("/api/healthz")
            async def healthz():
                await db.connect()
                return await warm()


            @router.get("/users")
            async def users():
                await warm()
                return await db.user.find_many()


            @router.get("/health-stats")
            async def stats():
                return await stats_db()
            """,
        "app/web.py": """
            from flask import Blueprint
            from app.db import db

            bp = Blueprint("web", __name__)


            @bp.route("/ping")
            def ping():
                db.connect()
                return {"users": db.user.count()}
            """,
    }, select=["PC105"])
    assert codes_at(found) == [("app/main.py", 10, "PC105"), ("app/svc.py", 10, "PC105")]


def test_firebase_admin_calls_leave_the_process(check):
    """An FCM push sent inside prisma.$transaction: `admin.messaging().sendToDevice(...)`,
    `.send(...)`, `.sendEachForMulticast(...)`, the modular `getMessaging().send(...)`,
    directly or from a helper in another module; Auth and Firestore calls are Google API
    calls too. Firestore's values (`FieldValue.serverTimestamp()`, `Timestamp.now()`) and
    `admin.app()` stay in the process, and so do calls made after the transaction."""
    found = check({
        "package.json": '{"dependencies": {"@prisma/client": "5.0.0", "firebase-admin": "12.0.0"}}',
        "src/db.ts": 'import { PrismaClient } from "@prisma/client"\nexport const prisma = new PrismaClient()\n',
        "src/lib/push.ts": """
            import * as admin from "firebase-admin"
            import { getMessaging } from "firebase-admin/messaging"
            export async function notify(token: string) {
              await getMessaging().send({ token, notification: { title: "paid" } })
            }
            export async function notifyAll(tokens: string[]) {
              await admin.messaging().sendEachForMulticast({ tokens, notification: { title: "paid" } })
            }
            export function stamp() { return admin.firestore.FieldValue.serverTimestamp() }
            """,
        "src/orders.ts": """
            import * as admin from "firebase-admin"
            import { getMessaging } from "firebase-admin/messaging"
            import { getAuth } from "firebase-admin/auth"
            import { FieldValue, Timestamp } from "firebase-admin/firestore"
            import { prisma } from "./db"
            import { notify, notifyAll, stamp } from "./lib/push"
            export const pay = async (id: string, token: string) => {
              await prisma.$transaction(async (tx) => {
                await tx.order.update({ where: { id }, data: { paid: true } })
                await admin.messaging().sendToDevice(token, { notification: { title: "paid" } })
                await admin.messaging().send({ token })
                await getMessaging().send({ token })
                await notify(token)
                await notifyAll([token])
                await getAuth().setCustomUserClaims(id, { paid: true })
                const at = { at: FieldValue.serverTimestamp(), on: Timestamp.now(), n: FieldValue.increment(1) }
                const app = admin.app()
                await tx.audit.create({ data: { id, at: String(at), app: app.name, s: String(stamp()) } })
              })
              await getMessaging().send({ token })
            }
            """,
    }, select=["PC201"])
    assert codes_at(found) == [("src/orders.ts", line, "PC201") for line in (10, 11, 12, 13, 14, 15)]
    assert "`firebase-admin` leaves the process" in found[0].message


def test_python_firebase_admin_calls_leave_the_process(check):
    """firebase_admin's `messaging.send(...)` inside `db.tx()`, directly or from a helper in
    another module, and its Auth calls; building the message (`messaging.Message(...)`) and
    `firebase_admin.get_app()` are local."""
    found = check({
        "pyproject.toml": '[project]\nname = "x"\ndependencies = ["fastapi", "prisma", "firebase-admin"]\n',
        "app/__init__.py": "",
        "app/db.py": "from prisma import Prisma\n\ndb = Prisma()\n",
        "app/push.py": """
            from firebase_admin import messaging


            async def notify(token: str):
                messaging.send(messaging.Message(token=token))
            """,
        "app/main.py": """
            import firebase_admin
            from firebase_admin import auth, messaging
            from fastapi import FastAPI
            from app.db import db
            from app.push import notify

            app = FastAPI()


            @app.post("/orders")
            async def pay(uid: str, token: str):
                async with db.tx() as tx:
                    await tx.order.create(data={"uid": uid})
                    msg = messaging.Message(token=token, notification=messaging.Notification(title="paid"))
                    firebase_admin.get_app()
                    messaging.send(msg)
                    await notify(token)
                    auth.set_custom_user_claims(uid, {"paid": True})
            """,
    }, select=["PC201"])
    assert codes_at(found) == [("app/main.py", 16, "PC201"), ("app/main.py", 17, "PC201"),
                               ("app/main.py", 18, "PC201")]


def test_a_handler_method_through_a_wrapper_call_is_registered(check):
    """audit 14, node_post_count: `router.post('/signup', AsyncWrapper(authController.signUp))`
    registers a class-field method of a module-level instance through a wrapper; the
    handler's TransactionWrapper disconnects the shared client on every call. Unwrapped,
    or wrapping a named function, it was found; a member through the wrapper was lost.
    A validator given a schema object, and a wrapped handler that only queries, stay silent."""
    found = check({
        "package.json": '{"type": "module", "dependencies": {"@prisma/client": "5.0.0", "express": "4.0.0"}}',
        "prisma/client.js": "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n",
        "src/common/async.js": "export const AsyncWrapper = (fn) => (req, res, next) => fn(req, res, next).catch(next);\n"
                               "export const validate = (schema) => (req, res, next) => next();\n",
        "src/common/transaction.js": """
            import { prisma } from '../../prisma/client.js';
            export const TransactionWrapper = async function (callback) {
              try {
                await prisma.$transaction(callback);
              } finally {
                await prisma.$disconnect();
              }
            };
            """,
        "src/auth/schema.js": "export const signUpSchema = { email: 'string' };\n",
        "src/auth/auth.controller.js": """
            import { TransactionWrapper } from '../common/transaction.js';
            import { prisma } from '../../prisma/client.js';
            export class AuthController {
              signUp = async (req, res) => {
                await TransactionWrapper(async (tx) => { await tx.user.create({ data: {} }); });
                res.sendStatus(201);
              };
              list = async (req, res) => { res.json(await prisma.user.findMany()); };
            }
            """,
        "src/auth/auth.router.js": """
            import express from 'express';
            import { AuthController } from './auth.controller.js';
            import { AsyncWrapper, validate } from '../common/async.js';
            import { signUpSchema } from './schema.js';
            const router = express.Router();
            const authController = new AuthController();
            router.post('/signup', validate(signUpSchema), AsyncWrapper(authController.signUp));
            router.get('/users', AsyncWrapper(authController.list));
            export default router;
            """,
    }, select=["PC104", "PC105", "PC101"])
    assert codes_at(found) == [("src/common/transaction.js", 6, "PC104")]
    assert "POST /signup" in found[0].message
