"""Every front checks a file with its nearest configuration, so they agree.

A scratch monorepo with two configs (api/poolcheck.toml extends the root pyproject.toml)
is checked through the installed console script in every path order, through real
pre-commit in a scratch git repository (a local hook running the same console script,
with the hook's own `files` pattern), through flake8, and through the language server.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from lsprotocol import types
from pytest_lsp import LanguageClient

from fronts_helpers import git, scratch_env, client  # noqa: F401 (client is a fixture)
from conftest import POOLCHECK, run_cli, write_tree


async def _published(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    async def wait():
        while True:
            params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            if params.uri == uri:
                return list(params.diagnostics)
    return await asyncio.wait_for(wait(), 30)

REPO = Path(__file__).resolve().parent.parent
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
FLAKE8 = Path(sys.executable).parent / "flake8"

ROUTE = """\
import { PrismaClient } from '@prisma/client'

export async function GET() {
  const prisma = new PrismaClient()
  await prisma.$connect()
  return Response.json(await prisma.user.findMany())
}
"""
PY = """\
from fastapi import FastAPI
from prisma import Prisma

app = FastAPI()


@app.get("/users")
async def users():
    db = Prisma()
    await db.connect()
    return await db.user.find_many()
"""
MONOREPO = {
    "pyproject.toml": '[project]\nname = "mono"\n[tool.poolcheck]\nignore = ["PC105"]\n',
    "api/poolcheck.toml": 'extend = "../pyproject.toml"\nextend-select = []\nignore = ["PC101"]\n',
    "api/package.json": '{"name": "api", "dependencies": {"@prisma/client": "6.0.0"}}\n',
    "api/app/api/users/route.ts": ROUTE,
    "api/svc/users.py": PY,
    "web/package.json": '{"name": "web", "dependencies": {"@prisma/client": "6.0.0"}}\n',
    "web/app/api/users/route.ts": ROUTE,
    "web/svc/users.py": PY,
}
# What each file must report: web gets the root config (PC105 ignored), api its own
# config extending the root (PC101 and PC105 ignored).
EXPECTED = [
    ("web/app/api/users/route.ts", 4, "PC101"),
    ("web/svc/users.py", 9, "PC101"),
]


def _cli_findings(*paths: str, cwd: Path) -> list[tuple[str, int, str]]:
    proc = run_cli("--no-cache", "--format", "json", *paths, cwd=cwd)
    assert proc.returncode in (0, 1), proc.stderr
    return sorted((d["path"], d["line"], d["code"]) for d in json.loads(proc.stdout))


@pytest.fixture
def mono(tmp_path):
    return write_tree(tmp_path / "mono", MONOREPO)


def test_cli_uses_each_files_nearest_config_in_any_path_order(mono):
    assert _cli_findings(cwd=mono) == EXPECTED
    assert _cli_findings("api", "web", cwd=mono) == EXPECTED
    assert _cli_findings("web", "api", cwd=mono) == EXPECTED
    files = [f for f in MONOREPO if f.endswith((".ts", ".py"))]
    assert _cli_findings(*files, cwd=mono) == EXPECTED
    assert _cli_findings(*reversed(files), cwd=mono) == EXPECTED
    # From inside a package, the same files get the same settings.
    assert _cli_findings(".", cwd=mono / "web") == [(p.removeprefix("web/"), n, c) for p, n, c in EXPECTED]
    assert _cli_findings(cwd=mono / "api") == []


def test_show_settings_and_show_files_name_each_files_config(mono):
    proc = run_cli("--show-settings", "api/app/api/users/route.ts", cwd=mono)
    assert proc.returncode == 0, proc.stderr
    shown = json.loads(proc.stdout)
    assert Path(shown["config"]).name == "poolcheck.toml"
    assert [Path(p).name for p in shown["extends"]] == ["pyproject.toml"]
    assert "PC101" not in shown["enabled"] and "PC105" not in shown["enabled"]
    web = json.loads(run_cli("--show-settings", "web/svc/users.py", cwd=mono).stdout)
    assert Path(web["config"]).name == "pyproject.toml" and "PC101" in web["enabled"]

    proc = run_cli("--show-files", cwd=mono)
    rows = {line.split("\t")[0]: line.split("\t")[2] for line in proc.stdout.splitlines()}
    assert rows["api/app/api/users/route.ts"] == "api/poolcheck.toml"
    assert rows["web/app/api/users/route.ts"] == "pyproject.toml"


def test_command_line_select_replaces_the_configs_selection(mono):
    """ruff's precedence: --select on the command line is a new base; the config's
    extend-select and ignore below it no longer apply."""
    (mono / "api/poolcheck.toml").write_text('ignore = ["PC101"]\nextend-select = ["PC205"]\n')
    assert _cli_findings("--select", "PC1", "api", cwd=mono) == [
        ("api/app/api/users/route.ts", 4, "PC101"), ("api/svc/users.py", 9, "PC101")]
    assert _cli_findings("api", cwd=mono) == []


def test_extend_cycle_and_missing_target_are_config_errors(mono):
    (mono / "api/poolcheck.toml").write_text('extend = "poolcheck.toml"\n')
    proc = run_cli("--no-cache", "api", cwd=mono)
    assert proc.returncode == 2 and "PC901" in proc.stdout and "cycle" in proc.stdout
    (mono / "api/poolcheck.toml").write_text('extend = "../nope.toml"\n')
    proc = run_cli("--no-cache", "api", cwd=mono)
    assert proc.returncode == 2 and "no such config file" in proc.stdout


def _local_hook_config() -> str:
    """A local hook: the published hook's definition, running this checkout's script."""
    hook = dict(yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())[0])
    hook.update(entry=str(POOLCHECK), language="system")
    hook.pop("minimum_pre_commit_version", None)
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]})


def _pre_commit(cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([str(PRE_COMMIT), "run", "--color", "never"], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def _hook_findings(output: str) -> list[tuple[str, int, str]]:
    return sorted((m[1], int(m[2]), m[3])
                  for m in re.finditer(r"^(\S+):(\d+):\d+: (PC\d+)", output, re.M))


@pytest.mark.slow
def test_pre_commit_checks_each_staged_file_with_its_own_config(tmp_path, mono):
    env = scratch_env(tmp_path)
    (mono / ".pre-commit-config.yaml").write_text(_local_hook_config())
    git("init", "-q", "-b", "main", cwd=mono, env=env)
    git("add", ".pre-commit-config.yaml", "pyproject.toml", "api/poolcheck.toml",
         "api/package.json", "web/package.json", cwd=mono, env=env)
    git("commit", "-q", "-m", "start", cwd=mono, env=env)
    # Stage a file of api next to the files of web: api's config must not hide web's.
    git("add", "-A", cwd=mono, env=env)
    proc = _pre_commit(mono, env)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert _hook_findings(output) == EXPECTED


@pytest.mark.slow
def test_pre_commit_reports_what_a_staged_change_causes_in_an_unstaged_file(tmp_path):
    """Lowering max_connections in docker-compose.yml makes pgbouncer.ini's pool too
    big (PC403 sits in pgbouncer.ini, with the compose setting as related location)."""
    import shutil

    env = scratch_env(tmp_path)
    infra = tmp_path / "infra"
    shutil.copytree(REPO / "examples/infra", infra)
    compose = infra / "docker-compose.yml"
    compose.write_text(compose.read_text().replace("max_connections=30", "max_connections=300"))
    (infra / ".pre-commit-config.yaml").write_text(_local_hook_config())
    git("init", "-q", "-b", "main", cwd=infra, env=env)
    git("add", "-A", cwd=infra, env=env)
    git("commit", "-q", "-n", "-m", "start", cwd=infra, env=env)
    compose.write_text(compose.read_text().replace("max_connections=300", "max_connections=30"))
    git("add", "docker-compose.yml", cwd=infra, env=env)
    proc = _pre_commit(infra, env)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert ("pgbouncer.ini", 13, "PC403") in _hook_findings(output), output


def test_flake8_uses_the_same_nearest_config(mono):
    proc = subprocess.run([str(FLAKE8), "--select", "PC", "api/svc/users.py", "web/svc/users.py"],
                          cwd=mono, capture_output=True, text=True, timeout=120)
    found = sorted((p.removeprefix("./"), int(n), c) for p, n, c in
                   re.findall(r"^(\S+?):(\d+):\d+: (PC\d+)", proc.stdout, re.M))
    assert found == [e for e in EXPECTED if e[0].endswith(".py")], proc.stdout + proc.stderr


@pytest.mark.asyncio
async def test_language_server_agrees_with_the_cli(client: LanguageClient, tmp_path):
    root = write_tree(tmp_path / "mono", MONOREPO)
    found = []
    for name in (f for f in MONOREPO if f.endswith((".ts", ".py"))):
        path = root / name
        uri = path.as_uri()
        client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
            uri=uri, language_id="python" if name.endswith(".py") else "typescript", version=1,
            text=path.read_text())))
        found += [(name, d.range.start.line + 1, str(d.code)) for d in await _published(client, uri)]
    assert sorted(found) == EXPECTED


# --- the command line: stdin, named paths, exit codes, suppressions -----------------

def test_stdin_is_checked_with_the_kind_config_and_project_of_stdin_filename(mono):
    proc = run_cli("--no-cache", "-", "--stdin-filename", "web/app/api/users/route.ts",
                   cwd=mono, input=ROUTE)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith("web/app/api/users/route.ts:4:18: PC101 [error] ")
    # api's config ignores PC101: the same text under api's path is clean.
    proc = run_cli("--no-cache", "-", "--stdin-filename", "api/app/api/users/route.ts",
                   cwd=mono, input=ROUTE)
    assert proc.returncode == 0 and proc.stdout == "", proc.stdout
    # The text is what is checked, not the file on disk.
    proc = run_cli("--no-cache", "-", "--stdin-filename", "web/app/api/users/route.ts",
                   cwd=mono, input="export const x = 1\n")
    assert proc.returncode == 0 and proc.stdout == ""
    assert run_cli("-", "web", cwd=mono, input="").returncode == 2
    assert run_cli("--stdin-filename", "x.ts", "web", cwd=mono).returncode == 2


def test_named_env_files_are_read_and_missing_or_dangling_paths_are_errors(tmp_path):
    import os

    bad = "DATABASE_URL=postgresql://u:p@db.example.com:6543/app?connection_limt=3\n"
    root = write_tree(tmp_path, {"prod.env": bad, "config.env": bad})
    for name in ("prod.env", "config.env"):
        proc = run_cli("--no-cache", name, cwd=root)
        assert proc.returncode == 1 and f"{name}:1:" in proc.stdout, proc.stdout + proc.stderr
    proc = run_cli("--no-cache", "nope.env", cwd=root)
    assert proc.returncode == 2 and "no such file or directory: nope.env" in proc.stderr
    os.symlink(root / "gone.env", root / "link.env")
    proc = run_cli("--no-cache", "link.env", cwd=root)
    assert proc.returncode == 2 and "dangling symbolic link: link.env" in proc.stderr


def test_toml_syntax_error_in_pyproject_is_pc901_and_exit_2(tmp_path):
    root = write_tree(tmp_path, {"pyproject.toml": "[tool.poolcheck]\nignore = [PC101\n",
                                 "app/api/users/route.ts": ROUTE})
    proc = run_cli("--no-cache", cwd=root)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert re.search(r"^pyproject\.toml:\d+:\d+: PC901 \[error\] invalid TOML", proc.stdout, re.M), proc.stdout
    assert "PC900" not in proc.stdout


def test_fail_on_sets_the_severity_that_fails_the_run(tmp_path):
    info = "DATABASE_URL=postgresql://u@db.proxy-abc.us-east-1.rds.amazonaws.com:5432/app\n"
    root = write_tree(tmp_path, {".env": info, "package.json": "{}"})
    proc = run_cli("--no-cache", "--select", "PC312", cwd=root)
    assert proc.returncode == 1 and "PC312" in proc.stdout
    assert run_cli("--no-cache", "--select", "PC312", "--fail-on", "warning", cwd=root).returncode == 0
    assert run_cli("--no-cache", "--select", "PC312", "--fail-on", "error", cwd=root).returncode == 0
    assert run_cli("--fail-on", "fatal", cwd=root).returncode == 2


def test_output_piped_to_head_keeps_exit_status_1(tmp_path):
    files = {f"app/api/r{i}/route.ts": ROUTE for i in range(40)}
    root = write_tree(tmp_path, files)
    proc = subprocess.run(f"'{POOLCHECK}' --no-cache . | head -2; exit ${{PIPESTATUS[0]}}", shell=True,
                          executable="/bin/bash", cwd=root, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert len(proc.stdout.splitlines()) == 2 and "Traceback" not in proc.stderr


def test_explain_takes_a_rule_name_and_rejects_an_empty_string(tmp_path):
    by_name = run_cli("--explain", "client-per-request", cwd=tmp_path)
    assert by_name.returncode == 0 and by_name.stdout == run_cli("--explain", "PC101", cwd=tmp_path).stdout
    empty = run_cli("--explain", "", cwd=tmp_path)
    assert empty.returncode == 2 and "unknown rule code or name" in empty.stderr


def test_extend_exclude_on_the_command_line(mono):
    assert _cli_findings("--extend-exclude", "web/svc/", cwd=mono) == [EXPECTED[0]]


def test_upper_case_noqa_is_honoured(tmp_path):
    root = write_tree(tmp_path, {"svc/users.py": PY.replace("db = Prisma()", "db = Prisma()  # NOQA: PC101")})
    assert run_cli("--no-cache", cwd=root).stdout == ""


def test_add_noqa_writes_each_kinds_form_and_silences_the_run(mono):
    proc = run_cli("--no-cache", "--add-noqa", cwd=mono)
    assert proc.returncode == 0 and "added 2 suppressions in 2 files" in proc.stderr, proc.stderr
    assert "  const prisma = new PrismaClient()  // poolcheck-ignore PC101\n" in \
        (mono / "web/app/api/users/route.ts").read_text()
    assert "    db = Prisma()  # noqa: PC101\n" in (mono / "web/svc/users.py").read_text()
    assert run_cli("--no-cache", cwd=mono).returncode == 0


def test_unused_suppressions_are_reported_only_when_pc902_is_selected(tmp_path):
    clean = "import { prisma } from '@/lib/db'\nexport async function GET() {\n" \
            "  return Response.json(await prisma.user.findMany())  // poolcheck-ignore PC101\n}\n"
    used = ROUTE.replace("new PrismaClient()", "new PrismaClient()  // poolcheck-ignore PC101, PC104")
    root = write_tree(tmp_path, {"app/api/a/route.ts": clean, "app/api/b/route.ts": used,
                                 "svc/x.py": "x = 1  # noqa: E501\n"})
    assert run_cli("--no-cache", cwd=root).stdout == ""
    proc = run_cli("--no-cache", "--extend-select", "PC902", cwd=root)
    assert proc.returncode == 1
    col_a = clean.splitlines()[2].index("//") + 1
    col_b = used.splitlines()[3].index("//") + 1
    assert proc.stdout.splitlines() == [
        f"app/api/a/route.ts:3:{col_a}: PC902 [warning] unused suppression: no PC101 finding on this line",
        f"app/api/b/route.ts:4:{col_b}: PC902 [warning] unused suppression: no PC104 finding on this line"]


def _on_a_terminal(args: list[str], cwd: Path, env: dict) -> tuple[str, str]:
    """Run the console script with stdout and stderr on pseudo-terminals."""
    import os
    import pty
    import select

    out_master, out_slave = pty.openpty()
    err_master, err_slave = pty.openpty()
    proc = subprocess.Popen([str(POOLCHECK), *args], cwd=cwd, stdin=subprocess.DEVNULL,
                            stdout=out_slave, stderr=err_slave, env={**os.environ, **env})
    os.close(out_slave)
    os.close(err_slave)
    data = {out_master: b"", err_master: b""}
    open_fds = set(data)
    while open_fds:
        ready, _, _ = select.select(list(open_fds), [], [], 60)
        if not ready:
            break
        for fd in ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the other side is closed
                chunk = b""
            if chunk:
                data[fd] += chunk
            else:
                open_fds.discard(fd)
    proc.wait(timeout=60)
    for fd in data:
        os.close(fd)
    return data[out_master].decode(), data[err_master].decode()


def test_colour_on_a_terminal_only_and_never_with_no_color(mono):
    env = {"NO_COLOR": "", "POOLCHECK_CACHE_DIR": str(mono / ".cache")}
    out, _ = _on_a_terminal(["--no-cache", "web"], mono, env)
    assert "\x1b[31;1mPC101 [error]\x1b[0m" in out, repr(out)
    out, _ = _on_a_terminal(["--no-cache", "web"], mono, {**env, "NO_COLOR": "1"})
    assert "\x1b[" not in out and "PC101 [error]" in out
    out, _ = _on_a_terminal(["--no-cache", "--no-color", "web"], mono, env)
    assert "\x1b[" not in out and "PC101 [error]" in out
    piped = run_cli("--no-cache", "web", cwd=mono, env={"NO_COLOR": ""})
    assert "\x1b[" not in piped.stdout and "PC101 [error]" in piped.stdout


def test_progress_line_on_a_terminals_stderr_for_long_runs(mono):
    env = {"POOLCHECK_PROGRESS_AFTER": "0", "POOLCHECK_CACHE_DIR": str(mono / ".cache")}
    _, err = _on_a_terminal(["--no-cache", "-j", "1", "."], mono, env)
    assert re.search(r"\rpoolcheck: \d+/\d+ files", err), repr(err)
    assert "\r\x1b[K" in err  # the progress line is erased before the summary
    piped = run_cli("--no-cache", "-j", "1", ".", cwd=mono, env=env)
    assert "/8 files" not in piped.stderr and "\r" not in piped.stderr


def test_named_excluded_file_is_checked_unless_force_exclude(mono):
    (mono / "web/poolcheck.toml").write_text('exclude = ["svc/"]\n')
    assert _cli_findings("web", cwd=mono) == [EXPECTED[0]]
    assert _cli_findings("web/svc/users.py", cwd=mono) == [EXPECTED[1]]  # named: checked, as ruff
    assert _cli_findings("--force-exclude", "web/svc/users.py", cwd=mono) == []
    (mono / "web/poolcheck.toml").write_text('exclude = ["svc/"]\nforce-exclude = true\n')
    assert _cli_findings("web/svc/users.py", cwd=mono) == []
    proc = run_cli("--no-cache", "-", "--stdin-filename", "web/svc/users.py", cwd=mono, input=PY)
    assert proc.stdout == ""


def test_pc103_names_the_first_client_relative_to_the_project_root(tmp_path):
    db = "import { PrismaClient } from '@prisma/client'\nexport const prisma = new PrismaClient()\n"
    root = write_tree(tmp_path, {"apps/api/package.json": '{"dependencies": {"@prisma/client": "6.0.0"}}\n',
                                 "apps/api/src/db.ts": db, "apps/api/src/jobs.ts": db})
    for cwd, path in ((root, "apps/api"), (root / "apps/api/src", "."), (root / "apps", "api")):
        proc = run_cli("--no-cache", "--select", "PC103", path, cwd=cwd)
        assert "module-level `PrismaClient`: src/db.ts already constructs one" in proc.stdout, (cwd, proc.stdout)
