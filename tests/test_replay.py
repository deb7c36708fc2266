"""The run replay (engine.replay): a second identical run over unchanged inputs prints the
stored output without running anything, and every kind of change makes it a normal run.

Most tests drive the installed console script; POOLCHECK_REPLAY_LOG makes it write one
line per store ("stored N entries"), refusal ("not stored: why") and replay ("replayed").
Trees are back-dated (a file modified less than 2 s before a run is never vouched for by
its stat, as git does for racily clean entries).
"""

from __future__ import annotations

import builtins
import io
import json
import marshal
import os
import re
import shutil
import time
from pathlib import Path

import pytest

from conftest import run_cli, write_tree

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PER_REQUEST = ("import { PrismaClient } from '@prisma/client'\n"
               "export async function GET() {\n  const db = new PrismaClient()\n"
               "  return Response.json(await db.user.findMany())\n}\n")
QUIET = PER_REQUEST.replace("new PrismaClient()", "globalThis.db    ")  # same size, no finding


def backdate(root: Path, seconds: int = 120) -> None:
    """Every file and folder below `root` (and `root`) modified `seconds` ago."""
    when = time.time() - seconds
    for folder, dirs, files in os.walk(root, topdown=False):
        for name in files:
            os.utime(os.path.join(folder, name), (when, when), follow_symlinks=False)
        os.utime(folder, (when, when))


@pytest.fixture
def repo(tmp_path):
    """repo/.git, repo/app (the project checked, the current folder of every run)."""
    root = tmp_path / "repo"
    write_tree(root, {
        "app/package.json": '{"name": "app", "dependencies": {"@prisma/client": "5.0.0"}}\n',
        "app/src/app/api/users/route.ts": PER_REQUEST,
        "app/src/lib/util.ts": "export const add = (a: number, b: number) => a + b\n",
        "app/.gitignore": "dist/\n",
    })
    (root / ".git").mkdir()
    backdate(root)
    return root


class Runner:
    def __init__(self, cwd: Path, tmp: Path):
        self.cwd, self.log = cwd, tmp / "replay.log"
        self.env = {"POOLCHECK_CACHE_DIR": str(tmp / "cache"), "POOLCHECK_REPLAY_LOG": str(self.log),
                    "NO_COLOR": ""}

    def __call__(self, *args: str, env: dict | None = None):
        before = self.lines()
        proc = run_cli(*args, cwd=self.cwd, env={**self.env, **(env or {})})
        assert "Traceback" not in proc.stderr, proc.stderr
        return proc, self.lines()[len(before):]

    def lines(self) -> list[str]:
        return self.log.read_text().splitlines() if self.log.exists() else []


@pytest.fixture
def run(repo, tmp_path):
    return Runner(repo / "app", tmp_path)


def _same(a, b) -> None:
    assert (a.stdout, a.stderr, a.returncode) == (b.stdout, b.stderr, b.returncode)


def test_a_second_identical_run_replays_the_same_output(run):
    first, log1 = run(".")
    assert first.returncode == 1 and "PC101" in first.stdout
    assert log1 and log1[0].startswith("stored")
    second, log2 = run(".")
    assert log2 == ["replayed"]
    _same(first, second)


@pytest.mark.parametrize("args", [
    ("--format", "json"), ("--format", "sarif"), ("--format", "full"), ("--format", "github"),
    ("--format", "json-lines"), ("--format", "lsp", "src/app/api/users/route.ts"),
    ("--statistics",), ("--format", "json", "--statistics"), ("--quiet", "--exit-zero"),
    ("--fail-on", "error"), ("--select", "PC1"),
], ids=lambda a: " ".join(a))
def test_every_format_and_flag_replays_byte_for_byte(run, args):
    first, log1 = run(*args)
    second, log2 = run(*args)
    assert log1[0].startswith("stored") and log2 == ["replayed"]
    _same(first, second)


def test_the_output_file_is_written_again(run, tmp_path):
    out = tmp_path / "report.json"
    first, _ = run("--format", "json", "-o", str(out))
    text = out.read_text()
    out.write_text("stale")
    second, log = run("--format", "json", "-o", str(out))
    assert log == ["replayed"]
    _same(first, second)
    assert out.read_text() == text and json.loads(text)


@pytest.mark.parametrize("change", [
    "edit-same-size", "add-file", "delete-file", "add-gitignore-above", "add-config-above",
    "add-package-json-above", "add-env", "add-ignored-folder-file",
])
def test_every_change_to_an_input_makes_a_normal_run(run, repo, change):
    app = repo / "app"
    first, _ = run(".")
    assert run(".")[1] == ["replayed"]
    route = app / "src/app/api/users/route.ts"
    if change == "edit-same-size":
        route.write_text(QUIET)
    elif change == "add-file":
        (app / "src/lib/db.ts").write_text("import { PrismaClient } from '@prisma/client'\n"
                                           "export function get() { return new PrismaClient() }\n")
    elif change == "delete-file":
        route.unlink()
    elif change == "add-gitignore-above":
        (repo / ".gitignore").write_text("app/src/app/\n")
    elif change == "add-config-above":
        (repo / "poolcheck.toml").write_text('ignore = ["PC101"]\n')
    elif change == "add-package-json-above":
        (repo / "package.json").write_text('{"name": "root", "workspaces": ["app"]}\n')
    elif change == "add-env":
        (app / ".env").write_text("DATABASE_URL=postgresql://u@db.example.com:5432/app\n")
    elif change == "add-ignored-folder-file":
        (app / "dist").mkdir()
        (app / "dist/x.ts").write_text("export {}\n")
    again, log = run(".")
    assert "replayed" not in log
    if change in ("edit-same-size", "delete-file", "add-gitignore-above", "add-config-above"):
        assert "PC101" not in again.stdout  # and the normal run sees the change
    if change == "add-file":
        count = lambda proc: int(re.search(r"in (\d+) files", proc.stderr).group(1))  # noqa: E731
        assert count(again) == count(first) + 1


def test_the_run_probed_the_files_whose_creation_the_tests_above_make(run, repo, tmp_path):
    """The absent paths above the project the change test creates are in the manifest, or
    their folder is, listed (the manifest's own rule: a file created there changes the
    folder's stat), so the test is about what the run looked at, not about some other
    stat that happened to change."""
    run(".")
    manifest = _manifest(tmp_path / "cache")
    for name in ("poolcheck.toml", "package.json", ".gitignore"):
        vouched = manifest.get(str(repo / name), "missing") is None or manifest.get(str(repo)) is not None
        assert vouched, name


def test_other_arguments_and_environments_are_other_runs(run):
    run(".")
    assert run(".")[1] == ["replayed"]
    assert "replayed" not in run("--format", "json", ".")[1]
    assert "replayed" not in run(".", env={"NO_COLOR": "1"})[1]
    assert "replayed" not in run(".", env={"POOLCHECK_PROGRESS_AFTER": "5"})[1]
    assert run(".", env={"NO_COLOR": "1"})[1] == ["replayed"]


@pytest.mark.parametrize("args", [("--diff",), ("--fix",), ("--add-noqa",), ("--show-files",),
                                  ("--no-cache",), ("--show-settings", "package.json")])
def test_commands_that_change_files_or_do_not_check_are_never_stored(run, args):
    for _ in range(2):
        _, log = run(*args)
        assert not any(line.startswith(("stored", "replayed")) for line in log)


def test_standard_input_is_never_replayed(run):
    for _ in range(2):
        proc = run_cli("-", "--stdin-filename", "src/app/api/users/route.ts", cwd=run.cwd, env=run.env,
                       input=PER_REQUEST)
        assert "PC101" in proc.stdout
    assert not any(line.startswith(("stored", "replayed")) for line in run.lines())


def test_a_recently_modified_file_is_not_vouched_for(run, repo):
    (repo / "app/src/lib/util.ts").write_text("export const one = 1\n")
    _, log = run(".")
    assert log and log[0].startswith("not stored") and "less than 2 s" in log[0]
    assert "replayed" not in run(".")[1]


def test_a_corrupt_or_foreign_store_means_a_normal_run(run, tmp_path):
    first, _ = run(".")
    (store,) = (tmp_path / "cache/replay").glob("*.run")
    for garbage in (b"", b"PCRP\0\0\0\0junk", store.read_bytes()[:-7], b"x" * 100):
        store.write_bytes(garbage)
        again, log = run(".")
        assert "replayed" not in log
        _same(first, again)
        assert run(".")[1] == ["replayed"]  # the normal run stored it afresh


def test_no_credential_lands_in_the_store(run, repo, tmp_path):
    (repo / "app/src/lib/db.ts").write_text(
        "import { PrismaClient } from '@prisma/client'\n"
        "export const db = new PrismaClient({ datasourceUrl: 'postgresql://admin:hunter2secret@db.example.com/app' })\n")
    (repo / "app/.env").write_text("DATABASE_URL=postgresql://admin:hunter2secret@db.example.com/app\n")
    backdate(repo)
    for fmt in ("text", "full", "json", "sarif"):
        first, log = run("--format", fmt, ".")
        assert "hunter2secret" not in first.stdout
        assert run("--format", fmt, ".")[1] == ["replayed"]
    for path in (tmp_path / "cache").rglob("*"):
        if path.is_file():
            assert b"hunter2secret" not in path.read_bytes(), path


def test_an_internal_error_is_never_stored(repo, tmp_path, monkeypatch, capsys):
    from poolcheck import cli
    from poolcheck.rules import registry

    monkeypatch.chdir(repo / "app")
    monkeypatch.setenv("POOLCHECK_REPLAY_LOG", str(tmp_path / "log"))
    rules = registry.load()

    class Broken:
        spec = rules["PC101"].spec
        code = "PC101"

        def check(self, ctx):
            raise RuntimeError("a rule bug")

    monkeypatch.setitem(rules, "PC101", Broken())
    argv = ["--cache-dir", str(tmp_path / "cache"), "."]
    assert cli.main(argv) == 2 and cli.main(argv) == 2
    log = tmp_path / "log"
    assert not log.exists() or not any(line.startswith(("stored", "replayed"))
                                       for line in log.read_text().splitlines())


def test_a_replay_runs_no_analysis_at_all(repo, tmp_path, monkeypatch, capsys):
    """In process: the second call never reaches the check command (cli_check.run)."""
    from poolcheck import cli, cli_check

    monkeypatch.chdir(repo / "app")
    argv = ["--cache-dir", str(tmp_path / "cache"), "--format", "json", "."]
    assert cli.main(argv) == 1
    first = capsys.readouterr()

    def refuse(argv):
        raise AssertionError("the check ran")

    monkeypatch.setattr(cli_check, "run", refuse)
    assert cli.main(argv) == 1
    second = capsys.readouterr()
    assert (first.out, first.err) == (second.out, second.err) and json.loads(second.out)


def _manifest(cache: Path) -> dict[str, tuple | None]:
    (store,) = (cache / "replay").glob("*.run")
    data = marshal.loads(store.read_bytes()[8:])
    return dict(zip(data["paths"], data["stats"]))


def test_every_path_a_run_touches_is_in_its_manifest(tmp_path, monkeypatch, capsys):
    """The audit behind the manifest, done by the interpreter: every path the run stats,
    lists or opens (os.stat, os.scandir, os.listdir, open) in the project or above it is
    recorded, or is absent and under a recorded folder. On the bundled examples (schemas,
    prisma.config.ts, .env files, deployment files, Python and TS, a config file)."""
    from poolcheck import cli

    project = tmp_path / "examples"
    shutil.copytree(EXAMPLES, project)
    (project / ".git").mkdir()
    backdate(project)
    cache = tmp_path / "cache"
    touched: set[str] = set()

    def spy(fn):
        def wrapper(path, *args, **kwargs):
            if isinstance(path, (str, os.PathLike)):
                touched.add(os.path.abspath(os.fspath(path)))
            return fn(path, *args, **kwargs)
        return wrapper

    monkeypatch.chdir(project)
    monkeypatch.setenv("POOLCHECK_REPLAY_LOG", str(tmp_path / "log"))
    for owner, name in ((os, "stat"), (os, "scandir"), (os, "listdir"), (builtins, "open"), (io, "open")):
        monkeypatch.setattr(owner, name, spy(getattr(owner, name)))
    status = cli.main(["--cache-dir", str(cache), "--jobs", "1", "--format", "sarif", "."])
    monkeypatch.undo()
    assert status == 1 and capsys.readouterr().out
    assert (tmp_path / "log").read_text().startswith("stored"), (tmp_path / "log").read_text()
    manifest = _manifest(cache)
    present = {p for p, k in manifest.items() if k is not None}
    outside = (str(cache), str(tmp_path / "log"), os.path.dirname(os.path.dirname(cli.__file__)),
               "/proc", "/dev", "/sys")
    missed = sorted(p for p in touched  # (the cache's own folder is made with os.makedirs)
                    if not p.startswith(outside) and not str(cache).startswith(p) and p not in manifest
                    and not (not os.path.exists(p) and os.path.dirname(p) in present)
                    and (p.startswith(str(project)) or str(project).startswith(os.path.dirname(p))))
    assert missed == []
    assert len(present) > 50  # the walk, the project files and poolcheck's own modules


def test_a_tsconfig_created_above_the_repository_makes_a_normal_run(tmp_path):
    """The linker looks for the tsconfig.json of a bare import up to the file-system root:
    one created above the repository (an absent path the run probed) counts."""
    project = tmp_path / "examples"
    shutil.copytree(EXAMPLES, project)
    (project / ".git").mkdir()
    backdate(project)
    run = Runner(project, tmp_path)
    first, _ = run(".")
    assert run(".")[1] == ["replayed"]
    assert _manifest(tmp_path / "cache").get(str(tmp_path / "tsconfig.json"), "missing") is None
    (tmp_path / "tsconfig.json").write_text('{"compilerOptions": {"baseUrl": "."}}\n')
    again, log = run(".")
    assert "replayed" not in log


def test_secret_pieces_are_what_the_redactor_masks_and_never_placeholders(tmp_path):
    from poolcheck.engine.cache import secret_pieces
    from poolcheck.engine.discovery import FoundFile
    from poolcheck.engine.files import analyse_source
    from poolcheck.config import Settings
    from poolcheck.rules import implemented_codes

    env = tmp_path / ".env"
    env.write_text("DATABASE_URL=postgresql://admin:Xk92mPq7vZ@db.example.com/app\n"
                   "SHADOW_URL=postgresql://admin:pass@db.example.com/shadow\n"
                   "STRIPE_SECRET=sk_live_51Habc\nPORT=3000\n")
    found = FoundFile(env, "dotenv", True)
    result = analyse_source(found, env.read_bytes(), Settings(), implemented_codes())
    assert sorted(secret_pieces(result)) == ["Xk92mPq7vZ", "sk_live_51Habc"]
