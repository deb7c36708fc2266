""".env front-end: each file read as each reader that matters to the project reads it.

Three readers read a Prisma project's `.env`:

- **Prisma's loader** (`prisma`): the Prisma CLI and Prisma Client up to 6.x load `.env`
  with dotenv 16 and then expand it with the expander Prisma vendors, which replaces only
  `${NAME}`; that is the value `env("NAME")` gets in the schema. Prisma 7 loads no `.env`.
- **dotenv** (`dotenv`): what `import "dotenv/config"` gives a Node app (and Prisma 7's
  `prisma.config.ts`): the same parser, no expansion.
- **python-dotenv** (`python-dotenv`): what prisma-client-py and a Python app read;
  `${NAME}` and `${NAME:-default}` from values defined earlier.

`grammars/dotenv.lark` holds the readers' lexical definitions; this module drives them as
the libraries do (tests/test_env_conformance.py runs the real libraries over the same
files). The project's runtime picks the readers that matter (`runtime` option, else the
nearest package.json means Node, a Python project marker means Python; the Prisma major
version decides whether Prisma's loader is one of them). The first is the project's own
reader: its values are the ones the URL rules check.

`analyse(source, settings)` emits `UrlLiteral(origin="env")` for each URL value, a
`ParseProblem` for a line that no reader of the project reads, and an `EnvWarning` where
the readers read a connection URL differently. Messages never contain values except
through `urlmodel.redact`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...facts import FileFacts, UrlLiteral
from .builder import DotenvModel, _Builder, _looks_like_url, redact_url
from .model import DOTENV, NODE, PRISMA, PYDOTENV, PYTHON, READER_NAMES, EnvEntry, LoaderCrash
from .node import expand_prisma
from .python import expand_python

if TYPE_CHECKING:
    from ...config import Settings

__all__ = ["DOTENV", "NODE", "PRISMA", "PYDOTENV", "PYTHON", "READER_NAMES", "DotenvModel", "EnvEntry",
           "LoaderCrash", "analyse", "app_loads_dotenv", "dialect_for", "expand_prisma", "expand_python",
           "parse", "readers_for", "redact_url"]


def readers_for(runtime: str, prisma_major: int | None = None, app_dotenv: bool = True) -> tuple[str, ...]:
    """The readers of a project's .env, its own first. `app_dotenv`: the Node app loads
    .env itself with plain dotenv (a `dotenv` dependency, no `dotenv-expand`), so its
    process.env holds dotenv's unexpanded values before Prisma's loader runs."""
    if runtime == PYTHON:
        return (PYDOTENV, PRISMA)   # prisma-client-py reads python-dotenv; its CLI is Prisma's
    if prisma_major is not None and prisma_major >= 7:
        return (DOTENV,)            # Prisma 7 loads no .env: prisma.config.ts imports dotenv
    return (PRISMA, DOTENV) if app_dotenv else (PRISMA,)


def app_loads_dotenv(path) -> bool:
    """The nearest package.json depends on dotenv and not on dotenv-expand."""
    from pathlib import Path

    from ...project.packages import nearest, read_json
    pkg = nearest(Path(path), ("package.json",))
    if pkg is None:
        return False
    data = read_json(pkg)
    deps: set[str] = set()
    for section in ("dependencies", "devDependencies"):
        if isinstance(data.get(section), dict):
            deps |= set(data[section])
    return "dotenv" in deps and "dotenv-expand" not in deps


def parse(text: str, dialect: str = NODE, readers: tuple[str, ...] | None = None) -> DotenvModel:
    """Parse an env file's text (BOM already stripped) for a `dialect` ("node"/"python") project."""
    return _Builder(text, dialect, readers or readers_for(dialect)).run()


def dialect_for(path, settings: "Settings | None") -> str:
    runtime = settings.option("runtime") if settings is not None else "auto"
    if runtime == "python":
        return PYTHON
    if runtime in ("node", "edge", "workers"):
        return NODE
    from ...project.packages import detect_runtime
    return PYTHON if detect_runtime(path) == "python" else NODE


def _prisma_major(path, settings: "Settings | None") -> int | None:
    from ...project.packages import prisma_version
    try:
        return prisma_version(path, settings).major
    except OSError:  # pragma: no cover - an unreadable folder: assume Prisma <= 6
        return None


def analyse(source, settings: "Settings | None" = None) -> FileFacts:
    dialect = dialect_for(source.path, settings)
    if dialect == NODE:
        readers = readers_for(dialect, _prisma_major(source.path, settings), app_loads_dotenv(source.path))
    else:
        readers = readers_for(dialect)
    model = parse(source.text, dialect, readers)
    facts = FileFacts(path=source.path, language="dotenv")
    for problem in model.problems:
        facts.add(problem)
    expanded = model.values()
    for key in sorted(model.keys(), key=lambda k: model.entry(k).key_span):  # type: ignore[union-attr]
        entry = model.entry(key)
        value = expanded.get(key)
        if entry is None or not value or not _looks_like_url(value):
            continue
        facts.add(UrlLiteral(entry.span, value, origin="env", role=key, env_var=key))
    for warning in model.warnings:
        facts.add(warning)
    facts.models["dotenv"] = model
    return facts
