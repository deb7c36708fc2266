"""The frameworks of a project root (ProjectContext.frameworks): by dependency and by
config file at the root."""

from __future__ import annotations

import os

from ..core import safeio
from ..vocabulary.platforms import FRAMEWORK_DEPS, FRAMEWORK_FILES


def frameworks_of(ctx) -> frozenset[str]:
    """By dependency and by config file; a framework the root only depends on whose config
    sits at a project nested in it (an Nx root package.json listing `next` for
    `apps/cms/next.config.cjs`) is that project's, not this root's (its dev server never
    loads the root's other apps, `apps/api`)."""
    by_file = config_frameworks(ctx.root)
    by_dep = {fw for dep, fw in FRAMEWORK_DEPS.items() if dep in ctx.dependencies} - by_file
    if by_dep:
        here = os.path.abspath(ctx.root)
        nested = [r for r in ctx.neighbours if os.path.abspath(r).startswith(here + os.sep)]
        by_dep = {fw for fw in by_dep if not any(fw in config_frameworks(r) for r in nested)}
    return frozenset(by_dep | by_file)


def config_frameworks(folder) -> set[str]:
    """The frameworks whose config file sits in `folder` (`next.config.mjs`, `astro.config.ts`)."""
    try:
        names = safeio.listdir(folder)
    except OSError:
        return set()
    return {fw for name in names for key, fw in FRAMEWORK_FILES.items() if name == key or name.startswith(key + ".")}
