"""Test and script roles come from the folders inside the project, never from where the
checkout sits on the machine (audit 22: `poolcheck repos/seed`, `/tmp/tests/myapp`, an
editor's absolute path: every finding used to vanish). The project's top is the outermost
folder with a project marker (package.json, pyproject.toml, .git, ...), never above a
repository's root."""

from __future__ import annotations

import shutil
from pathlib import Path, PurePath

import pytest

from conftest import check_tree, run_cli, write_tree
from poolcheck.vocabulary.layout import path_role, project_folders

ROUTE = ('import express from "express";\nimport { PrismaClient } from "@prisma/client";\n'
         'const app = express();\napp.get("/u", async (req, res) => {\n'
         '  const prisma = new PrismaClient();\n  res.json(await prisma.user.findMany());\n});\n'
         'app.listen(3000);\n')
APP = {"package.json": '{"name": "app", "dependencies": {"express": "4", "@prisma/client": "5"}}',
       "src/index.ts": ROUTE}


@pytest.mark.parametrize("above", ["tests", "scripts", "seed", "e2e", "bin", "fixtures"])
def test_a_folder_above_the_project_gives_no_role(tmp_path, above):
    root = write_tree(tmp_path / above / "myapp", APP)
    assert project_folders(PurePath(root / "src" / "index.ts")) == ("src",)
    assert path_role(PurePath(root / "src" / "index.ts")) is None
    found = check_tree(root)   # the engine is handed the absolute path
    assert [(f.path, f.line, f.code) for f in found] == [("src/index.ts", 5, "PC101")]


def test_the_cli_finds_it_by_any_path_to_the_project(tmp_path):
    root = write_tree(tmp_path / "tests" / "myapp", APP)
    for cwd, arg in ((tmp_path, "tests/myapp"), (tmp_path, str(root)), (tmp_path, str(root / "src" / "index.ts")),
                     (root, ".")):
        out = run_cli("--no-cache", arg, cwd=cwd)
        assert "PC101" in out.stdout, (cwd, arg, out.stdout, out.stderr)


def test_folders_inside_the_project_still_give_roles(tmp_path):
    root = write_tree(tmp_path / "tests" / "myapp", {**APP, "scripts/backfill.ts": ROUTE, "tests/db.ts": ROUTE})
    assert path_role(PurePath(root / "scripts" / "backfill.ts")) == "script"
    assert path_role(PurePath(root / "tests" / "db.ts")) == "test"
    assert sorted(f.path for f in check_tree(root)) == ["src/index.ts"]


def test_a_monorepo_package_named_like_a_role_keeps_it(tmp_path):
    """`scripts/` as a workspace package of its own (its package.json): the outermost
    marker is the repository's, so its files are still scripts."""
    root = write_tree(tmp_path / "repo", {"package.json": '{"private": true, "workspaces": ["scripts", "app"]}',
                                          "scripts/package.json": '{"name": "scripts"}',
                                          "scripts/sync.ts": ROUTE,
                                          "app/package.json": APP["package.json"], "app/src/index.ts": ROUTE})
    assert path_role(PurePath(root / "scripts" / "sync.ts")) == "script"
    assert sorted(f.path for f in check_tree(root)) == ["app/src/index.ts"]


def test_a_marker_above_a_repository_root_does_not_count(tmp_path):
    """A stray ~/package.json above a checkout: the repository's root (.git) is the top."""
    (tmp_path / "package.json").write_text("{}")
    root = write_tree(tmp_path / "tests" / "repo", APP)
    (root / ".git").mkdir()
    assert path_role(PurePath(root / "src" / "index.ts")) is None
    shutil.rmtree(root / ".git")
