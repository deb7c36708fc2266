"""A monorepo with two apps: each app gets its own context and its own findings."""

import pytest

from conftest import check_tree, codes_at, write_tree, run_cli

MONOREPO = {
    "package.json": '{"private": true, "workspaces": ["apps/*"]}',
    # a serverless Next.js app on Vercel, behind a pooler
    "apps/web/package.json": '{"dependencies": {"next": "15.1.0", "@prisma/client": "^6.4.0"}}',
    "apps/web/vercel.json": "{}",
    "apps/web/lib/db.ts": """\
        import { PrismaClient } from '@prisma/client'

        export const prisma = new PrismaClient()
        """,
    # a long-running Express server in containers
    "apps/api/package.json": '{"dependencies": {"express": "^4.21.0", "@prisma/client": "^6.4.0"}}',
    "apps/api/Dockerfile": "FROM node:22\nCMD [\"node\", \"dist/server.js\"]\n",
    "apps/api/docker-compose.yml": """\
        services:
          api:
            build: .
            deploy:
              replicas: 4
            environment:
              DATABASE_URL: postgresql://api:pw@db:5432/api?connection_limit=10
          db:
            image: postgres:16
            command: postgres -c max_connections=40
        """,
    "apps/api/src/db.ts": """\
        import { PrismaClient } from '@prisma/client'
        export const prisma = new PrismaClient()
        """,
    "apps/api/src/jobs.ts": """\
        import { PrismaClient } from '@prisma/client'
        const jobsDb = new PrismaClient()
        export default jobsDb
        """,
}
PROJECT_CODES = ["PC102", "PC103", "PC107", "PC303", "PC309", "PC401", "PC402", "PC403"]


def test_each_app_gets_its_own_findings(tmp_path):
    write_tree(tmp_path, MONOREPO)
    found = check_tree(tmp_path, select=PROJECT_CODES)
    assert codes_at(found) == [
        ("apps/api/docker-compose.yml", 5, "PC401"),
        ("apps/api/src/jobs.ts", 2, "PC103"),
        ("apps/web/lib/db.ts", 3, "PC102"),
    ]
    pc103 = next(f for f in found if f.code == "PC103")
    assert "apps/web" not in pc103.message
    assert "4 replicas × 10 + 5 reserved = 45 > max_connections 40" in found[0].message


def test_one_app_alone_is_judged_the_same(tmp_path):
    write_tree(tmp_path, MONOREPO)
    found = check_tree(tmp_path, select=PROJECT_CODES, paths=[tmp_path / "apps/web"])
    assert codes_at(found) == [("apps/web/lib/db.ts", 3, "PC102")]


def test_web_pooler_url_is_clean_and_api_direct_url_is_not_serverless(tmp_path):
    pytest.importorskip("poolcheck.frontends.dotenv")
    files = dict(MONOREPO)
    files["apps/web/.env"] = ("DATABASE_URL=postgresql://u:p@aws-0-eu.pooler.supabase.com:6543/postgres?pgbouncer=true&connection_limit=1\n"
                              "DIRECT_URL=postgresql://u:p@db.abc.supabase.co:5432/postgres\n")
    files["apps/api/.env"] = "DATABASE_URL=postgresql://api:pw@db:5432/api\n"
    write_tree(tmp_path, files)
    found = check_tree(tmp_path, select=["PC303"])
    assert found == []


def test_pre_commit_passes_single_files(tmp_path):
    """Project rules load the whole app, but report only what touches the files passed:
    findings located in them or with a related location in them."""
    write_tree(tmp_path, MONOREPO)
    jobs = tmp_path / "apps/api/src/jobs.ts"
    found = check_tree(tmp_path, select=PROJECT_CODES, paths=[jobs])
    assert codes_at(found) == [("apps/api/src/jobs.ts", 2, "PC103")]
    # db.ts holds the first client, the related location of jobs.ts's PC103: a change to
    # it is part of that finding, so the finding is kept; nothing sits in db.ts itself
    found = check_tree(tmp_path, select=PROJECT_CODES, paths=[tmp_path / "apps/api/src/db.ts"])
    assert codes_at(found) == [("apps/api/src/jobs.ts", 2, "PC103")]
    found = check_tree(tmp_path, select=PROJECT_CODES, paths=[tmp_path / "apps/web/lib/db.ts"])
    assert "apps/api/src/jobs.ts" not in {f.path for f in found}
    compose = tmp_path / "apps/api/docker-compose.yml"
    found = check_tree(tmp_path, select=PROJECT_CODES, paths=[compose, tmp_path / "apps/web/lib/db.ts"])
    assert codes_at(found) == [("apps/api/docker-compose.yml", 5, "PC401"), ("apps/web/lib/db.ts", 3, "PC102")]


def test_pre_commit_through_the_cli(tmp_path):
    write_tree(tmp_path, MONOREPO)
    proc = run_cli("--no-cache", "--select", ",".join(PROJECT_CODES), "apps/api/src/jobs.ts", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("apps/api/src/jobs.ts:2:")
    assert " PC103 " in lines[0]


DB_PACKAGE = {
    "package.json": '{"private": true, "workspaces": ["apps/*", "packages/*"]}',
    "packages/db/package.json": '{"name": "@acme/db", "main": "src/index.ts",'
                                ' "dependencies": {"@prisma/client": "^6.4.0"}}',
    "packages/db/src/index.ts": "import { PrismaClient } from '@prisma/client'\n"
                                "export const prisma = new PrismaClient()\n",
    # cached the way Prisma's Turborepo guide says: silent whoever depends on it
    "packages/cached/package.json": '{"name": "@acme/cached", "main": "src/index.ts",'
                                    ' "dependencies": {"@prisma/client": "^6.4.0"}}',
    "packages/cached/src/index.ts": "import { PrismaClient } from '@prisma/client'\n"
                                    "const g = globalThis as unknown as { prisma?: PrismaClient }\n"
                                    "export const prisma = g.prisma ?? new PrismaClient()\n"
                                    "if (process.env.NODE_ENV !== 'production') g.prisma = prisma\n",
    # a second client only a script of the app loads: the dev server never evaluates it
    "packages/db/src/replica.ts": "import { PrismaClient } from '@prisma/client'\n"
                                  "export const replica = new PrismaClient()\n",
    "apps/api/package.json": '{"name": "api", "dependencies": {"@acme/db": "*", "@acme/cached": "*", "express": "^4.21.0"},'
                             ' "scripts": {"dev": "tsx watch src/server.ts"}}',
    "apps/api/src/server.ts": "import { prisma } from '@acme/db'\nimport { prisma as p } from '@acme/cached'\n"
                              "export const users = () => [prisma.user.findMany(), p.user.findMany()]\n",
}


@pytest.mark.parametrize("web", [True, False], ids=["a-next-app-depends-on-it", "only-a-restarting-server"])
def test_a_workspace_package_client_reloads_with_the_app_that_bundles_it(tmp_path, web):
    """theprotutor: `packages/db` builds the client with no globalThis cache, and the apps
    that import it run dev servers that evaluate the package's modules again on every
    change; the package's own package.json names no framework. A package only a process
    that restarts whole (`tsx watch`) depends on leaks nothing, nor does a module of the
    package that only the app's scripts load (typebot's `withReadReplica.ts`)."""
    files = dict(DB_PACKAGE)
    if web:
        files["apps/web/package.json"] = '{"name": "web", "dependencies": {"next": "15.1.0", "@acme/db": "*", "@acme/cached": "*"}}'
        files["apps/web/app/page.tsx"] = ("import { prisma } from '@acme/db'\n"
                                          "export default async function Page() { return prisma.user.count() }\n")
        files["apps/web/scripts/backfill.ts"] = ("import { replica } from '@acme/db/src/replica'\n"
                                                 "replica.user.count().then(() => replica.$disconnect())\n")
    write_tree(tmp_path, files)
    found = check_tree(tmp_path, select=["PC102"])
    assert codes_at(found) == ([("packages/db/src/index.ts", 2, "PC102")] if web else [])
    if web:
        assert "the next (apps/web) dev server re-evaluates this module" in found[0].message
        alone = check_tree(tmp_path, select=["PC102"], paths=[tmp_path / "packages/db/src/index.ts"])
        assert codes_at(alone) == codes_at(found)
