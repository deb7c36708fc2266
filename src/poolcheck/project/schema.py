"""Where a project's Prisma schema lives (package.json `prisma.schema`, prisma.config.ts
`schema`, the default locations)."""

from __future__ import annotations

from pathlib import Path

from ..core import safeio
from .packages import read_json


def schema_locations(root: Path) -> list[Path]:
    """Where the project's schema lives: package.json `prisma.schema`, prisma.config.ts
    `schema`, or the defaults (prisma/schema.prisma, schema.prisma, prisma/schema/).
    A folder means a multi-file schema: every *.prisma file below it is one schema."""
    root = Path(root)
    found: list[Path] = []
    pkg = read_json(root / "package.json")
    prisma = pkg.get("prisma") if isinstance(pkg.get("prisma"), dict) else {}
    if isinstance(prisma.get("schema"), str):
        found.append((root / prisma["schema"]).resolve())
    from ..frontends import prisma_config

    cfg_path = prisma_config.find(root)
    if cfg_path is not None:
        cfg = prisma_config.load(cfg_path)
        if cfg is not None and cfg.schema is not None and cfg.schema.literal:
            found.append((cfg_path.parent / cfg.schema.literal).resolve())
    for default in ("prisma/schema.prisma", "schema.prisma", "prisma/schema"):
        candidate = root / default
        if safeio.exists(candidate):
            found.append(candidate.resolve())
    return list(dict.fromkeys(found))


def schema_files(root: Path) -> list[Path]:
    out: list[Path] = []
    for location in schema_locations(root):
        if safeio.is_dir(location):
            safeio.note_tree(location)  # every folder the recursive glob lists
            out.extend(sorted(location.rglob("*.prisma")))
        elif safeio.is_file(location):
            out.append(location)
            safeio.probe(location.parent)  # the folder the glob lists
            if location.parent.name == "schema" or len(list(location.parent.glob("*.prisma"))) > 1:
                out.extend(sorted(p for p in location.parent.glob("*.prisma") if p != location))
    return list(dict.fromkeys(p.resolve() for p in out))
