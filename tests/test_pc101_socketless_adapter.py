"""PC101 leaves alone a client per request over an HTTP/binding adapter (D1): no pool to open.
A TCP adapter (PrismaPg) built per request the same way is still reported."""

from conftest import run_cli, write_tree

HELPER = """
import { PrismaClient } from '@prisma/client'
import { {cls} } from '@prisma/adapter-{mod}'

export function makeDb(arg: any) {
  const adapter = new {cls}(arg)
  return new PrismaClient({ adapter })
}
"""

PAGE = """
import { makeDb } from '$lib/server/db'

export const load = async ({ platform }) => {
  const db = makeDb(platform.env.DB)
  return { items: await db.item.findMany() }
}
"""


def _run(tmp_path, cls, mod):
    write_tree(tmp_path, {
        "svelte.config.js": "export default {}\n",
        "src/lib/server/db.ts": HELPER.replace("{cls}", cls).replace("{mod}", mod),
        "src/routes/+page.server.ts": PAGE,
    })
    return run_cli(cwd=tmp_path)


def test_d1_client_per_request_is_silent(tmp_path):
    proc = _run(tmp_path, "PrismaD1", "d1")
    assert "PC101" not in proc.stdout, proc.stdout + proc.stderr


def test_pg_adapter_client_per_request_is_reported(tmp_path):
    proc = _run(tmp_path, "PrismaPg", "pg")
    assert "PC101" in proc.stdout, proc.stdout + proc.stderr
