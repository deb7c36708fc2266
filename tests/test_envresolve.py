"""prisma.config.ts reader, Prisma version, schema location and env resolution helpers."""

from pathlib import Path

from poolcheck.config import Settings
from poolcheck.core.diagnostics import Span
from poolcheck.project.env import resolve_env
from poolcheck.project.packages import prisma_version
from poolcheck.project.schema import schema_files, schema_locations
from poolcheck.facts import FileFacts
from poolcheck.frontends import dotenv, prisma_config
from poolcheck.core.sources import Source

from conftest import write_tree

CONFIG = '''import "dotenv/config"
import { defineConfig, env } from "prisma/config"

export default defineConfig({
  schema: "prisma/schema",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  datasource: {
    url: env("DATABASE_URL"),
    shadowDatabaseUrl: process.env.SHADOW_URL,
  },
})
'''


def test_prisma_config_values_and_spans(tmp_path):
    cfg = prisma_config.parse(CONFIG.encode(), tmp_path / "prisma.config.ts")
    assert cfg.schema.literal == "prisma/schema" and cfg.schema.span == Span(5, 12, 5, 25)
    assert cfg.seed.literal == "tsx prisma/seed.ts"
    assert cfg.datasource_url.env_var == "DATABASE_URL" and cfg.datasource_url.span.line == 8
    assert cfg.shadow_database_url.env_var == "SHADOW_URL"


def test_prisma_config_other_shapes(tmp_path):
    text = 'const config = { datasource: { url: "postgresql://h/db" } } satisfies PrismaConfig\nexport default config\n'
    cfg = prisma_config.parse(text.encode(), tmp_path / "prisma.config.ts")
    assert cfg.datasource_url.literal == "postgresql://h/db" and cfg.datasource_url.span == Span(1, 38, 1, 55)
    facts = prisma_config.analyse(Source.from_bytes(tmp_path / "prisma.config.ts", "typescript", text.encode()))
    assert [u.role for u in facts.facts] == ["datasource.url"]
    empty = prisma_config.parse(b"export default {}\n", tmp_path / "p.ts")
    assert empty.datasource_url is None and empty.schema is None


def test_prisma_version_sources(tmp_path):
    six = write_tree(tmp_path / "six", {"package.json": '{"devDependencies": {"prisma": "~6.19.0"}}'})
    assert prisma_version(six).major == 6
    locked = write_tree(tmp_path / "locked", {
        "package.json": '{"dependencies": {"@prisma/client": "latest"}}',
        "package-lock.json": '{"packages": {"node_modules/@prisma/client": {"version": "7.1.0"}}}'})
    assert prisma_version(locked).major == 7 and prisma_version(locked).adapters_only
    pnpm = write_tree(tmp_path / "pnpm", {"package.json": '{"dependencies": {"prisma": "catalog:"}}',
                                          "pnpm-lock.yaml": "packages:\n  prisma@6.5.0:\n    resolution: {}\n"})
    assert prisma_version(pnpm).major == 6
    py = write_tree(tmp_path / "py", {"pyproject.toml": "[project]\nname='x'\ndependencies=['prisma']\n"})
    assert prisma_version(py).python and prisma_version(py).engine_reads_url_params
    assert prisma_version(six, Settings(options={"prisma-version": "7"})).major == 7


def test_schema_locations_and_multi_file(tmp_path):
    root = write_tree(tmp_path, {
        "package.json": '{"prisma": {"schema": "db/schema"}}',
        "db/schema/main.prisma": "datasource db {\n}\n",
        "db/schema/user.prisma": "model User {\n  id Int @id\n}\n",
    })
    assert schema_locations(root) == [(root / "db/schema").resolve()]
    assert [p.name for p in schema_files(root)] == ["main.prisma", "user.prisma"]
    cfg = write_tree(tmp_path / "cfg", {"prisma.config.ts": CONFIG, "prisma/schema/a.prisma": ""})
    assert (cfg / "prisma/schema").resolve() in schema_locations(cfg)


def _env(path: Path, text: str) -> FileFacts:
    return dotenv.analyse(Source.from_bytes(path, "dotenv", text.encode()), Settings(options={"runtime": "node"}))


def test_resolve_env_prefers_dotenv_next_to_the_schema_then_root(tmp_path):
    files = [_env(tmp_path / ".env.example", "DATABASE_URL=placeholder\n"),
             _env(tmp_path / ".env", "DATABASE_URL=postgresql://root/db\nHOST=h\nREF=postgresql://${HOST}/x\n"),
             _env(tmp_path / "prisma" / ".env", "DATABASE_URL=postgresql://schema/db\n")]
    got = resolve_env("DATABASE_URL", files, tmp_path / "prisma" / "schema.prisma")
    assert got.value == "postgresql://schema/db" and got.path == tmp_path / "prisma" / ".env"
    assert resolve_env("DATABASE_URL", files).value == "postgresql://root/db"
    assert resolve_env("REF", files).value == "postgresql://h/x"
    assert resolve_env("MISSING", files) is None
