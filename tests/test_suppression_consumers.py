"""Suppressions that the file's real consumer still reads: each file kind's form
(`poolcheck.vocabulary.comments`), written by `poolcheck --add-noqa` and by the editor's quick fix
(through a real LSP client), is fed to the program that reads that file in production: PgBouncer,
postgres's config parser, python-dotenv (and Node's dotenv when installed), PyYAML,
tomllib, json. `.ci/run` installs pgbouncer and postgresql on a fresh machine.
"""

from __future__ import annotations

import asyncio
import glob
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from lsprotocol import types
from pytest_lsp import LanguageClient

from poolcheck.suppression import apply_edits, edit_for, parse

from fronts_helpers import client  # noqa: F401 (client is a fixture)
from conftest import run_cli

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPO = Path(__file__).resolve().parent.parent
INFRA = REPO / "examples" / "infra"


def _tool(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    hits = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return hits[-1] if hits else None


def _as_unprivileged(cmd: list[str]) -> list[str]:
    """PgBouncer and postgres refuse to run as root: drop to `nobody` when we are root."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        runuser = shutil.which("runuser")
        if runuser is None:
            pytest.skip("running as root without runuser: cannot start pgbouncer/postgres unprivileged")
        return [runuser, "-u", "nobody", "--", *cmd]
    return cmd


def _open_up(path: Path) -> None:
    for folder in (path, *path.parents):
        if folder == Path("/tmp") or folder == Path("/"):
            break
        os.chmod(folder, 0o777 if folder.is_dir() else 0o666)


def pgbouncer_starts(config: Path) -> tuple[bool, str]:
    """Start PgBouncer on `config`; True once it logs "process up", False when it exits
    (it refuses a config it cannot load)."""
    binary = _tool("pgbouncer")
    if binary is None:
        pytest.skip("pgbouncer is not installed (.ci/run installs it: apt-get install pgbouncer)")
    _open_up(config)
    proc = subprocess.Popen(_as_unprivileged([binary, str(config)]), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    log = []
    try:
        for line in proc.stdout:  # ends when pgbouncer exits
            log.append(line)
            if "process up" in line:
                return True, "".join(log)
        return False, "".join(log)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def postgres_setting(config: Path, name: str) -> str:
    """What postgres's own config parser reads for `name` from `config` (`postgres -C`)."""
    binary = _tool("postgres")
    if binary is None:
        pytest.skip("postgres is not installed (.ci/run installs it: apt-get install postgresql)")
    folder = config.parent
    data = folder / "data"
    data.mkdir(mode=0o700, exist_ok=True)
    (folder / "hba").write_text("")
    (folder / "ident").write_text("")
    with config.open("a", encoding="utf-8") as f:
        f.write(f"data_directory = '{data}'\nhba_file = '{folder / 'hba'}'\nident_file = '{folder / 'ident'}'\n")
    _open_up(config)
    for p in (data, folder / "hba", folder / "ident"):
        os.chmod(p, 0o777 if p.is_dir() else 0o666)
    if os.geteuid() == 0:
        shutil.chown(data, "nobody")
        os.chmod(data, 0o700)
    proc = subprocess.run(_as_unprivileged([binary, f"--config-file={config}", "-C", name]),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def _runnable_pgbouncer_ini(text: str, folder: Path) -> str:
    """The example's pgbouncer.ini made to start here: any port, a local auth file, no
    unix socket. Everything else (pool_mode, pool sizes, the suppressions) unchanged."""
    (folder / "userlist.txt").write_text('"shop" "x"\n')
    out = []
    for line in text.splitlines():
        if line.startswith("listen_port"):
            line = "listen_port = 0"
        elif line.startswith("listen_addr"):
            line = "listen_addr = 127.0.0.1"
        elif line.startswith("auth_file"):
            line = f"auth_file = {folder / 'userlist.txt'}"
        out.append(line)
    out.append("unix_socket_dir =")
    return "\n".join(out) + "\n"


@pytest.fixture
def infra(tmp_path):
    shutil.copytree(INFRA, tmp_path / "infra")
    return tmp_path / "infra"


@pytest.mark.slow
def test_add_noqa_silences_pgbouncer_findings_and_pgbouncer_still_starts(infra, tmp_path):
    before = run_cli("--no-cache", "--select", "PC4", ".", cwd=infra)
    assert "pgbouncer.ini:10:" in before.stdout and "pgbouncer.ini:13:" in before.stdout, before.stdout

    proc = run_cli("--no-cache", "--select", "PC4", "--add-noqa", ".", cwd=infra)
    assert proc.returncode == 0, proc.stderr
    text = (infra / "pgbouncer.ini").read_text()
    assert "; poolcheck-ignore-next-line PC402\npool_mode = statement\n" in text
    assert "; poolcheck-ignore-next-line PC403\ndefault_pool_size = 40\n" in text
    after = run_cli("--no-cache", "--select", "PC4", ".", cwd=infra)
    assert after.returncode == 0 and after.stdout == "", after.stdout

    run_dir = tmp_path / "run"
    run_dir.mkdir()
    config = run_dir / "pgbouncer.ini"
    config.write_text(_runnable_pgbouncer_ini(text, run_dir))
    started, log = pgbouncer_starts(config)
    assert started, log


@pytest.mark.slow
def test_pgbouncer_rejects_the_trailing_form_that_the_parser_does_not_honour(tmp_path):
    """The old quick fix's form breaks PgBouncer; poolcheck must not count it either."""
    broken = (INFRA / "pgbouncer.ini").read_text().replace(
        "pool_mode = statement", "pool_mode = statement  ; poolcheck-ignore PC402")
    assert not parse(broken, "deploy", Path("pgbouncer.ini")).suppresses(10, "PC402")
    config = tmp_path / "pgbouncer.ini"
    config.write_text(_runnable_pgbouncer_ini(broken, tmp_path))
    started, log = pgbouncer_starts(config)
    assert not started and "cannot load config file" in log, log


def _suppress(text: str, line: int, name: str, kind: str) -> str:
    lines = text.splitlines()
    edit = edit_for(lines, line - 1, "PC401", Path(name), kind)
    assert edit is not None
    fixed = apply_edits(text, [edit])
    moved = line + (1 if edit.text.endswith("\n") else 0)
    assert parse(fixed, kind, Path(name)).suppresses(moved, "PC401"), fixed
    return fixed


@pytest.mark.slow
def test_postgresql_conf_form_is_read_by_postgres(tmp_path):
    text = "shared_buffers = 128MB\nmax_connections = 30\n"
    fixed = _suppress(text, 2, "postgresql.conf", "deploy")
    assert "max_connections = 30  # poolcheck-ignore PC401" in fixed
    config = tmp_path / "pg" / "postgresql.conf"
    config.parent.mkdir()
    config.write_text(fixed)
    assert postgres_setting(config, "max_connections") == "30"


DOTENV = ('# local\nDATABASE_URL=postgresql://u:p@h:5432/db?connection_limit=1\n'
          'DIRECT_URL="postgresql://u:p@h:5432/db"\nMULTI="line one\nline two"\n')


@pytest.mark.parametrize("line", [2, 3, 4])
def test_dotenv_form_is_read_by_python_dotenv(tmp_path, line):
    dotenv = pytest.importorskip("dotenv", reason="python-dotenv is in the test extra")
    fixed = _suppress(DOTENV, line, ".env", "dotenv")
    before, after = tmp_path / "before.env", tmp_path / "after.env"
    before.write_text(DOTENV)
    after.write_text(fixed)
    assert dotenv.dotenv_values(after) == dotenv.dotenv_values(before)


# Node's dotenv, as pinned for the conformance suites (tests/conformance/node, installed
# by `make test` with npm ci).
NODE_MODULES = REPO / "tests" / "conformance" / "node" / "node_modules"


@pytest.mark.parametrize("line", [2, 3, 4])
def test_dotenv_form_is_read_by_node_dotenv(tmp_path, line):
    node = shutil.which("node")
    env = {**os.environ, "NODE_PATH": str(NODE_MODULES)}
    script = ("const d=require('dotenv');const fs=require('fs');"
              "process.stdout.write(JSON.stringify(d.parse(fs.readFileSync(process.argv[1]))))")
    if node is None or subprocess.run([node, "-e", "require('dotenv')"], env=env,
                                      capture_output=True).returncode:
        pytest.skip(f"Node's dotenv is not installed in {NODE_MODULES} (make test installs it with npm ci)")
    fixed = _suppress(DOTENV, line, ".env", "dotenv")
    (tmp_path / "before.env").write_text(DOTENV)
    (tmp_path / "after.env").write_text(fixed)
    read = [json.loads(subprocess.run([node, "-e", script, str(tmp_path / n)], capture_output=True,
                                      env=env, text=True, check=True).stdout)
            for n in ("before.env", "after.env")]
    assert read[0] == read[1]


COMPOSE = """services:
  api:
    environment:
      DATABASE_URL: "postgresql://u@db:5432/app?connection_limit=10"
    command: >
      node server.js
      --port 3000
    deploy:
      replicas: 4
"""


@pytest.mark.parametrize("line", [4, 5, 9])
def test_yaml_form_is_read_by_pyyaml(line):
    fixed = _suppress(COMPOSE, line, "docker-compose.yml", "deploy")
    assert yaml.safe_load(fixed) == yaml.safe_load(COMPOSE)


TOML = """[build]
command = "npm run build"
[build.environment]
DATABASE_URL = "postgresql://u@h/db?connection_limit=5"
NOTES = \"\"\"first
second\"\"\"
"""


@pytest.mark.parametrize("name, kind", [("netlify.toml", "deploy"), ("wrangler.toml", "deploy"),
                                        ("pyproject.toml", "pyproject")])
@pytest.mark.parametrize("line", [2, 4, 5])
def test_toml_form_is_read_by_tomllib(name, kind, line):
    fixed = _suppress(TOML, line, name, kind)
    assert tomllib.loads(fixed) == tomllib.loads(TOML)


@pytest.mark.parametrize("name, kind", [("package.json", "package-json"), ("vercel.json", "deploy"),
                                        ("wrangler.json", "deploy")])
def test_json_without_comments_gets_no_inline_suppression(name, kind):
    text = '{\n  "name": "x",\n  "env": {}\n}\n'
    assert edit_for(text.splitlines(), 1, "PC401", Path(name), kind) is None
    assert parse(text.replace('"x",', '"x", // poolcheck-ignore PC401'), kind, Path(name)).by_line == {}


# --- the editor's quick fix, through a real LSP client ------------------------------

def _apply(text: str, edit: types.TextEdit) -> str:
    lines = text.splitlines(keepends=True)
    start, end = edit.range.start, edit.range.end
    assert start.line == end.line
    raw = lines[start.line]
    lines[start.line] = raw[:start.character] + edit.new_text + raw[end.character:]
    return "".join(lines)


@pytest.mark.slow
@pytest.mark.asyncio
async def test_quick_fix_in_pgbouncer_ini_keeps_pgbouncer_starting(client: LanguageClient, tmp_path):
    shutil.copytree(INFRA, tmp_path / "infra")
    path = tmp_path / "infra" / "pgbouncer.ini"
    text = path.read_text()
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="ini", version=1, text=text)))

    async def published():
        while True:
            params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            if params.uri == uri:
                return list(params.diagnostics)
    diags = await asyncio.wait_for(published(), 30)
    pc402 = next(d for d in diags if d.code == "PC402")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=pc402.range,
        context=types.CodeActionContext(diagnostics=[pc402])))
    (action,) = actions
    (edit,) = action.edit.changes[uri]
    fixed = _apply(text, edit)
    assert "; poolcheck-ignore-next-line PC402\npool_mode = statement\n" in fixed

    # The server agrees the finding is suppressed ...
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)]))
    assert "PC402" not in [d.code for d in await asyncio.wait_for(published(), 30)]
    # ... and PgBouncer still starts with the file.
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    config = run_dir / "pgbouncer.ini"
    config.write_text(_runnable_pgbouncer_ini(fixed, run_dir))
    started, log = pgbouncer_starts(config)
    assert started, log
