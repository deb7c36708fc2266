"""No output format, diagnostic or error message ever contains a fixture password.

Plants unique secrets in every place a URL can sit (schema literals, a broken schema line,
env files in every quoting style, prisma.config.ts, code) in URLs that trigger every URL
rule, then greps the output of every format for them.
"""

from __future__ import annotations

import pytest

from poolcheck.reporters import FORMATS

from conftest import run_cli, write_tree

SECRETS = [f"Plant{n}Xq7Secret" for n in range(14)]
S = SECRETS
POOLER = "aws-0-eu-central-1.pooler.supabase.com:6543"


def _project(root):
    return write_tree(root, {
        "package.json": '{"dependencies": {"@prisma/client": "^6.1.0"}}',
        "prisma/schema.prisma": (
            'datasource db {\n  provider = "postgresql"\n'
            f'  url = "postgresql://app:{S[0]}@{POOLER}/db?connection_limt=1&pgbouncer=1"\n'
            f'  shadowDatabaseUrl = "postgresql://app:{S[1]}@db.proxy-abc123.us-east-1.rds.amazonaws.com/x?pool_timeout=0?x=1"\n'
            f'  broken = postgresql://app:{S[2]}@h/db\n'
            '}\n'),
        "other/schema.prisma": (
            'datasource db {\n  provider = "sqlserver"\n'
            f'  url = "sqlserver://h:1433;database=d;user=sa;password={S[3]};poolTimeout=0;connection_limit=2"\n}}\n'),
        "accel/schema.prisma": (
            'datasource db {\n  provider = "postgresql"\n'
            f'  url = "prisma://accelerate.prisma-data.net/?api_key={S[4]}&connection_limit=5"\n}}\n'),
        ".env": (
            f'DATABASE_URL="postgresql://app:{S[5]}@{POOLER}/db?schema=a?connection_limit=0"\n'
            f"SINGLE='mysql://root:{S[6]}@h:3306/db?pgbouncer=true&connection_limit=ten'\n"
            f"UNQUOTED=postgresql://app:{S[7]}#frag@h:6432/db\n"
            f"HASH=postgresql://app:pa#{S[8]}@h/db\n"
            f'BROKEN="postgresql://app:{S[9]}@h/db\n'),
        ".env.local": f"MONGO=mongodb+srv://u:{S[10]}@c.mongodb.net/db?connection_limit=1\n",
        "prisma.config.ts": ('import { defineConfig } from "prisma/config"\n'
                             f'export default defineConfig({{ datasource: {{ url: "postgresql://u:{S[11]}@{POOLER}/x" }} }})\n'),
        "app/api/users/route.ts": (
            "import { PrismaClient } from '@prisma/client'\n"
            "export async function GET() {\n"
            f"  const prisma = new PrismaClient({{ datasourceUrl: 'postgresql://u:{S[12]}@{POOLER}/db?poolTimeout=0' }})\n"
            "  return Response.json(await prisma.user.findMany())\n}\n"),
        "lib/url.ts": f"export const url = process.env.DATABASE_URL + '?connection_limit=1&password={S[13]}'\n",
    })


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_secret_in_any_format(tmp_path, fmt):
    root = _project(tmp_path / "proj")
    proc = run_cli("--no-cache", "--select", "ALL", "--format", fmt, ".", cwd=root)
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout + proc.stderr
    leaked = [s for s in SECRETS if s in out]
    assert not leaked, f"{fmt} output leaks {leaked}"


def test_the_planted_urls_do_trigger_the_url_rules(tmp_path):
    root = _project(tmp_path / "proj")
    proc = run_cli("--no-cache", "--select", "ALL", ".", cwd=root)
    codes = {line.split(": ")[1].split()[0] for line in proc.stdout.splitlines() if ": PC" in line}
    assert {"PC301", "PC304", "PC305", "PC306", "PC307", "PC312", "PC900"} <= codes
