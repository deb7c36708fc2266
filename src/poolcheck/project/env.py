"""Env resolution: the value `env("NAME")` gets from the project's env files, in the
order Prisma's CLI reads them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..core.diagnostics import Span

if TYPE_CHECKING:
    from ..facts import FileFacts


@dataclass(frozen=True)
class Resolved:
    name: str
    value: str
    path: Path                 # the env file
    span: Span                 # the value's span in it


def env_files(files: Iterable["FileFacts"]) -> list["FileFacts"]:
    return [f for f in files if f.language == "dotenv" and "dotenv" in f.models]


def _priority(path: Path, schema_dir: Path | None) -> tuple:
    """Prisma's CLI reads .env next to the schema and at the root; then .env.local and the rest."""
    name = path.name
    rank = {".env": 0, ".env.local": 2, ".env.development": 3, ".env.development.local": 3,
            ".env.production": 4}.get(name, 5)
    if name.startswith(".env.example") or name.endswith((".example", ".sample", ".template")):
        rank = 9
    near = 0 if schema_dir is not None and path.parent.resolve() == schema_dir else 1
    return (rank, near, len(path.parts), str(path))


def resolve_env(name: str, files: Iterable["FileFacts"], schema_path: Path | None = None) -> Resolved | None:
    """The value an env("NAME") gets from the project's env files (None: no file defines it)."""
    schema_dir = schema_path.parent.resolve() if schema_path is not None else None
    candidates = sorted(env_files(files), key=lambda f: _priority(f.path, schema_dir))
    for facts in candidates:
        model = facts.models["dotenv"]
        entry = model.entry(name)
        if entry is None:
            continue
        value = model.values().get(name)
        if value is None:
            continue
        return Resolved(name, value, facts.path, entry.span)
    return None


def defined_env_names(files: Iterable["FileFacts"]) -> set[str]:
    """Every name an env file of the project defines, or shows as a commented assignment
    (`# DATABASE_URL=` in an example: the name is known, its value comes from elsewhere)."""
    names: set[str] = set()
    for facts in env_files(files):
        model = facts.models["dotenv"]
        names |= model.keys() | model.documented
    return names
