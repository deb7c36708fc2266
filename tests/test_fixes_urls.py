"""URL fixes (PC301, PC304, PC305, PC306) in .env files, schema.prisma, prisma.config.ts and
code literals: applied with `--fix`, re-read by the real readers (dotenv and Prisma's
loader in Node, python-dotenv, Prisma's schema wasm, tree-sitter and oxc for TS), checked
again by poolcheck, idempotent, and never touching a password or printing one."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings, strategies as st

from conformance.oracles import needs_node, run_node, run_python_dotenv
from fix_helpers import cli, codes, findings, fix_text, report
from poolcheck.frontends.typescript import errors as ts_syntax
from poolcheck.frontends.ts_model import parser
from poolcheck.urlmodel import parse_url

SECRET = "s3cr%40t-Xq7-pw"          # percent-encoded `@` in it: must stay exactly so
SECRET_PLAIN = "s3cr@t-Xq7-pw"

ENV = (
    "# the app's database, through Supabase's pooler\r\n"
    f"DATABASE_URL=\"postgresql://app:{SECRET}@aws-0-eu.pooler.supabase.com:6543/postgres?connection_limt=5\"\r\n"
    f"DIRECT_URL=postgresql://app:{SECRET}@db.example-prod.io:5432/postgres?pool_timeout=5&pool_timeout=20\r\n"
    f"REPLICA_URL='postgresql://app:{SECRET}@replica.prod.io:5432/postgres?pgbouncer=TRUE?schema=app'\r\n"
    "OTHER=kept   # a comment\r\n"
)
ENV_FIXED = (
    "# the app's database, through Supabase's pooler\r\n"
    f"DATABASE_URL=\"postgresql://app:{SECRET}@aws-0-eu.pooler.supabase.com:6543/postgres?connection_limit=5&pgbouncer=true\"\r\n"
    f"DIRECT_URL=postgresql://app:{SECRET}@db.example-prod.io:5432/postgres?pool_timeout=20\r\n"
    f"REPLICA_URL='postgresql://app:{SECRET}@replica.prod.io:5432/postgres?pgbouncer=true&schema=app'\r\n"
    "OTHER=kept   # a comment\r\n"
)
URL_CODES = {"PC301", "PC304", "PC305", "PC306"}


@pytest.fixture
def env_project(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".env").write_bytes(ENV.encode())
    return tmp_path


def _no_secret(*outputs: str) -> None:
    for out in outputs:
        assert SECRET not in out and SECRET_PLAIN not in out and "Xq7" not in out


def test_env_fix_repairs_every_safe_finding_and_nothing_else(env_project, capsys):
    before = report(env_project, capsys=capsys)
    assert {r["code"] for r in before} >= {"PC301", "PC305", "PC306"}
    status, out, err = cli(env_project, "--fix", ".", capsys=capsys)
    _no_secret(out, err)
    assert (env_project / ".env").read_bytes() == ENV_FIXED.encode()  # CRLF, comments, quotes kept
    after = report(env_project, capsys=capsys)
    fixed = {r["code"] for r in before} - {r["code"] for r in after}
    assert fixed >= {"PC301", "PC305", "PC306"}
    assert not [r for r in after if r["code"] in URL_CODES]
    # nothing new: every finding after the fix was there before
    assert set(codes(after)) <= set(codes(before))
    assert "fixed" in err and "remaining" in err


def test_env_fix_is_idempotent(env_project, capsys):
    cli(env_project, "--fix", ".", capsys=capsys)
    first = (env_project / ".env").read_bytes()
    status, out, err = cli(env_project, "--fix", ".", capsys=capsys)
    assert (env_project / ".env").read_bytes() == first
    assert err.strip() == "poolcheck: no findings"
    assert cli(env_project, "--diff", ".", capsys=capsys)[0] == 0


@needs_node
def test_fixed_env_reads_the_same_in_dotenv_prisma_and_python_dotenv(env_project, capsys):
    cli(env_project, "--fix", ".", capsys=capsys)
    path = str(env_project / ".env")
    node = run_node("read_env.js", path)[path]
    python = run_python_dotenv(path)[path]
    for reader in (node["dotenv"], node["prisma"], python):
        url = parse_url(reader["DATABASE_URL"])
        assert url.password == SECRET_PLAIN and url.get("pgbouncer") == "true"
        assert url.get("connection_limit") == "5" and url.get("connection_limt") is None
        assert parse_url(reader["DIRECT_URL"]).get("pool_timeout") == "20"
        assert [p.key for p in parse_url(reader["DIRECT_URL"]).params] == ["pool_timeout"]
        replica = parse_url(reader["REPLICA_URL"])
        assert (replica.get("pgbouncer"), replica.get("schema"), replica.issues) == ("true", "app", ())
        assert reader["OTHER"] == "kept"
        # the authority is byte-for-byte the original one
        assert urlsplit(reader["DATABASE_URL"]).netloc == f"app:{SECRET}@aws-0-eu.pooler.supabase.com:6543"


def test_diff_prints_the_change_without_the_password_and_writes_nothing(env_project, capsys):
    status, out, err = cli(env_project, "--diff", ".", capsys=capsys)
    assert status == 1
    assert (env_project / ".env").read_bytes() == ENV.encode()
    assert out.startswith("--- a/.env\n+++ b/.env\n")
    assert "+DATABASE_URL=\"postgresql://app:***@aws-0-eu.pooler.supabase.com:6543/postgres?connection_limit=5&pgbouncer=true\"" in out
    _no_secret(out, err)
    assert "would fix" in err


def test_json_and_sarif_carry_the_fix_without_the_password(env_project, capsys):
    rows = report(env_project, capsys=capsys)
    pc305 = next(r for r in rows if r["code"] == "PC305")
    col = ENV.split("\r\n")[1].index("connection_limt") + 1
    assert pc305["fix"] == {
        "applicability": "safe", "message": "Rename `connection_limt` to `connection_limit`",
        "edits": [{"content": "connection_limit", "location": {"row": 2, "column": col},
                   "end_location": {"row": 2, "column": col + len("connection_limt")}}]}
    assert isinstance(pc305["help"], str) and pc305["help"]
    status, out, err = cli(env_project, "--format", "sarif", ".", capsys=capsys)
    _no_secret(out)
    import json

    results = json.loads(out)["runs"][0]["results"]
    fixed = [r for r in results if r["ruleId"] == "PC305"][0]
    (change,) = fixed["fixes"][0]["artifactChanges"]
    assert change["artifactLocation"]["uri"] == ".env"
    assert change["replacements"] == [{
        "deletedRegion": {"startLine": 2, "startColumn": col, "endLine": 2, "endColumn": col + 15},
        "insertedContent": {"text": "connection_limit"}}]


def test_unsafe_pool_timeout_fix_needs_unsafe_fixes(tmp_path, capsys):
    (tmp_path / ".git").mkdir()
    env = f"DATABASE_URL=postgresql://app:{SECRET}@db.prod.io:5432/app?pool_timeout=0\n"
    (tmp_path / ".env").write_text(env)
    status, out, err = cli(tmp_path, "--fix", ".", capsys=capsys)
    assert (tmp_path / ".env").read_text() == env
    assert "1 more fix available with --unsafe-fixes" in err
    cli(tmp_path, "--fix", "--unsafe-fixes", ".", capsys=capsys)
    assert (tmp_path / ".env").read_text() == env.replace("pool_timeout=0", "pool_timeout=10")
    assert not [r for r in report(tmp_path, capsys=capsys) if r["code"] == "PC304"]


SCHEMA = f"""\
// comment kept
datasource db {{
  provider = "postgresql"
  url      = "postgresql://app:{SECRET}@pgbouncer.prod.io:6432/app?sslmode=require"
  directUrl = env("DIRECT_URL")
}}

model User {{
  id Int @id
}}
"""


@needs_node
def test_schema_literal_gets_pgbouncer_and_prisma_still_reads_it(tmp_path, capsys):
    (tmp_path / ".git").mkdir()
    (tmp_path / "prisma").mkdir()
    schema = tmp_path / "prisma" / "schema.prisma"
    schema.write_text(SCHEMA)
    (tmp_path / ".env").write_text("DIRECT_URL=postgresql://app:pw@db.prod.io:5432/app\n")
    before = report(tmp_path, capsys=capsys)
    assert "PC301" in {r["code"] for r in before if r["path"].endswith("schema.prisma")}
    status, out, err = cli(tmp_path, "--fix", ".", capsys=capsys)
    _no_secret(out, err)
    fixed = schema.read_text()
    assert fixed == SCHEMA.replace("sslmode=require", "sslmode=require&pgbouncer=true")
    prisma = run_node("get_config.js", str(schema))[str(schema)]
    assert prisma["errors"] == []
    url = prisma["datasources"][0]["url"]
    value = url.get("value") if isinstance(url, dict) else url
    assert parse_url(value).pgbouncer and parse_url(value).password == SECRET_PLAIN
    after = report(tmp_path, capsys=capsys)
    assert not [r for r in after if r["code"] == "PC301"]
    assert set(codes(after)) <= set(codes(before))
    assert fix_text(schema, fixed) == fixed


CODE = f"""\
import {{ PrismaClient }} from '@prisma/client'

const url = 'postgresql://app:{SECRET}@db.prod.io:6543/app?pool_timeout=0'
export const prisma = new PrismaClient({{ datasourceUrl: url }})
"""


def _parses_as_typescript(text: str, grammar: str = "typescript") -> None:
    tree = parser(grammar).parse(text.encode())
    assert not tree.root_node.has_error
    assert ts_syntax.oxc_verdict(text.encode(), grammar) == []


def test_code_literal_fixes_keep_the_program_valid(tmp_path):
    (tmp_path / ".git").mkdir()
    path = tmp_path / "src" / "db.ts"
    path.parent.mkdir()
    path.write_text(CODE)
    before = {d.code for d in findings(path, CODE)}
    assert {"PC301", "PC304"} <= before
    safe = fix_text(path, CODE)
    assert safe == CODE.replace("pool_timeout=0'", "pool_timeout=0&pgbouncer=true'")
    unsafe = fix_text(path, CODE, unsafe=True)
    assert unsafe == CODE.replace("pool_timeout=0'", "pool_timeout=10&pgbouncer=true'")
    for text, mode in ((safe, False), (unsafe, True)):
        _parses_as_typescript(text)
        assert fix_text(path, text, unsafe=mode) == text
    assert not {d.code for d in findings(path, unsafe)} & URL_CODES


CONFIG = f"""\
import {{ defineConfig }} from "prisma/config";

export default defineConfig({{
  schema: "prisma/schema.prisma",
  datasource: {{
    url: "postgresql://app:{SECRET}@pgbouncer.prod.io:6432/app",
  }},
}});
"""


def test_prisma_config_literal(tmp_path):
    (tmp_path / ".git").mkdir()
    path = tmp_path / "prisma.config.ts"
    path.write_text(CONFIG)
    assert "PC301" in {d.code for d in findings(path, CONFIG)}
    fixed = fix_text(path, CONFIG)
    assert fixed == CONFIG.replace("6432/app\"", "6432/app?pgbouncer=true\"")
    _parses_as_typescript(fixed)
    assert "PC301" not in {d.code for d in findings(path, fixed)}


@pytest.mark.parametrize("line, expected", [
    # did-you-mean with one answer: renamed; the fix never creates a duplicate
    ("postgresql://u:{pw}@h:5432/db?connectionLimit=3", "postgresql://u:{pw}@h:5432/db?connection_limit=3"),
    ("postgresql://u:{pw}@h:5432/db?connection_limit=3&connectionLimit=4", None),
    ("postgresql://u:{pw}@h:5432/db?statement_cache_sise=0", "postgresql://u:{pw}@h:5432/db?statement_cache_size=0"),
    # a value nobody can guess is left alone
    ("postgresql://u:{pw}@h:5432/db?pgbouncer=maybe", None),
    ("postgresql://u:{pw}@h:5432/db?pgbouncer=1", "postgresql://u:{pw}@h:5432/db?pgbouncer=true"),
    ("postgresql://u:{pw}@h:5432/db&sslmode=require", "postgresql://u:{pw}@h:5432/db?sslmode=require"),
    ("postgresql://u:{pw}@h:5432/db?schema=a&schema=b", "postgresql://u:{pw}@h:5432/db?schema=b"),
    # a secret parameter is never edited, not even its duplicate
    ("postgresql://u@h:5432/db?password={pw}&password=x", None),
])
def test_query_repairs(tmp_path, line, expected):
    (tmp_path / ".git").mkdir()
    path = tmp_path / ".env"
    text = "DATABASE_URL=" + line.format(pw=SECRET) + "\n"
    fixed = fix_text(path, text)
    if expected is None:
        assert fixed == text
    else:
        assert fixed == "DATABASE_URL=" + expected.format(pw=SECRET) + "\n"


# ---------------------------------------------------------------------------- property
_PASSWORD = st.text(st.sampled_from("abcXYZ019-_.~!$'()*+,;=:%40%2F%3F%23@/?#&"), min_size=1, max_size=16)
_PARAMS = st.lists(st.sampled_from([
    "connection_limit=5", "connection_limt=5", "connectionLimit=2", "pool_timeout=0", "pool_timeout=5",
    "pgbouncer=1", "pgbouncer=TRUE", "pgbouncer=true", "schema=app", "sslmode=require",
    "statement_cache_sise=0", "application_name=web",
]), max_size=5)


@settings(max_examples=40, derandomize=True, deadline=None)
@given(password=_PASSWORD, params=_PARAMS, port=st.sampled_from([5432, 6543, 6432]),
       joiner=st.sampled_from(["&", "?"]), quote=st.sampled_from(["", "\"", "'"]))
def test_url_fixes_never_touch_the_authority_and_are_idempotent(tmp_path_factory, password, params, port,
                                                               joiner, quote):
    root = tmp_path_factory.mktemp("prop")
    (root / ".git").mkdir()
    path = root / ".env"
    authority = f"postgresql://app:{password}@pooler.prod.io:{port}"
    query = ("?" + joiner.join(params)) if params else ""
    text = f"# c\nDATABASE_URL={quote}{authority}/app{query}{quote}\nX=1\n"
    for unsafe in (False, True):
        fixed = fix_text(path, text, unsafe)
        lines = fixed.split("\n")
        assert lines[0] == "# c" and lines[2:] == ["X=1", ""]
        assert lines[1].startswith(f"DATABASE_URL={quote}{authority}/app")
        assert fix_text(path, fixed, unsafe) == fixed


APPENDED = """\
import { PrismaClient } from '@prisma/client'

export const prisma = new PrismaClient({
  datasourceUrl: process.env.DATABASE_URL + "&connection_limt=1&pool_timeout=0",
})
"""


def test_parameters_appended_in_code_are_fixed_in_place_safe_first(tmp_path):
    (tmp_path / ".git").mkdir()
    path = tmp_path / "src" / "db.ts"
    found = {d.code: d for d in findings(path, APPENDED)}
    assert {"PC305", "PC304", "PC311"} <= set(found)
    safe = fix_text(path, APPENDED)
    assert safe == APPENDED.replace("connection_limt", "connection_limit")
    _parses_as_typescript(safe)
    # unsafe: the rename and the timeout first (inside the query), then the rewrite around them
    unsafe = fix_text(path, APPENDED, unsafe=True)
    assert 'url.searchParams.set("connection_limit", "1"); url.searchParams.set("pool_timeout", "10")' in unsafe
    _parses_as_typescript(unsafe)
    assert not {d.code for d in findings(path, unsafe)} & (URL_CODES | {"PC311"})
