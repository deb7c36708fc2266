"""One JSON line per fact the front-ends produce for every file under the given roots (sorted).

    .venv/bin/python bench/dump_facts.py ROOT... > facts.jsonl     # before a change
    .venv/bin/python bench/dump_facts.py ROOT... > after.jsonl && diff facts.jsonl after.jsonl

The facts-level check of the speed work (docs/dev/architecture-plan.md §6.2): finer than
comparing findings, since a fact no rule reports on today still feeds the linker.
`--stats` prints instead, per root, how many files pass the prefilter and how many of
those yield any fact (the figures behind the prefilter's sharpening).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections import Counter
from enum import Enum
from pathlib import Path

from poolcheck import frontends
from poolcheck.config import find_config, load_settings
from poolcheck.engine import discover
from poolcheck.rules import implemented_codes
from poolcheck.core.sources import Source, UnreadableSource


def plain(v):
    if dataclasses.is_dataclass(v):
        return {f.name: plain(getattr(v, f.name)) for f in dataclasses.fields(v)}
    if isinstance(v, Enum):
        return v.value
    if isinstance(v, (tuple, list)):
        return [plain(x) for x in v]
    if isinstance(v, frozenset):
        return sorted(plain(x) for x in v)
    if isinstance(v, Path):
        return v.as_posix()
    return v if isinstance(v, (str, int, float, bool, type(None))) else repr(v)


def facts_of(root: Path):
    """(relative path, kind, passed the prefilter, FileFacts or None) for every file."""
    settings = load_settings(find_config(root), implemented_codes())
    max_size = settings.option("max-file-size")
    for found in discover([root], settings):
        try:
            data = found.path.read_bytes()
            if max_size and len(data) > max_size:
                continue
            source = Source.from_bytes(found.path, found.kind, data)
            facts = frontends.analyse(source, settings)
        except (OSError, UnreadableSource, RecursionError):
            continue
        rel = found.path.resolve().relative_to(root).as_posix()
        yield rel, found.kind, frontends.passes_prefilter(found.kind, data), facts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("roots", nargs="+", type=Path)
    ap.add_argument("--stats", action="store_true")
    args = ap.parse_args()
    lines = []
    for arg in args.roots:
        root = arg.resolve()
        stats: Counter = Counter()
        for rel, kind, passed, facts in facts_of(root):
            found = list(facts.facts) if facts is not None else []
            if args.stats and kind in ("typescript", "tsx", "javascript"):
                stats["TS/JS files"] += 1
                stats["passing the prefilter"] += passed
                stats["passing, with any fact"] += passed and bool(found)
                stats["passing, with a fact other than traits"] += passed and any(
                    type(f).__name__ != "Trait" for f in found)
            for fact in found:
                lines.append(json.dumps([root.name, rel, type(fact).__name__, plain(fact)],
                                        sort_keys=True))
        if args.stats:
            print(root.name, dict(stats))
    if not args.stats:
        print("\n".join(sorted(lines)))


if __name__ == "__main__":
    main()
