"""Smaller precision gaps of issue 12, each with the look-alike that stays flagged."""

from conftest import codes_at

SCHEMA = 'datasource db {{\n  provider = "{provider}"\n  url = env("DATABASE_URL")\n}}\n'


def test_pc302_pgbouncer_flag_on_mysql_is_no_pooler_but_pc305(check):
    findings = check({
        "package.json": '{"dependencies": {"@prisma/client": "6.2.0"}}',
        "prisma/schema.prisma": SCHEMA.format(provider="mysql"),
        ".env": "DATABASE_URL=mysql://app@db.acme-prod.net:3306/app?pgbouncer=true\n",
    }, select=["PC302", "PC305"])
    assert codes_at(findings) == [(".env", 1, "PC305")]


def test_pc302_pgbouncer_flag_on_postgres_still_needs_a_direct_url(check):
    findings = check({
        "package.json": '{"dependencies": {"@prisma/client": "6.2.0"}}',
        "prisma/schema.prisma": SCHEMA.format(provider="postgresql"),
        ".env": "DATABASE_URL=postgresql://app@db.acme-prod.net:5432/app?pgbouncer=true\n",
    }, select=["PC302", "PC305"])
    assert codes_at(findings) == [("prisma/schema.prisma", 3, "PC302")]


ADAPTER_PKG = '{"dependencies": {"@prisma/client": "7.1.0", "@prisma/adapter-pg": "7.1.0", "pg": "8"}}'


def test_a_pg_pool_that_backs_no_prisma_client_is_not_judged(check):
    """civitai's packages/civitai-db/src/kysely.ts: `new Pool(...)` for Kysely."""
    findings = check({
        "package.json": ADAPTER_PKG,
        "src/kysely.ts": """
            import { Pool } from "pg"
            import { Kysely, PostgresDialect } from "kysely"
            export const db = new Kysely({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: process.env.DATABASE_URL }) }) })
            """,
        "src/prisma.ts": """
            import { Pool } from "pg"
            import { PrismaPg } from "@prisma/adapter-pg"
            import { PrismaClient } from "@prisma/client"
            const pool = new Pool({ connectionString: process.env.DATABASE_URL })
            export const prisma = new PrismaClient({ adapter: new PrismaPg(pool) })
            """,
    }, select=["PC310"])
    assert codes_at(findings) == [("src/prisma.ts", 4, "PC310")]


def test_pc310_pool_options_spread_from_a_constant_are_not_judged(check):
    """turborepo-nestjs-prisma-example packages/database/src/prisma/client-postgresql.ts:
    `new Pool({ connectionString, ...DEFAULT_POOL_OPTIONS, ...poolOptions })`, where the
    constant sets max and connectionTimeoutMillis. A spread is options set elsewhere; the
    look-alike without one (and a spread of something else beside nothing) stays flagged."""
    findings = check({
        "package.json": ADAPTER_PKG,
        "src/prisma.ts": """
            import { Pool } from "pg"
            import { PrismaPg } from "@prisma/adapter-pg"
            import { PrismaClient } from "@prisma/client"
            const DEFAULT_POOL_OPTIONS = { max: 15, connectionTimeoutMillis: 5_000 }
            export const make = (url: string, poolOptions?: object) => {
              const pool = new Pool({ connectionString: url, ...DEFAULT_POOL_OPTIONS, ...poolOptions })
              return new PrismaClient({ adapter: new PrismaPg(pool) })
            }
            export const plain = (url: string) => {
              const pool = new Pool({ connectionString: url, ssl: { ...{} } })
              return new PrismaClient({ adapter: new PrismaPg(pool) })
            }
            """,
    }, select=["PC310"])
    assert codes_at(findings) == [("src/prisma.ts", 10, "PC310")]


def test_pc310_judges_a_pool_only_beside_a_driver_adapter(check):
    """briefer packages/database/src/index.ts: `new PrismaClient({ datasourceUrl })` and a
    `pg.Pool` for LISTEN/NOTIFY in one file: the pool is not Prisma's. A pool handed to
    `new PrismaPg(pool)` is (node-postgres' ESM form `new pg.Pool()` included)."""
    pkg = '{"dependencies": {"@prisma/client": "7.1.0", "@prisma/adapter-pg": "7.1.0", "pg": "8.17.0"}}'
    beside_client = check({
        "package.json": pkg,
        "src/db.ts": """
            import pg from "pg"
            import { PrismaClient } from "@prisma/client"
            export const prisma = new PrismaClient({ datasourceUrl: process.env.DATABASE_URL })
            export const pubsub = new pg.Pool({ connectionString: process.env.DATABASE_URL })
            """,
    }, select=["PC310"])
    assert beside_client == []
    adapted = check({
        "package.json": pkg,
        "src/db.ts": """
            import pg from "pg"
            import { PrismaPg } from "@prisma/adapter-pg"
            import { PrismaClient } from "@prisma/client"
            const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL })
            export const prisma = new PrismaClient({ adapter: new PrismaPg(pool) })
            """,
    }, select=["PC310"])
    assert codes_at(adapted) == [("src/db.ts", 4, "PC310")]


def test_pc310_leaves_the_mariadb_adapter_alone(check):
    """nestjs-prisma-demo prisma/mysql.adapter.ts: `new PrismaMariaDb({ host, user, ... })`.
    The mariadb driver's pool fails an acquire after acquireTimeout (10 s by default) with
    connectionLimit 10: it never waits forever. PrismaPg built the same way stays flagged."""
    findings = check({
        "package.json": '{"dependencies": {"@prisma/client": "7.1.0", "@prisma/adapter-mariadb": "7.1.0", '
                        '"@prisma/adapter-pg": "7.1.0"}}',
        "src/prisma.ts": """
            import { PrismaMariaDb } from "@prisma/adapter-mariadb"
            import { PrismaPg } from "@prisma/adapter-pg"
            import { PrismaClient } from "@prisma/client"
            export const mysql = new PrismaClient({ adapter: new PrismaMariaDb({ host: "db", user: "app", database: "app" }) })
            export const pg = new PrismaClient({ adapter: new PrismaPg({ host: "db", user: "app", database: "app" }) })
            """,
    }, select=["PC310"])
    assert codes_at(findings) == [("src/prisma.ts", 5, "PC310")]


def test_data_migrations_are_scripts():
    from pathlib import PurePosixPath as P

    from poolcheck.vocabulary.layout import path_role

    assert path_role(P("packages/prisma-client/prisma/migrations/20230101_x/migration.ts")) == "script"


# ---------------------------------------------------------------- PC103 canonical client
CLIENT = """
    import {{ PrismaClient }} from "@prisma/client"
    export const {name} = new PrismaClient()
    """
ROUTE = """
    import {{ prisma }} from "{spec}"
    export async function GET() {{ return Response.json(await prisma.user.findMany()) }}
    """


def test_pc103_canonical_client_is_the_one_the_project_imports(check, tmp_path):
    findings = check({
        "package.json": '{"dependencies": {"express": "4", "@prisma/client": "6.2.0"}}',
        "src/aaa-reports.ts": CLIENT.format(name="reports"),   # first by path, imported by nobody
        "src/services/store.ts": CLIENT.format(name="prisma"),  # imported by two modules
        "src/routes/users.ts": ROUTE.format(spec="../services/store"),
        "src/routes/orders.ts": ROUTE.format(spec="@/services/store"),
    }, select=["PC103"])
    assert codes_at(findings) == [("src/aaa-reports.ts", 2, "PC103")]
    assert "src/services/store.ts already constructs one" in findings[0].message


def test_pc103_an_alias_counts_for_the_module_its_tsconfig_paths_name(check):
    """bluenote's grading app: `@/lib/prisma` with `@/*` -> `./src/*` is src/lib/prisma.ts,
    not the unused lib/prisma.ts whose path ends the same way (first by path on a tie)."""
    findings = check({
        "package.json": '{"dependencies": {"next": "15", "@prisma/client": "6.2.0"}}',
        "tsconfig.json": '{"compilerOptions": {"paths": {"@/*": ["./src/*"]}}}',
        "lib/prisma.ts": CLIENT.format(name="prisma"),
        "src/lib/prisma.ts": CLIENT.format(name="prisma"),
        "src/app/api/users/route.ts": ROUTE.format(spec="@/lib/prisma"),
        "src/app/api/orders/route.ts": ROUTE.format(spec="@/lib/prisma"),
    }, select=["PC103"])
    assert codes_at(findings) == [("lib/prisma.ts", 2, "PC103")]
    assert "src/lib/prisma.ts already constructs one" in findings[0].message


def test_pc103_on_a_tie_the_module_named_for_the_client_is_canonical(check):
    findings = check({
        "package.json": '{"dependencies": {"express": "4", "@prisma/client": "6.2.0"}}',
        "src/app.ts": CLIENT.format(name="app"),
        "src/prisma.ts": CLIENT.format(name="prisma"),
    }, select=["PC103"])
    assert codes_at(findings) == [("src/app.ts", 2, "PC103")]


# ---------------------------------------------------------------- PC104/PC105 fresh factories
def test_disconnect_of_a_client_a_same_file_factory_builds_per_call_is_right_ts(check):
    findings = check({
        "package.json": '{"dependencies": {"next": "15", "@prisma/client": "6.2.0"}}',
        "app/api/x/route.ts": """
            import { PrismaClient } from "@prisma/client"
            function getDb() { return new PrismaClient() }
            const makeDb = () => new PrismaClient()
            let cached: PrismaClient | undefined
            function shared() { return (cached ??= new PrismaClient()) }
            export async function GET() {
              const db = getDb()
              const db2 = await makeDb()
              const db3 = shared()
              try { return Response.json(await db.user.findMany()) }
              finally { await db.$disconnect(); await db2.$disconnect(); await db3.$disconnect() }
            }
            """,
    }, select=["PC101", "PC104"])
    # the constructions are PC101; only the memoised client's disconnect is PC104
    assert codes_at(findings) == [("app/api/x/route.ts", 2, "PC101"), ("app/api/x/route.ts", 3, "PC101"),
                                  ("app/api/x/route.ts", 11, "PC104")]
    assert "db3.$disconnect()" in findings[-1].message


def test_connect_and_disconnect_of_a_fresh_factory_client_are_right_py(check):
    findings = check({
        "pyproject.toml": "[project]\nname = 'x'\n",
        "main.py": """
            from fastapi import FastAPI
            from prisma import Prisma
            app = FastAPI()
            shared_db = Prisma()

            def make_db():
                return Prisma()

            @app.get("/x")
            async def x():
                db = make_db()
                await db.connect()
                try:
                    return await db.user.find_many()
                finally:
                    await db.disconnect()

            @app.get("/y")
            async def y():
                await shared_db.connect()
                return await shared_db.user.find_many()
            """,
    }, select=["PC101", "PC104", "PC105"])
    assert codes_at(findings) == [("main.py", 7, "PC101"), ("main.py", 20, "PC105")]


def test_pc311_only_for_database_url_variables(check):
    """postiz: `${process.env.NEYNAR_LOGIN_URL}?client_id=...` is an OAuth page, not a
    connection URL; the same on DATABASE_URL is still flagged."""
    findings = check({
        "package.json": '{"dependencies": {"@prisma/client": "6.2.0"}}',
        "src/login.ts": "export const login = `${process.env.NEYNAR_LOGIN_URL}?client_id=${id}`\n",
        "src/db.ts": "export const url = `${process.env.DATABASE_URL}?connection_limit=1`\n",
    }, select=["PC311"])
    assert codes_at(findings) == [("src/db.ts", 1, "PC311")]


# ---------------------------------------------------------------- one cause, one finding
ADAPTER_DB = """
    import { PrismaPg } from "@prisma/adapter-pg"
    import { PrismaClient } from "@prisma/client"
    export const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL }) })
    """


def test_pc303_and_pc310_on_one_adapter_are_one_finding(check):
    files = {"package.json": ADAPTER_PKG, "vercel.json": "{}", "lib/prisma.ts": ADAPTER_DB}
    findings = check(files, select=["PC303", "PC310"])
    assert codes_at(findings) == [("lib/prisma.ts", 3, "PC303")]
    assert "`max: 1`" in findings[0].message and "connectionTimeoutMillis" in findings[0].message
    # with the survivor off, the other finding is not lost
    assert codes_at(check(files, select=["PC310"])) == [("lib/prisma.ts", 3, "PC310")]


def test_pc102_and_pc103_on_one_construction_are_one_finding(check):
    client = 'import {{ PrismaClient }} from "@prisma/client"\nexport const {0} = new PrismaClient()\n'
    files = {"package.json": '{"dependencies": {"next": "15", "@prisma/client": "6.2.0"}}',
             "lib/prisma.ts": client.format("prisma"), "lib/reporting.ts": client.format("reporting")}
    findings = check(files, select=["PC102", "PC103"])
    assert codes_at(findings) == [("lib/prisma.ts", 2, "PC102"), ("lib/reporting.ts", 2, "PC103")]
    assert "leaks one more pool per reload" in findings[1].message


def test_pc107_a_pool_and_the_adapter_built_on_it_are_one_finding(check):
    findings = check({
        "package.json": ADAPTER_PKG, "wrangler.toml": 'name = "w"\n',
        "src/db.ts": """
            import { Pool } from "pg"
            import { PrismaPg } from "@prisma/adapter-pg"
            import { PrismaClient } from "@prisma/client"
            const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 1 })
            export const prisma = new PrismaClient({ adapter: new PrismaPg(pool) })
            """,
        "src/other.ts": """
            import { PrismaPg } from "@prisma/adapter-pg"
            export const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, max: 1 })
            """,
    }, select=["PC107"])
    assert codes_at(findings) == [("src/db.ts", 4, "PC107"), ("src/other.ts", 2, "PC107")]


def test_pc103_leaves_a_client_module_that_only_scripts_import(check):
    """typebot's withReadReplica.ts shape, inside one package: imported only by scripts/."""
    findings = check({
        "package.json": '{"dependencies": {"express": "4", "@prisma/client": "6.2.0"}}',
        "src/prisma.ts": CLIENT.format(name="prisma"),
        "src/replica.ts": CLIENT.format(name="replica"),
        "src/reports.ts": CLIENT.format(name="reports"),
        "scripts/cleanup.ts": ROUTE.format(spec="../src/replica"),
        "src/routes/users.ts": ROUTE.format(spec="../prisma"),
        "src/routes/stats.ts": ROUTE.format(spec="../reports"),
    }, select=["PC103"])
    assert codes_at(findings) == [("src/reports.ts", 2, "PC103")]


def test_pc103_sees_importers_in_other_workspace_packages(check):
    """typebot's withReadReplica.ts as it is: packages/db exports `./*` and only the
    scripts package imports `@acme/db/replica`; a web app imports the shared client."""
    files = {
        "package.json": '{"private": true, "workspaces": ["packages/*", "apps/*"]}',
        "packages/db/package.json": '{"name": "@acme/db", "exports": {".": "./src/index.ts", '
                                    '"./*": "./src/*.ts"}, "dependencies": {"@prisma/client": "6.2.0"}}',
        "packages/db/src/index.ts": CLIENT.format(name="prisma"),
        "packages/db/src/replica.ts": CLIENT.format(name="replica"),
        "packages/scripts/package.json": '{"name": "@acme/scripts", "dependencies": {"@acme/db": "*"}}',
        "packages/scripts/src/cleanup.ts": ROUTE.format(spec="@acme/db/replica"),
        "apps/web/package.json": '{"name": "web", "dependencies": {"@acme/db": "*", "express": "4"}}',
        "apps/web/src/routes/users.ts": ROUTE.format(spec="@acme/db"),
    }
    assert codes_at(check(files, select=["PC103"])) == []
    # the same replica imported by the web app too is a second pool of the app (which of
    # the two is canonical follows the import counts: here the replica's)
    files["apps/web/src/routes/stats.ts"] = ROUTE.format(spec="@acme/db/replica")
    found = codes_at(check(files, select=["PC103"]))
    assert [(path.startswith("packages/db/src/"), code) for path, _, code in found] == [(True, "PC103")]


PRISMA7_NEXT = '{"dependencies": {"next": "16", "@prisma/client": "7.0.0", "@prisma/adapter-pg": "7.0.0"}, "scripts": {"dev": "next dev"}}'


def test_pc102_adapter_beside_a_cached_client_factory_is_clean(check):
    """Prisma 7's documented Next.js singleton: the module-level adapter feeds a client
    that a same-file factory builds and globalThis caches (next16-prisma7-blog)."""
    assert codes_at(check({
        "package.json": PRISMA7_NEXT,
        "lib/prisma.ts": """
            import { PrismaClient } from "@prisma/client"
            import { PrismaPg } from "@prisma/adapter-pg"
            const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL })
            const prismaClientSingleton = () => new PrismaClient({ adapter })
            const g = globalThis as unknown as { prismaGlobal?: PrismaClient }
            export const prisma = g.prismaGlobal ?? prismaClientSingleton()
            if (process.env.NODE_ENV !== "production") g.prismaGlobal = prisma
            """,
    }, select=["PC102"])) == []


def test_pc102_adapter_and_uncached_module_client_is_still_reported(check):
    assert codes_at(check({
        "package.json": PRISMA7_NEXT,
        "lib/prisma.ts": """
            import { PrismaClient } from "@prisma/client"
            import { PrismaPg } from "@prisma/adapter-pg"
            const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL })
            export const prisma = new PrismaClient({ adapter })
            """,
    }, select=["PC102"])) == [("lib/prisma.ts", 4, "PC102")]
