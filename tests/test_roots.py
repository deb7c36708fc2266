"""The one walk up to the repository top (project.roots.up_to_repo_top) and its users:
project roots, the project inputs the cache keys on, the Prisma version."""

import os
from pathlib import Path

from poolcheck.project.packages import prisma_version, project_inputs
from poolcheck.project.roots import RootFinder, repo_top, up_to_repo_top

from conftest import write_tree


def _repo(tmp_path: Path) -> Path:
    # Above the repository: a package.json and a lockfile that belong to someone else.
    write_tree(tmp_path, {"package.json": '{"dependencies": {"prisma": "5.0.0"}}', "yarn.lock": "",
                          "repo/.git/HEAD": "ref: refs/heads/main\n",
                          "repo/pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
                          "repo/apps/web/package.json": '{"dependencies": {"@prisma/client": "^6.2.0"}}',
                          "repo/apps/web/src/db.ts": "export {}\n",
                          "repo/tools/x/run.ts": "export {}\n"})
    return tmp_path / "repo"


def test_the_walk_stops_at_the_repository_top(tmp_path):
    repo = _repo(tmp_path)
    src = repo / "apps/web/src"
    assert list(up_to_repo_top(str(src))) == [str(src), str(src.parent), str(repo / "apps"), str(repo)]
    assert repo_top(src) == repo
    # Without a .git the walk goes to the file-system root, and there is no top.
    outside = tmp_path / "loose"
    outside.mkdir()
    walked = list(up_to_repo_top(str(outside)))
    assert walked[0] == str(outside) and walked[-1] == os.path.dirname(walked[-1])
    assert repo_top(outside) is None


def test_roots_inputs_and_version_never_look_above_the_repository_top(tmp_path):
    repo = _repo(tmp_path)
    finder = RootFinder(repo)
    assert finder.root_of(repo / "apps/web/src/db.ts") == repo / "apps/web"   # nearest package.json
    assert finder.root_of(repo / "tools/x/run.ts") == repo                   # no marker: the top
    names = [os.path.relpath(p, tmp_path) for p, _, _ in project_inputs(repo / "apps/web/src")]
    assert names == ["repo/apps/web/package.json", "repo/pnpm-lock.yaml"]
    assert prisma_version(repo / "apps/web/src/db.ts").major == 6
    assert prisma_version(repo / "tools/x/run.ts").source == "unknown"      # not the 5.0.0 above


def test_root_of_file_agrees_with_root_of_and_hands_out_one_path_per_root(tmp_path, monkeypatch):
    repo = _repo(tmp_path)
    finder = RootFinder(repo)
    monkeypatch.chdir(repo)
    for rel in ("apps/web/src/db.ts", "tools/x/run.ts", "apps/web/package.json"):
        assert finder.root_of_file(rel) == RootFinder(repo).root_of(repo / rel)
        assert finder.root_of_file(repo / rel) == finder.root_of(repo / rel)
    assert finder.root_of_file("apps/web/src/db.ts") is finder.root_of_file(repo / "apps/web/package.json")
    # a folder is its own root when it is one
    assert finder.root_of(repo / "apps/web") == repo / "apps/web"


def test_project_inputs_are_every_input_name_present_and_the_folder_listing_is_recorded(tmp_path):
    """A folder is listed once and only the names present are stat'ed: every input name is
    still found, in the fixed order, look-alikes are not, and the listing is recorded
    (a lockfile created later changes the folder's stat: a replay is not trusted)."""
    from poolcheck.core import safeio
    from poolcheck.project.packages import _INPUT_NAMES

    (tmp_path / ".git").mkdir()
    every = tmp_path / "every"
    every.mkdir()
    for name in reversed(_INPUT_NAMES):
        (every / name).write_text("{}")
    assert [os.path.basename(p) for p, _, _ in project_inputs(every)] == list(_INPUT_NAMES)
    alike = tmp_path / "alike"
    alike.mkdir()
    for name in ("package.json.bak", "yarn.lock~", "pyproject.toml.orig", "setup.pyc"):
        (alike / name).write_text("{}")
    assert project_inputs(alike) == ()
    safeio.start_recording()
    try:
        project_inputs(alike, {})
    finally:
        reads, _ = safeio.stop_recording()
    assert str(alike) in reads and reads[str(alike)] is not None


def test_a_schema_folder_the_package_json_declares_is_the_apps(tmp_path):
    """Blitz's db/schema.prisma beside db/index.ts, declared by package.json
    `"prisma": {"schema": "db/schema.prisma"}`: db/ belongs to the app (its dev server, its
    deployment), not a project of its own; an undeclared schema folder still is one."""
    write_tree(tmp_path, {".git/HEAD": "ref: refs/heads/main\n",
                          "app/package.json": '{"prisma": {"schema": "db/schema.prisma"}}',
                          "app/db/schema.prisma": "", "app/db/index.ts": "export {}\n",
                          "app/database/schema.prisma": "", "app/database/client.ts": "export {}\n"})
    finder = RootFinder(tmp_path)
    assert finder.root_of(tmp_path / "app/db/index.ts") == tmp_path / "app"
    assert finder.root_of(tmp_path / "app/database/client.ts") == tmp_path / "app/database"
