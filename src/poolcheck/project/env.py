"""Env resolution: the value `env("NAME")` gets from the project's env files, in the
order Prisma's CLI reads them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..core.diagnostics import Span
from ..vocabulary.kinds import FILE_KINDS

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


_JS_KINDS = frozenset(k.kind for k in FILE_KINDS if k.frontend.startswith("typescript") and k.kind != "markdown")
# Assignments to the process environment, in JS/TS and in Python: `process.env.X = v`,
# `process.env["X"] = v`, `process.env.X ??= v`, `os.environ["X"] = v`,
# `os.environ.setdefault("X", v)`, `os.putenv("X", v)` (comparisons `==` excluded).
_SET_IN_CODE = {
    "js": re.compile(rb"""process\.env(?:\.([A-Za-z_$][\w$]*)|\[\s*['"`]([^'"`\]]+)['"`]\s*\])"""
                     rb"""\s*(?:=(?![=>])|\?\?=|\|\|=)"""),
    "python": re.compile(rb"""environ(?:\[\s*['"]([^'"\]]+)['"]\s*\]\s*=(?!=)"""
                         rb"""|\.setdefault\(\s*['"]([^'"]+)['"])|putenv\(\s*['"]([^'"]+)['"]"""),
}


def assigned_env_names(kind: str, data: bytes) -> tuple[str, ...]:
    """The variables a code file of `kind` sets in its own process environment, in order
    (a byte scan: the file need not have been parsed, as most config modules are not)."""
    dialect = "python" if kind == "python" else "js" if kind in _JS_KINDS else None
    if dialect is None or b"env" not in data:
        return ()
    names: dict[str, None] = {}
    for m in _SET_IN_CODE[dialect].finditer(data):
        name = next(g for g in m.groups() if g is not None)
        names[name.decode("utf-8", "replace")] = None
    return tuple(names)
