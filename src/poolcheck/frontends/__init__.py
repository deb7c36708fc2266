"""Front-ends: one per syntax, each turning a `Source` into `FileFacts`.

A front-end module exposes `analyse(source, settings) -> FileFacts`. Modules are
imported only when a file of their kind needs parsing, so a run over TypeScript alone
never imports LibCST, and the other way round.

Before parsing, the prefilter looks for tokens any rule could care about; a file with
none of them is never parsed (most files in a real repository never touch a database).
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from ..facts import FileFacts
from ..vocabulary import prefilter
from ..vocabulary.kinds import FRONTEND_MODULES, LANGUAGE_OF_KIND

if TYPE_CHECKING:
    from ..config import Settings
    from ..core.sources import Source

# kind -> byte strings of which at least one must occur for the file to be parsed, derived
# from the vocabulary's client tables (vocabulary/prefilter.py). Every rule's minimal
# trigger contains one of them (tests/test_ts_facts.py proves it).
PREFILTER = prefilter.PREFILTER

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


def before_fork(kinds: list[str]) -> None:
    """Called once before the worker processes fork, with the kind of every file they will
    parse: a front-end's `before_fork(count)` may load there what its files will need, so
    that the workers share it instead of each importing it (LibCST for many Python files)."""
    counts: dict[str, int] = {}
    for kind in kinds:
        counts[kind] = counts.get(kind, 0) + 1
    for kind, count in counts.items():
        hook = getattr(frontend_for(kind), "before_fork", None)
        if hook is not None:
            hook(count)


# ... as one alternation of the literal needles per kind: one scan of the bytes, where
# `needle in data` for each needle scans them once per needle (3x slower on documenso).
_NEEDLES = {kind: re.compile(b"|".join(re.escape(n) for n in needles)).search
            for kind, needles in PREFILTER.items()}


def passes_prefilter(kind: str, data: bytes) -> bool:
    search = _NEEDLES.get(kind)
    return search is None or search(data) is not None


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
