"""What re-evaluates a project root's modules in development (PC102, PC103's leak): its
own dev server, read from its package.json, or, for a workspace package with none
(`packages/db` with only `@prisma/client`), that of the first app depending on it that
has one. The app's dev server bundles the package's modules with its own and evaluates
them again on each change, which is why Prisma's Turborepo guide keeps the globalThis
cache in the database package.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from ..vocabulary.platforms import (HOT_RELOAD_FRAMEWORKS, HOT_RELOAD_SCRIPTS, PROCESS_RESTART_SCRIPTS,
                                    VITE_CLIENT_PLUGINS, VITE_DEV_SCRIPT, VITE_SSR_DEPS,
                                    WORKER_RELOAD_FRAMEWORKS)


def hot_reload(ctx) -> str | None:
    """`ctx`'s own dev server (`own_hot_reload`), else the first dependent app's, named
    with the app's folder: `next (apps/web)`."""
    own = ctx.own_hot_reload
    if own is not None:
        return own
    return next((label for _, label in reloading_apps(ctx)), None)


def reloading_apps(ctx) -> list:
    """(app context, label) for each app of the run that depends on workspace package
    `ctx` and runs a dev server of its own, in folder order."""
    return [(app, f"{app.own_hot_reload} ({_shown_folder(folder, ws.root)})")
            for ws, folder, app in ctx.member_contexts(dependents=True) if app.own_hot_reload is not None]


def own_hot_reload(frameworks: frozenset[str], scripts: dict[str, str],
                   dependencies: Iterable[str] = ()) -> str | None:
    """A framework name or a dev script of a root's own package.json.

    A bare `vite` dependency (Vite SSR) counts unless the package's server runs under
    a tool that restarts the whole process (`tsx watch`, `nodemon`, `node --watch`,
    ...) and no script starts Vite's dev server: then vite builds a front-end or
    backs vitest, and the server leaks nothing on change. A Vite dev server beside such
    a server serves a single-page app when the package has a client plugin
    (`@vitejs/plugin-react`, ...) and no SSR plugin (socialstocks: the Fastify API under
    `tsx watch`, proxied by Vite's dev server): Vite never loads the server's modules."""
    for fw in sorted(frameworks & HOT_RELOAD_FRAMEWORKS - {"vite"}):
        return fw
    for name, script in sorted(scripts.items()):
        m = HOT_RELOAD_SCRIPTS.search(script)
        if m:
            return f"`{m.group(0)}` (script {name!r})"
    if "vite" in frameworks and not frameworks & WORKER_RELOAD_FRAMEWORKS:
        values = scripts.values()
        restarts = any(PROCESS_RESTART_SCRIPTS.search(s) for s in values)
        deps = set(dependencies)
        spa = bool(deps & VITE_CLIENT_PLUGINS) and not deps & VITE_SSR_DEPS
        if not restarts or not spa and any(VITE_DEV_SCRIPT.search(s) for s in values):
            return "vite"
    return None


def _shown_folder(folder: str, root: str) -> str:
    """A workspace member's folder as a message names it: relative to the workspace root."""
    rel = os.path.relpath(folder, root)
    return Path(folder).name if rel.startswith("..") else Path(rel).as_posix()
