"""The pre-commit hook, through the real `pre-commit` on a scratch repository.

The scratch repository's .pre-commit-config.yaml points at this checkout at its committed
HEAD, so pre-commit clones it and pip-installs poolcheck into its own hook environment,
exactly as a user's pre-commit would.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from poolcheck.engine.discovery import classify

from fronts_helpers import git, scratch_env
from conftest import write_tree

REPO = Path(__file__).resolve().parent.parent
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"

BAD = """\
import { PrismaClient } from '@prisma/client'

export async function GET() {
  const prisma = new PrismaClient()
  return Response.json(await prisma.user.findMany())
}
"""
GOOD = """\
import { prisma } from '@/lib/db'

export async function GET() {
  return Response.json(await prisma.user.findMany())
}
"""
DB = """\
import { PrismaClient } from '@prisma/client'
export const prisma = new PrismaClient()
"""
PC101 = ("PC101 [error] PrismaClient constructed per request in `GET` request handler "
         "(Next.js app router)")


def _hook() -> dict:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return hook


SAMPLE_NAMES = [
    "app/api/users/route.ts", "src/a.mts", "b.cts", "c.tsx", "d.jsx", "e.js", "f.mjs", "g.cjs",
    "main.py", "components/A.vue", "routes/+page.svelte", "src/pages/index.astro",
    "prisma/schema.prisma", "prisma.config.ts", "prisma.config.mjs",
    ".env", "apps/web/.env.local", ".env.production", "package.json", "vercel.json",
    "netlify.toml", "serverless.yml", "serverless.yaml", "template.yaml", "template.yml",
    "wrangler.toml", "wrangler.json", "wrangler.jsonc", "Dockerfile", "deploy/pgbouncer.ini",
    "postgresql.conf", "pyproject.toml", "docker-compose.yml", "docker-compose.prod.yaml",
    "compose.yaml", "compose.override.yml", "requirements.txt", "api/requirements-prod.txt",
    "k8s/api.yaml", "infra/k8s/base/deployment.yml", "charts/app/templates/hpa.yaml",
    "ops/web.yml", "api-Deployment.yaml", "web-hpa.yml", "apps/server/Dockerfile.prisma",
    "api.Dockerfile", "Containerfile",
    # not read by poolcheck
    "types/global.d.ts", "README.md", "notes.txt", ".envrc", "env.py.bak", "k.json",
    "styles.css", "Makefile", "a.pyc", "environment.yml", ".github/workflows/ci.yml",
    "config/settings.yaml", "requirements.in", "docs/Dockerfiles.txt",
]


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_hook_files_pattern_matches_exactly_what_poolcheck_reads(name):
    hook = _hook()
    selected = bool(re.search(hook["files"], name)) and not re.search(hook["exclude"], name)
    kind = classify(Path(name))
    assert selected == (kind is not None and kind != "markdown"), (name, kind)


def test_hook_definition():
    hook = _hook()
    assert hook["id"] == "poolcheck"
    assert hook["language"] == "python"
    assert hook["entry"] == "poolcheck"
    assert hook.get("pass_filenames", True)


def _pre_commit(*args: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([str(PRE_COMMIT), "run", *args, "--color", "never"], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=900)


@pytest.mark.slow
def test_pre_commit_hook_fails_on_pc101_and_passes_after_the_fix(tmp_path):
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout: pre-commit needs a repository to install the hook from")
    env = scratch_env(tmp_path)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True,
                          text=True, check=True).stdout.strip()
    hooks_at_head = subprocess.run(["git", "cat-file", "-e", f"{head}:.pre-commit-hooks.yaml"],
                                   cwd=REPO, capture_output=True)
    assert hooks_at_head.returncode == 0, "commit .pre-commit-hooks.yaml before running this test"

    project = write_tree(tmp_path / "proj", {
        "app/api/users/route.ts": BAD,
        "lib/db.ts": DB,
        ".pre-commit-config.yaml": f"""
            repos:
              - repo: {REPO}
                rev: {head}
                hooks:
                  - id: poolcheck
            """,
    })
    git("init", "-q", "-b", "main", cwd=project, env=env)
    git("add", "-A", cwd=project, env=env)
    git("commit", "-q", "-m", "start", cwd=project, env=env)

    # --all-files: the hook runs on the committed route and fails with the diagnostic.
    proc = _pre_commit("--all-files", cwd=project, env=env)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert re.search(r"^poolcheck \(Prisma connection pools\)\.+Failed$", output, re.M), output
    assert f"app/api/users/route.ts:4:18: {PC101}" in output

    # Fix it: the hook passes.
    (project / "app/api/users/route.ts").write_text(GOOD, encoding="utf-8")
    git("add", "-A", cwd=project, env=env)
    proc = _pre_commit("--all-files", cwd=project, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"^poolcheck \(Prisma connection pools\)\.+Passed$", proc.stdout, re.M)
    git("commit", "-q", "-m", "fix", cwd=project, env=env)

    # Staged files only: a new bad route is staged; only it is checked, and it fails.
    (project / "app/api/posts").mkdir(parents=True)
    (project / "app/api/posts/route.ts").write_text(BAD, encoding="utf-8")
    (project / ".env").write_text("DATABASE_URL=postgresql://localhost/app\n", encoding="utf-8")
    git("add", "app/api/posts/route.ts", ".env", cwd=project, env=env)
    proc = _pre_commit(cwd=project, env=env)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert f"app/api/posts/route.ts:4:18: {PC101}" in output
    assert "app/api/users/route.ts" not in output

    (project / "app/api/posts/route.ts").write_text(GOOD, encoding="utf-8")
    git("add", "app/api/posts/route.ts", cwd=project, env=env)
    proc = _pre_commit(cwd=project, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Passed" in proc.stdout
