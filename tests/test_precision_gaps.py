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
