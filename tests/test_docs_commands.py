"""The commands and snippets of README.md and docs/, run as written where a tool can run
them: shell lines against this checkout, the pre-commit config through real pre-commit,
the CI workflow's poolcheck step (its SARIF validated against the 2.1.0 schema), the
editor configs parsed by their format's reader."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import BIN, write_tree

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
BAD = """import { PrismaClient } from '@prisma/client'

export async function GET() {
  const prisma = new PrismaClient()
  return Response.json([])
}
"""


def blocks(page: Path, lang: str) -> list[str]:
    return [body for kind, body in FENCE.findall(page.read_text(encoding="utf-8")) if kind == lang]


def _env(tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update({"PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
                "POOLCHECK_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1",
                "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "HOME": str(tmp_path),
                "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
                "GIT_CONFIG_NOSYSTEM": "1"})
    return env


def shell_lines(page: Path) -> list[str]:
    out = []
    for body in blocks(page, "sh"):
        for line in body.splitlines():
            command = line.split("  #")[0].split(" # ")[0].strip()
            if command and not command.startswith("#"):
                out.append(command)
    return out


# Commands that install (pip) are exercised by tests/test_wheel.py on a fresh venv;
# `make` targets by CI itself. Every other documented shell command runs here, verbatim,
# in this checkout, with the checkout's poolcheck and flake8 on PATH.
PAGES = [REPO / "README.md", *sorted(DOCS.glob("*.md"))]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_documented_shell_commands_work_in_a_checkout(page, tmp_path):
    for command in shell_lines(page):
        assert "pip install poolcheck" not in command, "poolcheck is not on PyPI"
        if command.startswith(("pip ", "pipx ", "make ", "git clone", "cd ")):
            continue
        words = shlex.split(command)
        if words[0] not in ("poolcheck", "flake8"):
            continue
        proc = subprocess.run(command, shell=True, cwd=REPO, env=_env(tmp_path),
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode in (0, 1), (command, proc.stderr)
        assert "Traceback" not in proc.stderr and "error:" not in proc.stderr, (command, proc.stderr)


def test_no_page_tells_to_install_from_pypi_or_use_a_release_tag():
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"pipx? install ['\"]?poolcheck\b", text), page
        assert not re.search(r"rev: v\d", text), page


@pytest.mark.slow
def test_pre_commit_snippet_runs_with_real_pre_commit(tmp_path):
    (snippet,) = [b for b in blocks(DOCS / "pre-commit.md", "yaml") if "repos:" in b]
    env = _env(tmp_path)
    project = write_tree(tmp_path / "proj", {"app/api/users/route.ts": BAD, "README.md": "# x\n",
                                             ".pre-commit-config.yaml": snippet})
    for args in (["init", "-q", "-b", "main"], ["add", "-A"]):
        subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)
    pre_commit = Path(sys.executable).parent / "pre-commit"
    proc = subprocess.run([str(pre_commit), "run", "--all-files", "--color", "never"], cwd=project,
                          env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "app/api/users/route.ts:4:18: PC101 " in proc.stdout


def test_ci_workflow_shape_and_its_poolcheck_step(tmp_path):
    import jsonschema

    (workflow,) = [b for b in blocks(DOCS / "ci.md", "yaml") if "jobs:" in b]
    data = yaml.safe_load(workflow)
    steps = data["jobs"]["poolcheck"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert uses[0].startswith("actions/checkout@") and "github/codeql-action/upload-sarif@v3" in uses
    source = next(s for s in steps if s.get("with", {}).get("repository"))
    install = next(s["run"] for s in steps if "pip install" in s.get("run", ""))
    assert install == f"pip install ./{source['with']['path']}"  # installs the checkout it made
    run = next(s for s in steps if "poolcheck --format sarif" in s.get("run", ""))
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    project = write_tree(tmp_path / "proj", {"app/api/users/route.ts": BAD})
    proc = subprocess.run(run["run"], shell=True, cwd=project, env=_env(tmp_path),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr  # --exit-zero: the upload decides
    sarif = json.loads((project / upload["with"]["sarif_file"]).read_text())
    schema = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(sarif, schema)
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["PC101"]


def test_editor_configs_parse_and_cover_every_file_kind():
    page = DOCS / "editors.md"
    (helix,) = blocks(page, "toml")
    languages = {entry["name"] for entry in tomllib.loads(helix)["language"]}
    assert {"typescript", "tsx", "javascript", "python", "prisma", "yaml", "toml", "json",
            "ini", "env", "dockerfile"} <= languages
    (vscode,) = blocks(page, "jsonc")
    ids = set(json.loads(vscode)["glspc.server.languageId"])
    assert {"dotenv", "yaml", "toml", "json", "jsonc", "ini", "dockerfile", "prisma", "vue"} <= ids
    (lua,) = blocks(page, "lua")
    for filetype in ("sh", "conf", "yaml", "toml", "json", "dosini", "dockerfile", "prisma"):
        assert f'"{filetype}"' in lua, filetype


def test_lsp_version_and_format_lsp_clears_a_clean_named_file(tmp_path):
    proc = subprocess.run([str(BIN / "poolcheck"), "lsp", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("poolcheck lsp ")
    project = write_tree(tmp_path / "proj", {"app/api/users/route.ts": "export const x = 1\n"})
    proc = subprocess.run([str(BIN / "poolcheck"), "--no-cache", "--format", "lsp",
                           "app/api/users/route.ts"], cwd=project, capture_output=True, text=True)
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == {(project / "app/api/users/route.ts").as_uri(): []}
