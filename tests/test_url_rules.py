"""PC301, PC302, PC304-PC308, PC310-PC312: what each flags and what it leaves alone.

Schema, env and config URLs run end to end through the engine; PC310, PC311 and the
adapter side of PC304 use hand-built facts (the TS/Python front-ends test them end to end).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from poolcheck.config import Settings
from poolcheck.core.diagnostics import Severity, Span
from poolcheck.facts import MODULE_SCOPE, ClientApi, ClientConstruction, FileFacts, UrlConcatenation, UrlLiteral
from poolcheck.rules import FileRuleContext, load

from conftest import codes_at

PKG6 = '{"dependencies": {"@prisma/client": "^6.2.0"}, "devDependencies": {"prisma": "^6.2.0"}}'
PKG7 = '{"dependencies": {"@prisma/client": "7.0.0", "@prisma/adapter-pg": "7.0.0"}, "devDependencies": {"prisma": "7.0.0"}}'
SUPA = "postgresql://postgres.ref:pw@aws-0-eu-central-1.pooler.supabase.com:6543/postgres"


def schema(url_line: str, extra: str = "", provider: str = "postgresql") -> str:
    return f'datasource db {{\n  provider = "{provider}"\n  {url_line}\n{extra}}}\n'


def run_rule(code: str, facts: FileFacts, **options):
    rule = load()[code]
    ctx = FileRuleContext(spec=rule.spec, settings=Settings(options=options), facts=facts)
    return list(rule.check(ctx))


# ---------------------------------------------------------------- PC301
def test_pc301_flags_pooler_urls_without_the_flag_in_env_and_schema(check):
    found = check({
        "package.json": PKG6,
        ".env": f'DATABASE_URL="{SUPA}"\nNEON_URL=postgresql://u:p@ep-x-123-pooler.us-east-2.aws.neon.tech/db\n'
                f'BOUNCER=postgresql://u:p@pgbouncer:5432/db\nPORT_URL=postgresql://u:p@10.0.0.5:6432/db\n',
        "prisma/schema.prisma": schema('url = "postgresql://u:p@db.internal:6543/app"'),
    }, select=["PC301"])
    # Neon's pooler (line 2) tracks prepared statements (PgBouncer 1.22): no flag needed
    assert codes_at(found) == [(".env", 1, "PC301"), (".env", 3, "PC301"),
                               (".env", 4, "PC301"), ("prisma/schema.prisma", 3, "PC301")]
    first = next(f for f in found if f.line == 1)
    assert first.col == 15 and "pgbouncer=true" in first.message and ":pw@" not in first.message


def test_pc301_leaves_alone_flagged_direct_session_and_prisma7_urls(check, tmp_path):
    found = check({
        "package.json": PKG6,
        ".env": f'A="{SUPA}?pgbouncer=true"\nB=postgresql://u:p@db.ref.supabase.co:5432/postgres\n'
                f'C=postgresql://u:p@aws-0-x.pooler.supabase.com:5432/postgres\n'
                f'DIRECT_URL="{SUPA}"\nD=mysql://u:p@h:6543/db\n',
    }, select=["PC301"])
    assert found == []
    seven = tmp_path / "seven"
    seven.mkdir()
    (seven / "package.json").write_text(PKG7)
    (seven / ".env").write_text(f'DATABASE_URL="{SUPA}"\n')
    from conftest import check_tree
    assert check_tree(seven, select=["PC301"]) == []
    assert codes_at(check_tree(seven, select=["PC301"], prisma_version="6")) == [(".env", 1, "PC301")]


# ---------------------------------------------------------------- PC302
def test_pc302_pooled_url_without_direct_url(check):
    found = check({
        "package.json": PKG6,
        ".env": f'DATABASE_URL="{SUPA}?pgbouncer=true"\n',
        "prisma/schema.prisma": schema('url = env("DATABASE_URL")'),
    }, select=["PC302"])
    assert codes_at(found) == [("prisma/schema.prisma", 3, "PC302")]
    assert ":pw@" not in found[0].message


def test_pc302_leaves_alone_direct_url_and_unpooled(check):
    assert check({
        "package.json": PKG6,
        ".env": f'DATABASE_URL="{SUPA}?pgbouncer=true"\nDIRECT_URL=postgresql://u:p@db.x.supabase.co:5432/postgres\n'
                'OTHER=postgresql://u:p@h:5432/db\n',
        "prisma/schema.prisma": schema('url = env("DATABASE_URL")\n  directUrl = env("DIRECT_URL")'),
        "b/package.json": PKG6,
        "b/prisma/schema.prisma": schema('url = env("OTHER")'),
        "b/.env": "OTHER=postgresql://u:p@h:5432/db\n",
    }, select=["PC302"]) == []


def test_pc302_prisma7_config_url_pooled(check):
    found = check({
        "package.json": PKG7,
        ".env": f'DATABASE_URL="{SUPA}"\n',
        "prisma.config.ts": 'import { defineConfig, env } from "prisma/config"\n'
                            'export default defineConfig({\n  schema: "prisma/schema.prisma",\n'
                            '  datasource: { url: env("DATABASE_URL") },\n})\n',
        "prisma/schema.prisma": 'datasource db {\n  provider = "postgresql"\n}\n',
    }, select=["PC302"])
    assert codes_at(found) == [("prisma.config.ts", 4, "PC302")]


# ---------------------------------------------------------------- PC304
def test_pc304_pool_timeout_zero_and_leaves_finite_alone(check):
    found = check({
        ".env": "A=postgresql://h/db?pool_timeout=0\nB=postgresql://h/db?pool_timeout=20\n"
                "C=sqlserver://h:1433;database=d;poolTimeout=0\n",
    }, select=["PC304"])
    assert [(f.line, f.col) for f in found] == [(1, 21), (3, 33)]


def _pool(options, kind="pool", class_name="Pool"):
    return ClientConstruction(Span(3, 14, 3, 40), kind, class_name, MODULE_SCOPE,
                              options=tuple(options.items()),
                              option_spans=tuple((k, Span(3, 20, 3, 30)) for k in options), api=ClientApi.JS)


def test_pc304_adapter_connection_timeout_zero():
    facts = FileFacts(Path("db.ts"), "typescript", [
        _pool({"connectionString": "x", "max": 5, "connectionTimeoutMillis": 0}),
        _pool({"connectionString": "x", "max": 5, "connectionTimeoutMillis": 3000}),
    ])
    found = run_rule("PC304", facts)
    assert [d.span for d in found] == [Span(3, 20, 3, 30)]


# ---------------------------------------------------------------- PC305
def test_pc305_unknown_parameters_with_did_you_mean(check):
    found = check({
        ".env": "A=postgresql://h/db?connection_limt=5\nB=postgresql://h/db?connectionLimit=5\n"
                "C=mysql://h/db?pgbouncer=true\nD=postgresql://h/db?poolTimeout=5\n",
    }, select=["PC305"])
    messages = {f.line: f.message for f in found}
    assert "did you mean `connection_limit`" in messages[1] and "did you mean `connection_limit`" in messages[2]
    assert "PostgreSQL parameter" in messages[3] and "did you mean `pool_timeout`" in messages[4]
    assert [f.col for f in found] == [21, 21, 16, 21]


def test_pc305_leaves_known_and_driver_parameters_alone(check):
    assert check({
        ".env": "A=postgresql://h/db?sslmode=require&application_name=x&schema=s&connection_limit=1&pgbouncer=true"
                "&statement_cache_size=0&options=-c%20x%3Dy\nB=sqlserver://h;database=d;connectionLimit=2;encrypt=true\n"
                "C=mongodb+srv://u:p@c/db?retryWrites=true&w=majority\nD=file:./dev.db?connection_limit=1\n",
    }, select=["PC305"]) == []


# ---------------------------------------------------------------- PC306
def test_pc306_malformed_queries(check):
    found = check({
        ".env": "A=postgresql://h/db?schema=a?connection_limit=1\nB=postgresql://h/db&connection_limit=1\n"
                "C=postgresql://h/db?connection_limit=ten\nD=postgresql://h/db?pgbouncer=TRUE\n"
                "E=postgresql://h/db?connection_limit=0\nF=postgresql://h/db?schema=a&schema=b\nG=postgresql://h/db?=1\n",
    }, select=["PC306"])
    assert sorted((f.line, f.code) for f in found) == [(n, "PC306") for n in range(1, 8)]


def test_pc306_duplicate_key_is_a_warning_and_valid_queries_pass(tmp_path):
    from poolcheck.config import load_settings
    from poolcheck.engine import run
    from poolcheck.rules import implemented_codes

    (tmp_path / ".env").write_text("F=postgresql://h/db?schema=a&schema=b\nOK=postgresql://h/db?schema=a&pgbouncer=false\n")
    settings = load_settings(None, implemented_codes())
    settings.select = ["PC306"]
    result = run([tmp_path], settings)
    assert [(d.span.line, d.severity) for d in result.diagnostics] == [(1, Severity.WARNING)]


# ---------------------------------------------------------------- PC307
def test_pc307_literal_passwords_outside_env_files(check):
    found = check({
        "prisma/schema.prisma": schema('url = "postgresql://app:Zq81kk@db.acme-prod.net/app"'),
        "prisma.config.ts": 'export default { datasource: { url: "postgresql://u:Zq81kk@db.acme-prod.net/x" } }\n',
        ".env": "DATABASE_URL=postgresql://app:Zq81kk@db.acme-prod.net/app\n",
        "b/prisma/schema.prisma": schema('url = "prisma://accelerate.prisma-data.net/?api_key=eyJhbGc"'),
    }, select=["PC307"])
    assert codes_at(found) == [("b/prisma/schema.prisma", 3, "PC307"), ("prisma.config.ts", 1, "PC307"),
                               ("prisma/schema.prisma", 3, "PC307")]
    assert all("Zq81kk" not in f.message and "eyJhbGc" not in f.message for f in found)


def test_pc307_config_and_code_literals_via_facts():
    facts = FileFacts(Path("prisma.config.ts"), "typescript", [
        UrlLiteral(Span(2, 10, 2, 40), "postgresql://u:Zq81kk@db.acme-prod.net/x", "config", "datasource.url"),
        # a dev default on a local service: not a leaked secret (was W before issue 12)
        UrlLiteral(Span(3, 10, 3, 40), "postgresql://u:postgres@localhost:5432/x", "code", "datasourceUrl"),
        UrlLiteral(Span(4, 10, 4, 40), "postgresql://u@db.acme-prod.net/x", "code", "datasourceUrl"),
        UrlLiteral(Span(5, 10, 5, 40), "postgresql://u:Zq81kk@localhost:5432/x", "code", "datasourceUrl"),
    ])
    found = run_rule("PC307", facts)
    assert [(d.span.line, d.severity) for d in found] == [(2, Severity.ERROR)]


def test_pc307_leaves_env_references_alone(check):
    assert check({"prisma/schema.prisma": schema('url = env("DATABASE_URL")'),
                  ".env": "DATABASE_URL=postgresql://u:p@h/db\n"}, select=["PC307"]) == []


# ---------------------------------------------------------------- PC308
def test_pc308_undefined_env_var_only_when_env_files_exist(check, tmp_path):
    found = check({
        "prisma/schema.prisma": schema('url = env("DATABSE_URL")\n  directUrl = env("DIRECT_URL")'),
        ".env": "DATABASE_URL=postgresql://h/db\n",
        ".env.example": "DIRECT_URL=\n",
    }, select=["PC308"])
    assert [(f.path, f.line, f.col) for f in found] == [("prisma/schema.prisma", 3, 9)]
    from conftest import check_tree
    bare = tmp_path / "bare"
    bare.mkdir()
    (bare / "schema.prisma").write_text(schema('url = env("NOPE")'))
    assert check_tree(bare, select=["PC308"]) == []


def test_pc308_and_pc302_read_the_schemas_prisma_loads_not_sample_schemas_in_the_code(check):
    """amplication ships other apps' schemas as data (`src/core/.../papermark/papermark.prisma`):
    no datasource of this project; its own `prisma/` and `schema/` files are."""
    found = check({
        "package.json": '{"name": "app"}',
        ".env": "DATABASE_URL=postgresql://h/db\n",
        "prisma/schema.prisma": schema('url = env("DATABSE_URL")'),
        "db/schema/main.prisma": schema('url = env("MAIN_URL")'),
        "src/samples/papermark/papermark.prisma": schema('url = env("SAMPLE_URL")'),
    }, select=["PC308"])
    assert sorted(f.path for f in found) == ["db/schema/main.prisma", "prisma/schema.prisma"]


def test_pc308_a_name_an_env_example_shows_commented_is_documented(check):
    """Wasp's open-saas template: `.env.server.example` documents `# DATABASE_URL=` (Wasp
    provides it); a name no line shows, commented or not, is still reported, and a comment
    that only mentions the name is no assignment."""
    found = check({
        "schema.prisma": schema('url = env("DATABASE_URL")\n  directUrl = env("DIRECT_URL")\n'
                                '  shadowDatabaseUrl = env("SHADOW_URL")'),
        ".env.server.example": "# If you use `wasp start db` you need no DATABASE_URL here.\n"
                               "# DATABASE_URL=\nSTRIPE_API_KEY=sk_test_x\n#   export DIRECT_URL = postgres://h/db\n"
                               "# SHADOW_URL is set by CI\n",
    }, select=["PC308"])
    assert [(f.path, f.line) for f in found] == [("schema.prisma", 5)]


def test_pc308_config_env_var(check):
    found = check({
        ".env": "DATABASE_URL=postgresql://h/db\n",
        "prisma.config.ts": 'import { defineConfig, env } from "prisma/config"\n'
                            'export default defineConfig({ datasource: { url: env("DB_URL") } })\n',
    }, select=["PC308"])
    assert codes_at(found) == [("prisma.config.ts", 2, "PC308")]
    assert found[0].message.startswith('env("DB_URL") for datasource.url is not defined')


def test_pc308_config_quotes_process_env_as_written(check):
    """corpus7 NestJS chat app: `url: process.env.DIRECT_URL!` was quoted as
    `env("DIRECT_URL")`, which is nowhere in the file."""
    for url, shown in (("process.env.DIRECT_URL!", "process.env.DIRECT_URL"),
                       ('process.env["DIRECT_URL"]', 'process.env["DIRECT_URL"]')):
        found = check({
            ".env": "DATABASE_URL=postgresql://h/db\n",
            "prisma.config.ts": 'import { defineConfig } from "prisma/config"\n'
                                f'export default defineConfig({{ datasource: {{ url: {url} }} }})\n',
        }, select=["PC308"])
        assert codes_at(found) == [("prisma.config.ts", 2, "PC308")]
        assert found[0].message.startswith(f"{shown} for datasource.url is not defined"), found[0].message
        assert 'env("' not in found[0].message


def test_pc308_a_variable_the_app_sets_itself_is_defined(check):
    """zipline: its config loader sets `process.env.DATABASE_URL` from its own settings
    before the client starts, so no env file need define it; a test setting a variable
    defines nothing for the deployed app, and a comparison is no assignment."""
    found = check({
        ".env.example": "CORE_SECRET=x\n",
        "prisma/schema.prisma": schema('url = env("DATABASE_URL")\n  directUrl = env("DIRECT_URL")\n'
                                       '  shadowDatabaseUrl = env("SHADOW_URL")'),
        "src/lib/config/read.ts": "import { config } from './validate'\n"
                                  "export function load() {\n"
                                  "  if (process.env.SHADOW_URL === undefined) return\n"
                                  "  process.env.DATABASE_URL = config.core.databaseUrl\n}\n",
        "src/db.test.ts": "process.env['DIRECT_URL'] = 'postgresql://localhost/test'\n",
    }, select=["PC308"])
    assert [(f.path, f.line) for f in found] == [("prisma/schema.prisma", 4), ("prisma/schema.prisma", 5)]


@pytest.mark.parametrize("line", [
    'os.environ["DATABASE_URL"] = settings.database_url',
    "os.environ.setdefault('DATABASE_URL', build_url())",
    'environ["DATABASE_URL"] = url',
])
def test_pc308_a_python_app_setting_the_variable_defines_it(check, line):
    found = check({
        ".env": "OTHER=1\n",
        "schema.prisma": schema('url = env("DATABASE_URL")'),
        "app/settings.py": f"import os\nfrom os import environ\n\n{line}\n",
    }, select=["PC308"])
    assert found == []


def test_pc308_assignment_scan_reads_js_and_python_shapes():
    from poolcheck.project.env import assigned_env_names

    js = (b"process.env.A = 1; process.env['B'] ??= x; process.env.C == y; process.env.D => 1;\n"
          b"process.env[`E`] ||= z; const f = process.env.F\n")
    assert assigned_env_names("typescript", js) == ("A", "B", "E")
    assert assigned_env_names("vue", b"process.env.A = 1") == ("A",)
    assert assigned_env_names("markdown", b"process.env.A = 1") == ()
    py = b"os.environ['A'] = 1\nif os.environ['B'] == 2: pass\nos.putenv('C', v)\nx = os.environ['D']\n"
    assert assigned_env_names("python", py) == ("A", "C")
    assert assigned_env_names("prisma", b"process.env.A = 1") == ()


def test_pc308_a_variable_the_deployment_sets_is_defined(check):
    """loan-wolf: its Dockerfile sets `ENV DATABASE_URL file:/data/...`, and compose
    services name theirs in `environment:`; a database service's variables and a
    Dockerfile under tests define nothing for the app."""
    found = check({
        ".env.example": "SECRET=x\n",
        "prisma/schema.prisma": schema('url = env("DATABASE_URL")\n  directUrl = env("DIRECT_URL")\n'
                                       '  shadowDatabaseUrl = env("SHADOW_URL")'),
        "Dockerfile": "FROM node:20\n# ENV SHADOW_URL=commented\nENV DATABASE_URL file:/data/app.db\n"
                      "ENV NODE_ENV=production \\\n    PORT=3000\nCMD [\"node\", \"server.js\"]\n",
        "docker-compose.yml": "services:\n  app:\n    build: .\n    environment:\n      - PORT=3000\n"
                              "  db:\n    image: postgres:16\n    environment:\n      SHADOW_URL: x\n",
        "tests/e2e/Dockerfile": "FROM node:20\nENV DIRECT_URL=postgresql://db/test\n",
    }, select=["PC308"])
    assert [(f.path, f.line) for f in found] == [("prisma/schema.prisma", 4), ("prisma/schema.prisma", 5)]
    found = check({
        ".env.example": "SECRET=x\n",
        "prisma/schema.prisma": schema('url = env("DATABASE_URL")\n  directUrl = env("DIRECT_URL")'),
        "deploy/docker-compose.yml": "services:\n  api:\n    image: ghcr.io/acme/api\n    environment:\n"
                                     "      DATABASE_URL: ${DATABASE_URL}\n      DIRECT_URL:\n",
    }, select=["PC308"])
    assert found == []


def test_pc308_dockerfile_scan_reads_env_and_arg_forms():
    from poolcheck.frontends.deploy.platforms import dockerfile_env_names

    text = ("FROM node\nENV DATABASE_URL file:/x.db\nenv A=1 B=\"x y\" \\\n   C=3\nARG DIRECT_URL\n"
            "ARG X=2\nRUN echo ENV=1 && export NOPE=1\n# ENV COMMENTED=1\nENV\n")
    assert dockerfile_env_names(text) == ("DATABASE_URL", "A", "B", "C", "DIRECT_URL", "X")


# ---------------------------------------------------------------- PC310
def test_pc310_adapter_pool_without_max_or_timeout():
    facts = FileFacts(Path("db.ts"), "typescript", [
        _pool({"connectionString": "x"}, "adapter", "PrismaPg"),
        _pool({"connectionString": "x"}),
        _pool({"connectionString": "x", "max": 5}),
        _pool({"connectionString": "x", "connectionTimeoutMillis": 2000}, "adapter", "PrismaPg"),
        _pool({}, "adapter", "PrismaPg"),                       # wraps a pool built elsewhere
        _pool({"url": "libsql://x"}, "adapter", "PrismaLibSql"),  # HTTP: no pool
    ])
    assert len(run_rule("PC310", facts)) == 2


# ---------------------------------------------------------------- PC311
def test_pc311_one_diagnostic_per_concatenation():
    facts = FileFacts(Path("db.py"), "python", [
        UrlConcatenation(Span(4, 7, 4, 50), "f-string", "DATABASE_URL", "?connection_limit=1"),
        UrlConcatenation(Span(9, 7, 9, 50), "+", None, "&pool_timeout=5"),
    ])
    found = run_rule("PC311", facts)
    assert [d.span.line for d in found] == [4, 9] and "`DATABASE_URL`" in found[0].message
    # `?...` risks a second `?`; `&...` assumes a query is already there (defi-wealth)
    assert "two `?`" in found[0].message and "two `?`" not in found[1].message
    assert "has no query yet" in found[1].message
    assert run_rule("PC311", FileFacts(Path("x.py"), "python", [])) == []


# ---------------------------------------------------------------- PC312
def test_pc312_rds_proxy(check):
    found = check({".env": "A=postgresql://u:p@app.proxy-abc123.us-east-1.rds.amazonaws.com:5432/db\n"
                           "B=postgresql://u:p@app.abc123.us-east-1.rds.amazonaws.com:5432/db\n"},
                  select=["PC312"])
    assert codes_at(found) == [(".env", 1, "PC312")]




def test_pc301_asks_the_package_view_never_the_disk():
    """The engine hands file rules the file's package (facts.PackageView); PC301 reads the
    Prisma version there. No package known: judged as Prisma <= 6 (the engine reads the URL)."""
    from dataclasses import dataclass

    @dataclass
    class Package:
        engine_reads_url_params: bool

    pooled = "postgresql://u:p@aws-0-eu.pooler.supabase.com:6543/db"
    facts = FileFacts(Path(".env"), "dotenv", [UrlLiteral(Span(1, 14, 1, 14 + len(pooled)), pooled, "env",
                                                           "DATABASE_URL", "DATABASE_URL")])
    rule = load()["PC301"]

    def codes(package):
        ctx = FileRuleContext(spec=rule.spec, settings=Settings(), facts=facts, package=package)
        return [d.code for d in rule.check(ctx)]

    assert codes(Package(engine_reads_url_params=True)) == ["PC301"]
    assert codes(Package(engine_reads_url_params=False)) == []
    assert codes(None) == ["PC301"]
