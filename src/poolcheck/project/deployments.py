"""Where a project root is deployed: its own deployment files, or, for a workspace package
with none, those of every app it runs in (project.workspace's dependents).

Deployment files sit at an app's root: the deploy front-end's files (vercel.json,
netlify.toml, serverless.yml, a SAM template, wrangler.*), and what discovery does not hand
to it (`.vercel/`, build output; `sst.config.ts` and `serverless.ts`, which are TypeScript),
noticed by listing the root. A partial run reads exactly these files of the apps a given
package runs in (`deployment_files`), nothing else of those apps.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from ..core import safeio
from ..core.diagnostics import Span
from ..facts import DeploymentTarget
from ..vocabulary.kinds import PROJECT_FILES
from ..vocabulary.platforms import SERVER_ROUTE_FRAMEWORKS, STATIC_SITE

_FIRST = Span(1, 1, 1, 2)
# The kinds of a root's files that say how it is deployed (vocabulary.kinds): read for
# context in a partial run, with the package.json that names its dependencies.
DEPLOY_KINDS = frozenset({"deploy", "package-json"})


def listed_deployments(root: Path, found: list[tuple[Path, DeploymentTarget]]) -> list:
    """The deployments noticed by listing `root` that no file's facts gave (`found`)."""
    out = []
    try:
        names = safeio.listdir(root)
    except OSError:
        return out
    if ".vercel" in names and not any(t.platform == "vercel" for _, t in found):
        out.append((root / ".vercel", DeploymentTarget("vercel", _FIRST, True, ".vercel/")))
    for name in sorted(names):
        if name.startswith("sst.config."):
            out.append((root / name, DeploymentTarget("sst", _FIRST, True)))
        elif name == "serverless.ts" or name == "serverless.js":
            out.append((root / name, DeploymentTarget("serverless-framework", _FIRST, True)))
    return out


def own_deployments(root: Path, pairs: Iterable) -> list[tuple[Path, DeploymentTarget]]:
    """The deployments of a root from its files' DeploymentTarget facts (`pairs`: (file,
    fact)) and from listing it."""
    out = [(f.path, t) for f, t in pairs]
    return out + listed_deployments(root, out)


def inherited_deployments(dependents: Iterable[str], workspace_pairs: Iterable) -> list:
    """The deployments of the apps (folders) a package runs in: each one's deployment files
    at its root (`workspace_pairs`: the run's (file, DeploymentTarget)) and its listing."""
    folders = {os.path.abspath(d) for d in dependents}
    if not folders:
        return []
    by_folder: dict[str, list] = {}
    for f, t in workspace_pairs:
        folder = os.path.dirname(os.path.abspath(f.path))
        if folder in folders:
            by_folder.setdefault(folder, []).append((f.path, t))
    out = []
    for folder in sorted(folders):
        found = by_folder.get(folder, [])
        out.extend(found + listed_deployments(Path(folder), found))
    return sorted(out, key=lambda pt: str(pt[0]))


def deployment_files(folder: str) -> list[Path]:
    """The files at `folder` a partial run reads for the deployment of an app it does not
    check (package.json and the deploy front-end's files)."""
    try:
        names = safeio.listdir(folder)
    except OSError:
        return []
    return [Path(folder) / n for n in sorted(names) if PROJECT_FILES.get(n) in DEPLOY_KINDS
            and safeio.is_file(os.path.join(folder, n))]


def runs_functions(path: Path, target: DeploymentTarget, files, frameworks) -> bool:
    """Whether a serverless target runs the project's code as functions: a vercel.json that
    deploys a built site only (deploy.platforms.STATIC_SITE) runs them only from its api/
    folder or a framework's server routes (an Express server beside a Vite build is
    deployed elsewhere: apple-phone's Railway)."""
    if target.platform != "vercel" or target.detail != STATIC_SITE:
        return True
    if frameworks & SERVER_ROUTE_FRAMEWORKS:
        return True
    api = os.path.join(os.path.abspath(path.parent), "api") + os.sep
    return any(os.path.abspath(f.path).startswith(api) for f in files)
