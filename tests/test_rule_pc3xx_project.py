"""PC303 and PC309: URLs judged against the deployment platform and the client kind."""

import pytest

from conftest import codes_at
from project_helpers import client, run_project_rule, url

P6 = '{"dependencies": {"@prisma/client": "^6.4.0", "next": "15"}}'
P7 = '{"dependencies": {"@prisma/client": "7.0.0", "@prisma/adapter-pg": "7.0.0", "hono": "4"}}'
DIRECT = "postgresql://app:s3cret@db.example.com:5432/app"


@pytest.mark.parametrize("platform", [
    {"vercel.json": "{}"},
    {"netlify.toml": "[build]\ncommand = 'npm run build'\n"},
    {"serverless.yml": "service: api\nprovider: {name: aws}\nfunctions: {api: {handler: h.main}}\n"},
    {"template.yaml": "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n"},
    {"sst.config.ts": "export default {}\n"},
    {".vercel/project.json": "{}"},
], ids=["vercel", "netlify", "serverless.yml", "sam", "sst", ".vercel"])
def test_pc303_direct_url_without_limit_on_serverless(tmp_path, platform):
    found = run_project_rule(tmp_path, "PC303", {"package.json": P6, **platform}, {".env": [url(1, DIRECT)]})
    assert [f[:3] for f in found] == [(".env", 1, "PC303")]
    assert "s3cret" not in found[0][3]


def test_pc303_limit_too_high_and_threshold_config(tmp_path):
    files = {"package.json": P6, "vercel.json": "{}"}
    facts = {".env": [url(1, DIRECT + "?connection_limit=5")]}
    found = run_project_rule(tmp_path, "PC303", files, facts)
    assert [f[:3] for f in found] == [(".env", 1, "PC303")]
    assert "connection_limit=5" in found[0][3]
    assert run_project_rule(tmp_path, "PC303", files, facts, serverless_connection_limit=5) == []


@pytest.mark.parametrize("value", [
    DIRECT + "?connection_limit=1",
    "postgresql://u:p@aws-0-eu.pooler.supabase.com:6543/postgres?pgbouncer=true",
    "prisma://accelerate.prisma-data.net/?api_key=xyz",
    # the local development database (serverless-express's .env): not what is deployed
    "mysql://root:@localhost:3306/dev",
    "postgresql://postgres:postgres@127.0.0.1:5432/app",
])
def test_pc303_clean_urls(tmp_path, value):
    files = {"package.json": P6, "vercel.json": "{}"}
    assert run_project_rule(tmp_path, "PC303", files, {".env": [url(1, value)]}) == []


def test_pc303_long_running_server_is_clean(tmp_path):
    files = {"package.json": P6, "Dockerfile": "FROM node:22\n"}
    assert run_project_rule(tmp_path, "PC303", files, {".env": [url(1, DIRECT)]}) == []


def test_pc303_config_serverless(tmp_path):
    files = {"package.json": P6}
    assert [f[:3] for f in run_project_rule(tmp_path, "PC303", files, {".env": [url(1, DIRECT)]}, serverless=True)] \
        == [(".env", 1, "PC303")]
    files["vercel.json"] = "{}"
    assert run_project_rule(tmp_path, "PC303", files, {".env": [url(1, DIRECT)]}, serverless=False) == []


def test_pc303_direct_url_for_migrations_and_example_env_are_clean(tmp_path):
    files = {"package.json": P6, "vercel.json": "{}"}
    facts = {".env": [url(2, DIRECT, env_var="DIRECT_URL")], ".env.example": [url(1, DIRECT)],
             # a stage's template (digis-app's .env.production.example) is an example too
             ".env.production.example": [url(1, DIRECT)], ".env.local.sample": [url(1, DIRECT)]}
    assert run_project_rule(tmp_path, "PC303", files, facts) == []
    # ...but a stage's own file is what is deployed
    facts = {".env.production": [url(1, DIRECT)]}
    assert [f[:3] for f in run_project_rule(tmp_path, "PC303", files, facts)] == [(".env.production", 1, "PC303")]


def test_pc303_needs_prisma_somewhere_in_the_run(tmp_path):
    """digis-app: node-postgres apps on Vercel, no schema, no Prisma package, no Prisma
    client: connection_limit is not theirs to set. One Prisma signal anywhere in the run
    (a workspace package's dependency, a schema) brings the rule back."""
    pg = '{"dependencies": {"pg": "8.11.0", "express": "4"}}'
    facts = {".env": [url(1, DIRECT)]}
    assert run_project_rule(tmp_path / "a", "PC303", {"package.json": pg, "vercel.json": "{}"}, facts) == []
    files = {"package.json": pg, "vercel.json": "{}", "packages/db/package.json": P6}
    assert [f[:3] for f in run_project_rule(tmp_path / "b", "PC303", files, facts)] == [(".env", 1, "PC303")]
    files = {"package.json": pg, "vercel.json": "{}", "prisma/schema.prisma": 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n'}
    assert [f[:3] for f in run_project_rule(tmp_path / "c", "PC303", files, facts)] == [(".env", 1, "PC303")]


def test_pc303_a_bare_scheme_in_code_is_no_url(check):
    """`url.startsWith('postgresql://')` (digis-app's env validator): the literal names a
    kind of URL, it connects nowhere; a URL split over literals still counts whole."""
    found = check({
        "package.json": P6, "vercel.json": "{}",
        "lib/env.js": "export function ok(u) {\n"
                      "  return u.startsWith('postgresql://') || u.startsWith('postgres://') || u === `mysql://`;\n}\n",
        "lib/db.py": 'import os\nok = os.environ["DATABASE_URL"].startswith("postgresql://")\n',
        "lib/split.js": "export const u = 'postgresql://' + 'app:pw@db.example.com:5432/app';\n",
    }, select=["PC303"])
    assert codes_at(found) == [("lib/split.js", 1, "PC303")]


def test_pc303_prisma7_pool_without_max(tmp_path):
    files = {"package.json": P7, "vercel.json": "{}"}
    facts = {"src/db.ts": [client(3, "adapter", "PrismaPg", connectionString="x"),
                           client(7, "pool", "Pool", max=1)]}
    found = run_project_rule(tmp_path, "PC303", files, facts)
    assert [f[:3] for f in found] == [("src/db.ts", 3, "PC303")]
    assert "without `max`" in found[0][3]


def test_pc309_pool_params_with_adapter(tmp_path):
    files = {"package.json": P7}
    facts = {".env": [url(1, DIRECT + "?connection_limit=5&pool_timeout=10&sslmode=require")]}
    found = run_project_rule(tmp_path, "PC309", files, facts)
    assert [f[:3] for f in found] == [(".env", 1, "PC309")]
    assert found[0][3].startswith("connection_limit and pool_timeout in `DATABASE_URL` do nothing")
    # what to do instead, parameter by parameter
    assert "set `max`, `connectionTimeoutMillis` on the adapter's pool instead" in found[0][3]
    assert "s3cret" not in found[0][3]


def test_pc309_one_parameter_does_nothing_and_says_what_to_set(tmp_path):
    facts = {".env": [url(1, DIRECT + "?connection_limit=5")]}
    found = run_project_rule(tmp_path, "PC309", {"package.json": P7}, facts)
    assert found[0][3].startswith("connection_limit in `DATABASE_URL` does nothing: a Prisma 7 driver adapter")
    assert "set `max` on the adapter's pool instead" in found[0][3]
    facts = {".env": [url(1, DIRECT + "?pgbouncer=true")]}
    found = run_project_rule(tmp_path, "PC309", {"package.json": P7}, facts)
    assert "drop pgbouncer (the driver has no equivalent)" in found[0][3]


def test_pc309_accelerate_url(tmp_path):
    files = {"package.json": P6}
    facts = {".env": [url(1, "prisma://accelerate.prisma-data.net/?api_key=k&connection_limit=3")]}
    assert [f[:3] for f in run_project_rule(tmp_path, "PC309", files, facts)] == [(".env", 1, "PC309")]


def test_pc309_engine_reads_params_clean(tmp_path):
    files = {"package.json": P6}
    facts = {".env": [url(1, DIRECT + "?connection_limit=5")]}
    assert run_project_rule(tmp_path, "PC309", files, facts) == []
    facts = {".env": [url(1, DIRECT + "?sslmode=require")]}
    assert run_project_rule(tmp_path, "PC309", {"package.json": P7}, facts) == []


class _Url:
    def __init__(self, role, env_var):
        self.role, self.env_var = role, env_var


class _Ds:
    def __init__(self, *urls):
        self.urls = urls


class _Schema:
    def __init__(self, *datasources):
        self.datasources = datasources


def test_pc303_follows_the_schema_env_names(tmp_path):
    """`url = env("PRISMA_DB")` makes PRISMA_DB the runtime URL; `directUrl = env("MAIN")` is not."""
    import poolcheck.project.context as project_mod

    files = {"package.json": P6, "vercel.json": "{}"}
    facts = {".env": [url(1, DIRECT, env_var="PRISMA_DB"), url(2, DIRECT, env_var="DATABASE_URL")],
             "prisma/schema.prisma": []}
    original = project_mod.build_contexts

    def with_schema(files_, settings, finder=None):
        contexts = original(files_, settings, finder)
        for ctx in contexts:
            for f in ctx.files:
                if f.path.name == "schema.prisma":
                    f.models["schema"] = _Schema(_Ds(_Url("url", "PRISMA_DB"), _Url("directUrl", "DATABASE_URL")))
        return contexts

    import project_helpers
    project_helpers.build_contexts = with_schema
    try:
        found = run_project_rule(tmp_path, "PC303", files, facts)
    finally:
        project_helpers.build_contexts = original
    assert [f[:3] for f in found] == [(".env", 1, "PC303")]


def test_pc303_sst_config_url_counts_only_through_the_schemas_env(check):
    """next-learn-hono-prisma-sst: sst.config.ts hands DATABASE_URL to the function, but
    the schema's url is "" and the app builds its own URL from `Resource` (reported
    there): the config's template is not what the client reads."""
    config = ("export default $config({ async run() {\n"
              "  const rds = new sst.aws.Postgres(\"Db\");\n"
              "  const url = $interpolate`postgresql://${rds.username}:${rds.password}@${rds.host}/${rds.database}`;\n"
              "  new sst.aws.Function(\"Api\", { link: [rds], environment: { DATABASE_URL: url }, handler: \"src/h.handler\" });\n"
              "} });\n")
    files = {"package.json": P6, "sst.config.ts": config}
    unread = 'datasource db {\n  provider = "postgresql"\n  url      = ""\n}\n'
    assert check({**files, "prisma/schema.prisma": unread}, select=["PC303"]) == []
    read = unread.replace('""', 'env("DATABASE_URL")')
    assert codes_at(check({**files, "prisma/schema.prisma": read}, select=["PC303"])) == [("sst.config.ts", 3, "PC303")]
