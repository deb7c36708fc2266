"""Front-ends: one per syntax, each turning a `Source` into `FileFacts`.

A front-end module exposes `analyse(source, settings) -> FileFacts`. Modules are
imported only when a file of their kind needs parsing, so a run over TypeScript alone
never imports LibCST, and the other way round.

Before parsing, the prefilter looks for tokens any rule could care about; a file with
none of them is never parsed (most files in a real repository never touch a database).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from ..facts import FileFacts

if TYPE_CHECKING:
    from ..config import Settings
    from ..sources import Source

# kind -> front-end module (relative to this package)
FRONTEND_MODULES: dict[str, str] = {
    "typescript": "typescript",
    "tsx": "typescript",
    "javascript": "typescript",
    "vue": "embedded",
    "svelte": "embedded",
    "astro": "embedded",
    "markdown": "embedded",
    "python": "python",
    "prisma": "prisma_schema",
    "dotenv": "dotenv",
    # deployment and package files (project context, PC4xx)
    "deploy": "deploy",
    "k8s": "deploy",
    "package-json": "deploy",
    "pyproject": "deploy",
    "requirements": "deploy",
}

# kind -> byte strings of which at least one must occur for the file to be parsed.
# Kinds not listed are always parsed (schema, env and deployment files are small and
# always relevant).
# Every rule's minimal trigger contains one of these (tests/test_ts_prefilter.py proves it):
# client classes and modules, lifecycle `$` methods on an imported client of any name,
# Prisma-only query methods (PC205 on an imported `db`), URLs and env-var URL names.
_JS_NEEDLES = (b"risma", b"Pool", b"://", b"$transaction", b"_URL", b"DATABASE", b"$connect",
               b"$disconnect", b"$use", b"$on", b"$queryRaw", b"$executeRaw", b"findMany",
               b"findUnique", b"findFirst", b"upsert", b"createMany", b"updateMany", b"deleteMany",
               b"aggregate", b"groupBy", b"_URI", b"DSN")
PREFILTER: dict[str, tuple[bytes, ...]] = {
    "typescript": _JS_NEEDLES,
    "tsx": _JS_NEEDLES,
    "javascript": _JS_NEEDLES,
    "vue": _JS_NEEDLES,
    "svelte": _JS_NEEDLES,
    "astro": _JS_NEEDLES,
    "markdown": _JS_NEEDLES,
    # prisma-client-py: the import, URLs, env reads of URLs, and calls only a Prisma client
    # makes (a client imported from the project's own module carries no "prisma" token).
    "python": (b"risma", b"://", b"_URL", b"DATABASE", b"connect()", b".tx(", b"is_connected",
               b"register(", b"DSN", b"?connection_limit", b"?pgbouncer", b"?sslmode"),
    # YAML under k8s/, deploy/, infra/, ...: parsed only when it looks like a manifest.
    "k8s": (b"apiVersion",),
}

LANGUAGE_OF_KIND = {
    "typescript": "typescript", "tsx": "typescript", "javascript": "javascript",
    "vue": "vue", "svelte": "svelte", "astro": "astro", "markdown": "markdown",
    "python": "python", "prisma": "prisma", "dotenv": "dotenv",
}

_loaded: dict[str, ModuleType | None] = {}


def frontend_for(kind: str) -> ModuleType | None:
    """The front-end module for a kind, imported on first use; None if there is none yet."""
    name = FRONTEND_MODULES.get(kind)
    if name is None:
        return None
    if name not in _loaded:
        try:
            _loaded[name] = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
            _loaded[name] = None
    return _loaded[name]


def passes_prefilter(kind: str, data: bytes) -> bool:
    needles = PREFILTER.get(kind)
    return needles is None or any(n in data for n in needles)


def empty_facts(path: Path, kind: str) -> FileFacts:
    return FileFacts(path=path, language=LANGUAGE_OF_KIND.get(kind, kind))


def analyse(source: "Source", settings: "Settings", force: bool = False) -> FileFacts | None:
    """Facts for one file, or None when no front-end reads its kind (`force`: parse it even
    when the prefilter rejects it: the linker needs its symbols)."""
    module = frontend_for(source.kind)
    if module is None:
        return None
    if not force and not passes_prefilter(source.kind, source.data):
        return empty_facts(source.path, source.kind)
    with_symbols = getattr(module, "analyse_with_symbols", None) if force else None
    return with_symbols(source, settings) if with_symbols is not None else module.analyse(source, settings)
