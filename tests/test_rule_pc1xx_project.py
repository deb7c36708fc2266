"""PC102, PC103, PC107 on fixture projects, with the facts the TS/Python front-ends emit."""

import pytest

from poolcheck.core.diagnostics import Span
from poolcheck.facts import (ClientApi, GlobalCacheAccess, NestPrismaService, NestProvider, NestRequestScoped, Scope,
                             ScopeKind)

from project_helpers import client, run_project_rule, trait


def _span(line: int) -> Span:
    return Span(line, 1, line, 10)


def cache(line: int, prop: str, **how) -> GlobalCacheAccess:
    return GlobalCacheAccess(_span(line), prop, **how)

NEXT = {"package.json": '{"dependencies": {"next": "15.1.0", "@prisma/client": "^6.4.0"}}',
        "vercel.json": "{}"}
EXPRESS = {"package.json": '{"dependencies": {"express": "^4", "@prisma/client": "^6.4.0"}}'}


# --- PC102 ---------------------------------------------------------------------------

def test_pc102_module_client_in_next_project(tmp_path):
    found = run_project_rule(tmp_path, "PC102", NEXT, {"lib/db.ts": [client(3)]})
    assert [f[:3] for f in found] == [("lib/db.ts", 3, "PC102")]
    assert "next dev server" in found[0][3]


def test_pc102_memoised_client_is_clean(tmp_path):
    facts = {"lib/db.ts": [client(4, memoised=True), cache(4, "prisma", read=True, write=False),
                           cache(5, "prisma", read=False, write=True)]}
    assert run_project_rule(tmp_path, "PC102", NEXT, facts) == []


def test_pc102_no_hot_reload_no_finding(tmp_path):
    assert run_project_rule(tmp_path, "PC102", EXPRESS, {"src/db.ts": [client(3)]}) == []


@pytest.mark.parametrize("dev", [
    "tsx watch src/index.ts", "tsx --env-file=.env watch src/index.ts", "node --watch dist/index.js",
    "node --env-file=.env --watch src/index.js", "bun --watch src/index.ts", "bun run --watch src/index.ts",
    "ts-node-dev --respawn src/index.ts", "nodemon src/index.ts", "nest start --watch",
])
def test_pc102_whole_process_restart_leaks_nothing(tmp_path, dev):
    """The old process and its pool die with the restart: no PC102 (rules.md PC102), even
    with vite in the dependencies for the front-end or vitest."""
    files = {"package.json": '{"scripts": {"dev": "%s", "test": "vitest"}, '
                             '"dependencies": {"express": "4"}, "devDependencies": {"vite": "6"}}' % dev}
    assert run_project_rule(tmp_path, "PC102", files, {"src/db.ts": [client(3)]}) == []


@pytest.mark.parametrize("dev", ["bun --hot src/index.ts", "vite-node --watch src/server.ts"])
def test_pc102_module_reloading_scripts_still_count(tmp_path, dev):
    files = {"package.json": '{"scripts": {"dev": "%s"}, "dependencies": {"express": "4"}}' % dev}
    found = run_project_rule(tmp_path, "PC102", files, {"src/db.ts": [client(3)]})
    assert [f[:3] for f in found] == [("src/db.ts", 3, "PC102")]
    assert dev.split(" src")[0] in found[0][3]


def test_pc102_vite_dev_server_beside_a_restarting_api_still_counts(tmp_path):
    files = {"package.json": '{"scripts": {"dev": "vite dev", "api": "tsx watch api.ts"}, '
                             '"devDependencies": {"vite": "6"}}'}
    found = run_project_rule(tmp_path, "PC102", files, {"src/db.ts": [client(3)]})
    assert [f[:3] for f in found] == [("src/db.ts", 3, "PC102")]


@pytest.mark.parametrize("ssr, reported", [("", False), (', "vike": "0.4"', True)])
def test_pc102_vite_single_page_app_beside_a_restarting_api(tmp_path, ssr, reported):
    # socialstocks: `vite` serves the React client and proxies /api to a Fastify server run
    # by `tsx watch`: Vite never loads the server's modules, unless an SSR plugin makes it
    files = {"package.json": '{"scripts": {"dev": "vite", "server:dev": "tsx watch src/server/index.ts"}, '
                             '"devDependencies": {"vite": "5", "@vitejs/plugin-react": "4"%s}}' % ssr}
    found = run_project_rule(tmp_path, "PC102", files, {"src/server/db.ts": [client(3)]})
    assert [f[:3] for f in found] == ([("src/server/db.ts", 3, "PC102")] if reported else [])


def test_pc102_broken_caches(tmp_path):
    facts = {
        "lib/write-only.ts": [client(4, memoised=True), cache(4, "prismaW", read=False, write=True)],
        "lib/read-only.ts": [client(4, memoised=True), cache(4, "prismaR", read=True, write=False)],
        "lib/prod-only.ts": [client(4, memoised=True), cache(4, "prismaP", read=True, write=False),
                             cache(6, "prismaP", read=False, write=True, production_only=True)],
    }
    found = run_project_rule(tmp_path, "PC102", NEXT, facts)
    assert [f[:3] for f in found] == [("lib/prod-only.ts", 6, "PC102"), ("lib/read-only.ts", 4, "PC102"),
                                      ("lib/write-only.ts", 4, "PC102")]
    assert "only when NODE_ENV" in found[0][3]
    assert "read but never written" in found[1][3]
    assert "written but never read" in found[2][3]


def test_pc102_cache_filled_by_another_module(tmp_path):
    """`lib/prisma.ts` fills `global.prisma` outside production and a route reads
    `global.prisma || new PrismaClient()` (saas-starter-kit's pages/api/marketing/index.ts):
    in development the route reuses that client, so its cache is not "never written". A
    write only in production elsewhere fills nothing in development."""
    facts = {
        "lib/prisma.ts": [client(9, memoised=True), cache(10, "prisma", read=True, write=False),
                          cache(15, "prisma", read=False, write=True)],
        "pages/api/index.ts": [client(4, memoised=True), cache(4, "prisma", read=True, write=False)],
        "pages/api/other.ts": [client(4, memoised=True), cache(4, "db", read=True, write=False)],
        "lib/prod.ts": [client(4, memoised=True), cache(4, "db", read=False, write=True, production_only=True)],
    }
    found = run_project_rule(tmp_path, "PC102", NEXT, facts)
    assert [f[:3] for f in found] == [("pages/api/other.ts", 4, "PC102")]
    assert "read but never written" in found[0][3]


def test_pc102_ignores_python_and_scripts(tmp_path):
    facts = {"app/main.py": [client(3, class_name="Prisma", api=ClientApi.PY)],
             "scripts/seed.ts": [client(3, scope=Scope(ScopeKind.SCRIPT))]}
    assert run_project_rule(tmp_path, "PC102", NEXT, facts) == []


# --- PC103 ---------------------------------------------------------------------------

def test_pc103_second_module_client_reported_with_first_related(tmp_path):
    facts = {"lib/db.ts": [client(4, memoised=True)], "app/api/users/route.ts": [client(3)],
             "src/other.ts": [client(7)]}
    found = run_project_rule(tmp_path, "PC103", EXPRESS, facts)
    assert [f[:3] for f in found] == [("app/api/users/route.ts", 3, "PC103"), ("src/other.ts", 7, "PC103")]
    assert "lib/db.ts already constructs one" in found[0][3]


def test_pc103_one_client_tests_and_scripts_are_clean(tmp_path):
    facts = {"lib/db.ts": [client(4)], "tests/db.test.ts": [client(2)], "prisma/seed.ts": [client(2)],
             "scripts/backfill.ts": [client(2)],
             "src/handler.ts": [client(9, scope=Scope(ScopeKind.REQUEST))]}
    assert run_project_rule(tmp_path, "PC103", EXPRESS, facts) == []


def test_pc103_python_modules(tmp_path):
    files = {"pyproject.toml": '[project]\nname="x"\ndependencies=["prisma", "fastapi"]\n'}
    facts = {"app/db.py": [client(3, class_name="Prisma", api=ClientApi.PY)],
             "app/jobs.py": [client(5, class_name="Prisma", api=ClientApi.PY)]}
    found = run_project_rule(tmp_path, "PC103", files, facts)
    assert [f[:3] for f in found] == [("app/jobs.py", 5, "PC103")]


def test_pc103_nestjs_service_in_two_modules_and_request_scope(tmp_path):
    files = {"package.json": '{"dependencies": {"@nestjs/core": "10", "@prisma/client": "6"}}'}
    facts = {
        "src/prisma.service.ts": [NestPrismaService(_span(5), "PrismaService"),
                                  client(6, scope=Scope(ScopeKind.STARTUP), memoised=True)],
        "src/users/users.module.ts": [NestProvider(_span(8), "PrismaService")],
        "src/posts/posts.module.ts": [NestProvider(_span(9), "PrismaService")],
        "src/tenant.service.ts": [NestPrismaService(_span(3), "TenantPrisma"),
                                  NestRequestScoped(_span(2), "TenantPrisma")],
        "src/logger.module.ts": [NestProvider(_span(4), "Logger"), NestProvider(_span(5), "Logger")],
    }
    found = run_project_rule(tmp_path, "PC103", files, facts)
    assert [f[:3] for f in found] == [("src/tenant.service.ts", 2, "PC103"),
                                      ("src/users/users.module.ts", 8, "PC103")]


def test_pc103_nestjs_service_on_one_shared_pool_is_not_a_pool_per_module(tmp_path):
    # audit 21: `super({ adapter: new PrismaPg(pool) })` over a module-level pg Pool; the
    # request-scoped one still gets a client object per request and stays reported
    files = {"package.json": '{"dependencies": {"@nestjs/core": "11", "@prisma/client": "7"}}'}
    facts = {
        "src/prisma.service.ts": [NestPrismaService(_span(5), "PrismaService", shares_pool=True),
                                  NestPrismaService(_span(9), "UrlPrisma")],
        "src/users/users.module.ts": [NestProvider(_span(8), "PrismaService"), NestProvider(_span(9), "UrlPrisma")],
        "src/posts/posts.module.ts": [NestProvider(_span(9), "PrismaService"), NestProvider(_span(10), "UrlPrisma")],
        "src/tenant.service.ts": [NestPrismaService(_span(3), "TenantPrisma", shares_pool=True),
                                  NestRequestScoped(_span(2), "TenantPrisma")],
    }
    found = run_project_rule(tmp_path, "PC103", files, facts)
    assert [f[:3] for f in found] == [("src/tenant.service.ts", 2, "PC103"),
                                      ("src/users/users.module.ts", 9, "PC103")]


def test_pc103_a_service_that_builds_its_client_is_named_so(tmp_path):
    # audit 23 (all-in-one): `this.client = new PrismaClient()` in a service several modules provide
    files = {"package.json": '{"dependencies": {"@nestjs/core": "11", "@prisma/client": "6"}}'}
    facts = {
        "src/prisma.service.ts": [NestPrismaService(_span(5), "PrismaService", wraps=True)],
        "src/users/users.module.ts": [NestProvider(_span(8), "PrismaService")],
        "src/posts/posts.module.ts": [NestProvider(_span(9), "PrismaService")],
    }
    [found] = run_project_rule(tmp_path, "PC103", files, facts)
    assert found[:3] == ("src/users/users.module.ts", 8, "PC103")
    assert "`PrismaService` (it builds a PrismaClient) is listed in the providers" in found[3]


# --- PC107 ---------------------------------------------------------------------------

WORKER = {"package.json": '{"dependencies": {"@prisma/client": "7.0.0", "@prisma/adapter-pg": "7.0.0"}}',
          "wrangler.toml": 'name = "api"\nmain = "src/index.ts"\n'}


def test_pc107_module_pool_on_workers(tmp_path):
    facts = {"src/index.ts": [client(3, "pool", "Pool"), client(4, "adapter", "PrismaPg"),
                              client(5, memoised=False)]}
    found = run_project_rule(tmp_path, "PC107", WORKER, facts)
    assert [f[:3] for f in found] == [("src/index.ts", 3, "PC107"), ("src/index.ts", 4, "PC107")]


def test_pc107_per_request_and_http_adapters_are_clean(tmp_path):
    edge = Scope(ScopeKind.EDGE_REQUEST, "Cloudflare Workers", "fetch")
    facts = {"src/index.ts": [client(8, "adapter", "PrismaPg", scope=edge), client(3, "adapter", "PrismaD1")]}
    assert run_project_rule(tmp_path, "PC107", WORKER, facts) == []


def test_pc107_not_a_worker_project(tmp_path):
    assert run_project_rule(tmp_path, "PC107", EXPRESS, {"src/db.ts": [client(3, "pool", "Pool")]}) == []


def test_pc107_worker_detected_from_code_trait(tmp_path):
    facts = {"src/index.ts": [trait("cloudflare-worker", 10, "export default { fetch }"),
                              client(3, "pool", "Pool")]}
    found = run_project_rule(tmp_path, "PC107", EXPRESS, facts)
    assert [f[:3] for f in found] == [("src/index.ts", 3, "PC107")]


def test_pc102_skips_worker_files(tmp_path):
    facts = {"src/worker.ts": [trait("cloudflare-worker", 9, "export default { fetch }"), client(3, "pool", "Pool")]}
    assert run_project_rule(tmp_path, "PC102", NEXT, facts) == []


@pytest.mark.parametrize("package", [
    '{"dependencies": {"nuxt": "^4.1.0", "@prisma/client": "^7.0.0"}}',
    '{"dependencies": {"nuxt": "^3.17.0", "vue": "^3"}, "devDependencies": {"vite": "^6"}}',
    '{"dependencies": {"nitropack": "^2.12.0", "@prisma/client": "^6.4.0"}}',
])
def test_pc102_nitro_replaces_its_dev_worker_so_nothing_leaks(tmp_path, package):
    """Nitro's dev server (Nuxt's too) runs server code in a worker thread, shuts it down
    and terminates it on every rebuild: the pool dies with the worker, and a globalThis
    cache would not survive anyway (a fresh isolate). No PC102 for `server/utils/prisma.ts`."""
    found = run_project_rule(tmp_path, "PC102", {"package.json": package},
                             {"server/utils/prisma.ts": [client(8)]})
    assert found == []


def test_pc102_next_app_beside_nuxt_is_still_judged_by_its_own_dev_server(tmp_path):
    files = {"package.json": '{"private": true}',
             "apps/docs/package.json": '{"dependencies": {"nuxt": "^4"}}',
             "apps/web/package.json": '{"dependencies": {"next": "15", "@prisma/client": "6"}}'}
    facts = {"apps/docs/server/utils/db.ts": [client(3)], "apps/web/lib/db.ts": [client(3)]}
    found = run_project_rule(tmp_path, "PC102", files, facts)
    assert [f[:3] for f in found] == [("apps/web/lib/db.ts", 3, "PC102")]
