"""schema.prisma front-end: the Prisma Schema Language as Prisma's own parser reads it.

`grammars/prisma.lark` holds the grammar of one line in each context (top level, model,
enum, datasource/generator); this module is the block driver around it, following
prisma-engines' datamodel.pest exactly where it matters:

- a block header is `keyword name {` and the rest of that line is ignored; the header
  must end with a newline;
- the block closes at the first later line whose first non-blank character is `}`;
  whatever follows that `}` on its line is read at the top level again;
- a block that never closes is no block: its header line is an error line and the
  lines after it are read at the top level;
- an unknown block `name { ... }` runs to the first `}` anywhere and is an error;
- a line that fits nothing is a catch-all error line; the parse goes on, so a broken
  file still yields its datasource.

`parse(text)` returns a `SchemaModel`; `analyse(source, settings)` wraps it in
`FileFacts` with `UrlLiteral` facts for literal datasource URLs and `ParseProblem`s for
syntax errors. Messages never quote the offending line (it may hold a password).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ...facts import FileFacts, SchemaFile, UrlLiteral, UrlSetting
from .driver import _Driver
from .lines import FAST_PATH_MIN_LINES, _fast_path, _parser
from .model import URL_KEYS, Block, Expr, Property, SchemaModel

if TYPE_CHECKING:
    from ...config import Settings

__all__ = ["FAST_PATH_MIN_LINES", "URL_KEYS", "Block", "Expr", "Property", "SchemaModel", "analyse", "parse",
           "url_literals", "_fast_path", "_parser"]


def parse(text: str, prisma_major: int | None = None) -> SchemaModel:
    """Parse a schema file's text as Prisma reads it (a BOM is an error, as in the CLI).
    `prisma_major` 7 and later: datasource URLs belong in prisma.config.ts."""
    return _Driver(text, prisma_major).run()


def url_literals(model: SchemaModel) -> Iterator[UrlSetting]:
    for ds in model.datasources:
        for u in ds.urls:
            if u.literal is not None:
                yield u


def _prisma_major(path, settings: "Settings | None") -> int | None:
    from ...project.packages import prisma_version
    try:
        version = prisma_version(path, settings)
    except OSError:  # pragma: no cover - an unreadable folder
        return None
    return None if version.python else version.major


def analyse(source, settings: "Settings | None" = None) -> FileFacts:
    # The Prisma CLI reads the schema as UTF-8 with the BOM kept, and rejects it.
    text = "\ufeff" + source.text if getattr(source, "bom", False) else source.text
    model = parse(text, _prisma_major(source.path, settings))
    facts = FileFacts(path=source.path, language="prisma")
    for problem in model.problems:
        facts.add(problem)
    for ds in model.datasources:
        for u in ds.urls:
            if u.literal is not None:
                facts.add(UrlLiteral(u.span, u.literal, origin="schema", role=u.role, provider=ds.provider))
    facts.schema = SchemaFile(tuple(model.datasources))
    facts.models["schema"] = model
    return facts
