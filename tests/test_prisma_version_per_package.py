"""The Prisma version and client kind of a workspace package come from that package
(its package.json, the workspace's pnpm catalog and lockfile importer entry), never from
an adapter package's version or another package of the monorepo (issue 12)."""


from poolcheck.project.packages import prisma_version

from conftest import codes_at, write_tree

LOCK = """
lockfileVersion: '9.0'
importers:
  .:
    devDependencies:
      turbo:
        specifier: ^2
        version: 2.0.0
  apps/legacy:
    dependencies:
      '@prisma/client':
        specifier: ^5.22.0
        version: 5.22.0(prisma@5.22.0)
  apps/web:
    dependencies:
      '@prisma/client':
        specifier: workspace:*
        version: 7.8.0(prisma@7.8.0)
packages:
  '@prisma/client@5.22.0':
    resolution: {integrity: sha512-x}
"""


def test_pnpm_catalog_gives_the_version(tmp_path):
    write_tree(tmp_path, {
        ".git/HEAD": "ref: x\n",
        "pnpm-workspace.yaml": "packages: ['apps/*']\ncatalog:\n  '@prisma/client': 7.8.0\n",
        "apps/web/package.json": '{"dependencies": {"@prisma/client": "catalog:"}}',
    })
    assert prisma_version(tmp_path / "apps/web").major == 7


def test_lockfile_importer_of_the_package_itself(tmp_path):
    write_tree(tmp_path, {
        ".git/HEAD": "ref: x\n",
        "package.json": '{"private": true}',
        "pnpm-lock.yaml": LOCK,
        "apps/web/package.json": '{"dependencies": {"@prisma/client": "workspace:*"}}',
        "apps/legacy/package.json": '{"dependencies": {"@prisma/client": "workspace:*"}}',
    })
    assert prisma_version(tmp_path / "apps/web").major == 7
    assert prisma_version(tmp_path / "apps/legacy").major == 5


def test_adapter_package_version_is_not_prisma_7(check):
    """Prisma 6.14 with @prisma/adapter-pg 6.14 in package.json, no adapter in the code:
    the engine reads the URL and honours connection_limit (was PC309 'Prisma 7')."""
    findings = check({
        "package.json": '{"dependencies": {"@prisma/client": "6.14.0", "@prisma/adapter-pg": "6.14.0"}}',
        ".env": "DATABASE_URL=postgresql://app@db.acme-prod.net:5432/app?connection_limit=5\n",
        "prisma/schema.prisma": 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n',
    }, select=["PC309"])
    assert findings == []


def test_prisma_6_adapter_in_code_is_the_driver_adapter_not_prisma_7(check):
    findings = check({
        "package.json": '{"dependencies": {"@prisma/client": "6.14.0", "@prisma/adapter-pg": "6.14.0"}}',
        ".env": "DATABASE_URL=postgresql://app@db.acme-prod.net:5432/app?connection_limit=5\n",
        "src/db.ts": """
            import { PrismaPg } from "@prisma/adapter-pg"
            import { PrismaClient } from "@prisma/client"
            export const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL, max: 5, connectionTimeoutMillis: 5000 }) })
            """,
    }, select=["PC309"])
    assert codes_at(findings) == [(".env", 1, "PC309")]
    assert "the driver adapter reads this URL" in findings[0].message
    assert "Prisma 7" not in findings[0].message


def test_root_lockfile_version_for_every_package_and_after_an_edit(tmp_path):
    """Packages without an importer entry read the root lockfile's resolved version (searched
    once per lockfile state, packages._lock_major); an edited lockfile is read again."""
    root_lock = "lockfileVersion: '9.0'\npackages:\n\n  /@prisma/client@5.22.0:\n    resolution: {}\n"
    write_tree(tmp_path, {
        ".git/HEAD": "ref: x\n",
        "package.json": '{"private": true}',
        "pnpm-lock.yaml": root_lock,
        "apps/a/package.json": '{"dependencies": {"@prisma/client": "workspace:*"}}',
        "apps/b/package.json": '{"dependencies": {"@prisma/client": "workspace:*"}}',
    })
    assert prisma_version(tmp_path / "apps/a").major == 5
    assert prisma_version(tmp_path / "apps/b").major == 5
    (tmp_path / "pnpm-lock.yaml").write_text(root_lock.replace("5.22.0", "17.0.0"))
    assert prisma_version(tmp_path / "apps/a").major == 17
    assert prisma_version(tmp_path / "apps/b").major == 17
