"""URL parameters appended in code to a URL from the environment are read by the URL rules
(PC304, PC305, PC306, PC309), placed on the parameter itself; PC311 still reports the
concatenation (a different cause), and look-alikes stay silent."""

import pytest

from conftest import codes_at

PKG6 = '{"dependencies": {"@prisma/client": "6.2.0"}}'
PKG7 = '{"dependencies": {"@prisma/client": "7.1.0", "@prisma/adapter-pg": "7.1.0"}}'
PY_PKG = '[project]\nname = "app"\ndependencies = ["prisma>=0.13"]\n'


def _at(findings, code):
    return [(f.path, f.line, f.col) for f in findings if f.code == code]


def test_the_issue_example_gets_pc311_and_pc304_on_the_parameter(check):
    src = ("export const url = process.env.DATABASE_URL + '?connection_limit=1&pool_timeout=0'\n")
    findings = check({"package.json": PKG6, "src/db.ts": src})
    col = src.index("pool_timeout") + 1
    assert _at(findings, "PC304") == [("src/db.ts", 1, col)]
    assert _at(findings, "PC311") == [("src/db.ts", 1, src.index("process") + 1)]


@pytest.mark.parametrize("path,src,needle", [
    ("src/a.ts", "const u = `${process.env.DATABASE_URL}?connection_limit=${n}&pool_timeout=0`\n", "pool_timeout"),
    ("src/b.ts", "const u = process.env.DATABASE_URL.concat('&pool_timeout=0')\n", "pool_timeout"),
    ("src/c.ts", "const u = process.env.DATABASE_URL + `?pool_timeout=0&x=${y}`\n", "pool_timeout"),
    ("app/d.py", "import os\nu = os.environ['DATABASE_URL'] + '?pool_timeout=0'\n", "pool_timeout"),
    ("app/e.py", "import os\nu = f\"{os.environ['DATABASE_URL']}?connection_limit={n}&pool_timeout=0\"\n",
     "pool_timeout"),
    ("app/f.py", "import os\nfrom urllib.parse import urlparse, urlunparse\n"
                 "p = urlparse(os.environ['DATABASE_URL'])\n"
                 "u = urlunparse(p._replace(query='connection_limit=5&pool_timeout=0'))\n", "pool_timeout"),
])
def test_pc304_points_at_an_appended_pool_timeout(check, path, src, needle):
    findings = check({"package.json": PKG6, "pyproject.toml": PY_PKG, path: src}, select=["PC304"])
    line = next(i for i, text in enumerate(src.splitlines(), 1) if needle in text)
    col = src.splitlines()[line - 1].index(needle) + 1
    assert _at(findings, "PC304") == [(path, line, col)]


def test_search_params_and_urlencode_are_read_and_placed_on_the_call(check):
    ts = ("const u = new URL(process.env.DATABASE_URL!)\n"
          "u.searchParams.set('pool_timeout', '0')\n")
    py = ("import os\nfrom urllib.parse import urlencode, urlparse\n"
          "p = urlparse(os.getenv('DATABASE_URL'))\n"
          "q = p._replace(query=urlencode({'pool_timeout': 0}))\n")
    findings = check({"package.json": PKG6, "pyproject.toml": PY_PKG, "src/u.ts": ts, "app/u.py": py},
                     select=["PC304"])
    assert codes_at(findings) == [("app/u.py", 4, "PC304"), ("src/u.ts", 2, "PC304")]


def test_pc305_reports_a_parameter_no_provider_knows_and_leaves_other_providers_alone(check):
    src = ("const a = process.env.DATABASE_URL + '?pool_timout=5'\n"
           "const b = process.env.DATABASE_URL + '?sslaccept=strict&application_name=web'\n"
           "const c = process.env.DATABASE_URL + '?connection_limit=${LIMIT}'\n")
    findings = check({"package.json": PKG6, "src/db.ts": src}, select=["PC305"])
    assert [(f.line, f.col) for f in findings] == [(1, src.index("pool_timout") + 1)]
    assert "did you mean `pool_timeout`" in findings[0].message


def test_pc306_reads_a_second_question_mark_in_appended_parameters(check):
    src = "const u = `${process.env.DATABASE_URL}?connection_limit=1?pool_timeout=2`\n"
    findings = check({"package.json": PKG6, "src/db.ts": src}, select=["PC306"])
    assert [(f.line, f.col) for f in findings] == [(1, src.index("?pool_timeout") + 1)]


def test_pc309_reads_pool_parameters_appended_for_a_driver_adapter(check):
    src = ("import { PrismaPg } from '@prisma/adapter-pg'\n"
           "const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL + '?connection_limit=5' })\n")
    findings = check({"package.json": PKG7, "src/db.ts": src}, select=["PC309"])
    assert codes_at(findings) == [("src/db.ts", 2, "PC309")]
    assert "connection_limit in `DATABASE_URL` does nothing" in findings[0].message
    # Prisma 6 without an adapter: the engine reads connection_limit
    engine = ("import { PrismaClient } from '@prisma/client'\n"
              "export const db = new PrismaClient({ datasourceUrl: process.env.DATABASE_URL + '?connection_limit=5' })\n")
    assert codes_at(check({"package.json": PKG6, "src/db.ts": engine}, select=["PC309"])) == []


@pytest.mark.parametrize("path,src", [
    # not a URL from the environment
    ("src/a.ts", "const next = pageUrl + '?pool_timeout=0'\n"),
    ("src/b.ts", "const api = process.env.API_URL + '?pool_timeout=0'\n"),
    ("src/c.ts", "const u = new URL(request.url)\nu.searchParams.set('pool_timeout', '0')\n"),
    ("app/d.py", "from urllib.parse import urlparse\np = urlparse(request.url)\n"
                 "u = p._replace(query='pool_timeout=0')\n"),
    # a finite timeout, a placeholder
    ("src/e.ts", "const u = process.env.DATABASE_URL + '?pool_timeout=10'\n"),
    ("src/f.ts", "const u = `${process.env.DATABASE_URL}?pool_timeout=${timeout}`\n"),
    # test scope
    ("tests/db.test.ts", "const u = process.env.DATABASE_URL + '?pool_timeout=0&pool_timout=1'\n"),
])
def test_look_alikes_stay_silent(check, path, src):
    findings = check({"package.json": PKG6, "pyproject.toml": PY_PKG, path: src},
                     select=["PC304", "PC305", "PC306", "PC309"])
    assert codes_at(findings) == []


def test_the_appended_parameters_are_a_fact_with_the_exact_text():
    from pathlib import Path

    from poolcheck.config import load_settings
    from poolcheck.core.sources import Source
    from poolcheck.facts import UrlQueryInCode
    from poolcheck.frontends import analyse
    from poolcheck.rules import implemented_codes

    src = "const u = process.env.PG_DSN + '&pgbouncer=true'\n"
    facts = analyse(Source.from_bytes(Path("a.ts"), "typescript", src.encode()),
                    load_settings(None, implemented_codes()))
    (q,) = facts.of(UrlQueryInCode)
    assert (q.query, q.env_var, q.exact, q.operator) == ("?pgbouncer=true", "PG_DSN", True, "+")
    assert src[q.span.col - 1:q.span.end_col - 1] == "&pgbouncer=true"
