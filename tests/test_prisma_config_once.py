"""prisma.config.ts is parsed once, through the pipeline: its own file kind and front-end
(the TS passes and the config object on one tree), one UrlLiteral per URL with one span,
and the editor's unsaved buffer is what the project rules read."""

from __future__ import annotations

from pathlib import Path

from poolcheck.config import load_settings
from poolcheck.core.sources import Source
from poolcheck.engine.discovery import classify
from poolcheck.engine.document import check_document
from poolcheck.facts import ClientConstruction, UrlLiteral
from poolcheck.frontends import analyse
from poolcheck.rules import implemented_codes

from conftest import write_tree

PKG = '{"dependencies": {"prisma": "7.0.0", "@prisma/client": "7.0.0", "@prisma/adapter-pg": "7.0.0"}}'
POOLED = "postgresql://app:Zq81kkw2@aws-0-eu.pooler.supabase.com:6543/postgres?connection_limit=5"
CONFIG = ('import { defineConfig } from "prisma/config"\n'
          'export default defineConfig({\n'
          '  schema: "prisma/schema.prisma",\n'
          f'  datasource: {{ url: "{POOLED}" }},\n'
          '})\n')


def test_the_config_files_have_their_own_kind():
    for name in ("prisma.config.ts", "prisma7.config.ts", "prisma.config.mjs", ".config/prisma.ts"):
        assert classify(Path("app") / name) == "prisma-config", name
    assert classify(Path("src/prisma.ts")) == "typescript"
    assert classify(Path("prisma/config.ts")) == "typescript"


def test_one_literal_per_url_with_the_span_inside_the_quotes():
    source = Source.from_bytes(Path("prisma.config.ts"), "prisma-config", CONFIG.encode())
    facts = analyse(source, load_settings(None, implemented_codes()))
    (lit,) = facts.of(UrlLiteral)
    col = CONFIG.splitlines()[3].index(POOLED) + 1
    assert (lit.origin, lit.role, lit.span.line, lit.span.col) == ("config", "datasource.url", 4, col)
    assert lit.span.end_col == col + len(POOLED)
    assert facts.prisma_config is not None and facts.prisma_config.schema.literal == "prisma/schema.prisma"


def test_the_ts_passes_still_run_on_the_config(tmp_path):
    text = ('import { defineConfig } from "prisma/config"\nimport { PrismaPg } from "@prisma/adapter-pg"\n'
            'export default defineConfig({ adapter: async () => new PrismaPg({ connectionString: "x" }) })\n')
    facts = analyse(Source.from_bytes(Path("prisma.config.ts"), "prisma-config", text.encode()),
                    load_settings(None, implemented_codes()))
    assert [c.class_name for c in facts.of(ClientConstruction)] == ["PrismaPg"]
    assert facts.prisma_config.has_adapter


def test_a_pooled_literal_url_gets_its_findings_on_one_span(check):
    found = check({"package.json": PKG, "prisma.config.ts": CONFIG,
                   "prisma/schema.prisma": 'datasource db {\n  provider = "postgresql"\n}\n'},
                  select=["PC302", "PC307", "PC309"])
    col = CONFIG.splitlines()[3].index(POOLED) + 1
    assert sorted((f.line, f.col, f.code) for f in found) == [(4, col, "PC302"), (4, col, "PC307")]
    pc307 = next(f for f in found if f.code == "PC307")
    assert "in prisma.config.ts" in pc307.message and "source code" not in pc307.message
    assert "connection_limit does nothing" in pc307.message  # PC309, merged into PC307 (SUPERSEDES)
    assert all("Zq81kkw2" not in f.message for f in found)


def test_the_editor_buffer_is_the_config_the_project_rules_read(tmp_path):
    root = write_tree(tmp_path, {"package.json": PKG, "prisma.config.ts": CONFIG.replace(POOLED, "x"),
                                 "prisma/schema.prisma": 'datasource db {\n  provider = "postgresql"\n}\n'})
    settings = load_settings(None, implemented_codes())
    settings.select = ["PC302"]
    path = root / "prisma.config.ts"
    assert check_document(path, CONFIG.replace(POOLED, "x"), settings) == []
    # the unsaved buffer holds a pooled URL: PC302 says so, though the file on disk does not
    found = check_document(path, CONFIG, settings)
    assert [(d.code, d.span.line) for d in found] == [("PC302", 4)]
