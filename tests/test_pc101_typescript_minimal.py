"""The foundation's end-to-end proof: PC101 in a Next.js app route, through the real CLI."""

from conftest import run_cli, write_tree

ROUTE = """
import { PrismaClient } from '@prisma/client'

export async function GET() {
  const prisma = new PrismaClient()
  return Response.json(await prisma.user.findMany())
}
"""


def test_app_route_constructing_client_is_pc101(tmp_path):
    write_tree(tmp_path, {"app/api/users/route.ts": ROUTE})
    proc = run_cli(cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.splitlines() == [
        "app/api/users/route.ts:4:18: PC101 [error] PrismaClient constructed per request in `GET` request "
        "handler (Next.js app router): every request opens a new pool; share one client from a module"
    ]
    assert "1 finding" in proc.stderr


def test_module_level_client_is_not_pc101(tmp_path):
    write_tree(tmp_path, {"app/api/users/route.ts": """
        import { PrismaClient } from '@prisma/client'
        const prisma = new PrismaClient()
        export async function GET() {
          return Response.json(await prisma.user.findMany())
        }
        """})
    proc = run_cli(cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == ""
