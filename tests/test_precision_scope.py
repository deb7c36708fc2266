"""Test, fixture and script files: one classifier (vocabulary.layout.path_role, rules.file_role)
and one table of what each rule leaves alone there (rules.registry SKIPPED_ROLES).

Reductions of what real monorepos hold (issue 12): URLs, pools and clients in tests,
integration harnesses, testcontainers helpers, compose files for cypress, seeds. Each
test also keeps the same construct in product code, which must still be flagged.
"""

from conftest import codes_at

REAL_URL = "postgresql://app_user:Q7v9xTq2LmZ4@db-prod.internal.acme.io:6543/app?connection_limit=5"
ADAPTER_PKG = '{"dependencies": {"@prisma/client": "7.1.0", "@prisma/adapter-pg": "7.1.0", "next": "15"}}'


def test_url_rules_leave_test_files_alone_and_still_read_product_code(check):
    code = f'export const url = "{REAL_URL}"\n'
    findings = check({
        "package.json": ADAPTER_PKG,
        "apps/webapp/test/runOps.test.ts": code,
        "apps/webapp/__tests__/env.ts": code,
        "apps/webapp/integration/setup.ts": code,
        "apps/webapp/app/config.server.ts": code,
    })
    by_path = {}
    for f in findings:
        by_path.setdefault(f.path, set()).add(f.code)
    assert set(by_path) == {"apps/webapp/app/config.server.ts"}
    # PC309 on the same literal is folded into PC307 (one cause, one finding)
    assert "PC307" in by_path["apps/webapp/app/config.server.ts"]
    pc307 = next(f for f in findings if f.code == "PC307")
    assert "connection_limit does nothing" in pc307.message


def test_a_testcontainers_helper_is_a_test_file_wherever_it_lives(check):
    harness = f"""
        import {{ PostgreSqlContainer }} from "@testcontainers/postgresql"
        export const fallback = "{REAL_URL}"
        """
    findings = check({
        "package.json": ADAPTER_PKG,
        "src/db-container.ts": harness,
        "src/db-url.ts": f'export const fallback = "{REAL_URL}"\n',
    }, select=["PC307"])
    assert codes_at(findings) == [("src/db-url.ts", 1, "PC307")]


def test_module_client_of_an_integration_harness_is_not_a_dev_server_leak(check):
    client = """
        import { PrismaClient } from "@prisma/client"
        export const prisma = new PrismaClient()
        """
    findings = check({
        "package.json": '{"dependencies": {"next": "15", "@prisma/client": "6.2.0"}}',
        "integration/db-boolean.ts": client,
        "vitestSetup.ts": client,
        "lib/db.ts": client,
    }, select=["PC102"])
    assert codes_at(findings) == [("lib/db.ts", 2, "PC102")]


def test_adapter_pools_of_seeds_and_scripts_need_no_size(check):
    pool = """
        import { PrismaPg } from "@prisma/adapter-pg"
        const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL })
        """
    findings = check({
        "package.json": ADAPTER_PKG,
        "prisma/seed.ts": pool,
        "scripts/check-db.js": pool,
        "src/lib/prisma.ts": pool,
    }, select=["PC310"])
    assert codes_at(findings) == [("src/lib/prisma.ts", 2, "PC310")]


def test_compose_file_of_an_e2e_suite_is_test_scope(check):
    compose = """
        services:
          app:
            image: app
            environment:
              DATABASE_URL: postgresql://app_user:Q7v9xTq2LmZ4@db-prod.internal.acme.io:5432/app
        """
    findings = check({
        "package.json": ADAPTER_PKG,
        "cypress/docker-compose.yml": compose,
        "deploy/docker-compose.yml": compose,
    }, select=["PC307"])
    assert codes_at(findings) == [("deploy/docker-compose.yml", 5, "PC307")]


# ---------------------------------------------------------------- PC308 fallbacks
CONFIG = """
    import {{ defineConfig }} from "prisma/config"
    export default defineConfig({{
      schema: "prisma/schema.prisma",
      datasource: {{ url: {url} }},
    }})
    """


def test_pc308_a_fallback_chain_needs_one_defined_alternative(check):
    """rallly: `process.env.DIRECT_DATABASE_URL || process.env.DATABASE_URL`, where only
    DATABASE_URL is in an env file: DIRECT_DATABASE_URL is optional."""
    findings = check({
        "package.json": '{"dependencies": {"prisma": "7.1.0"}}',
        "prisma.config.ts": CONFIG.format(url="process.env.DIRECT_DATABASE_URL || process.env.DATABASE_URL"),
        ".env.sample": "DATABASE_URL=postgresql://app@localhost:5432/app\n",
    }, select=["PC308"])
    assert findings == []


def test_pc308_a_literal_default_ends_the_chain(check):
    findings = check({
        "package.json": '{"dependencies": {"prisma": "7.1.0"}}',
        "prisma.config.ts": CONFIG.format(url='process.env.DIRECT_URL ?? "file:./dev.db"'),
        ".env": "OTHER=1\n",
    }, select=["PC308"])
    assert findings == []


def test_pc308_still_reports_a_chain_of_undefined_names(check):
    findings = check({
        "package.json": '{"dependencies": {"prisma": "7.1.0"}}',
        "prisma.config.ts": CONFIG.format(url="process.env.DIRECT_DATABASE_URL || process.env.DATABSE_URL"),
        ".env": "DATABASE_URL=postgresql://app@localhost:5432/app\n",
    }, select=["PC308"])
    assert codes_at(findings) == [("prisma.config.ts", 4, "PC308")]
    assert "`DIRECT_DATABASE_URL`, `DATABSE_URL`" in findings[0].message


def test_a_python_testcontainers_helper_is_test_scope(check):
    findings = check({
        "pyproject.toml": "[project]\nname = 'x'\n",
        "app/dbfixture.py": f"""
            from testcontainers.postgres import PostgresContainer
            from prisma import Prisma
            URL = "{REAL_URL}"
            """,
        "app/settings.py": f'URL = "{REAL_URL}"\n',
    }, select=["PC307"])
    assert codes_at(findings) == [("app/settings.py", 1, "PC307")]
