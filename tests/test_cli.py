"""The installed `poolcheck` console script: output contract, flags and exit codes."""

import json
import os
import subprocess
import sys

import pytest

from poolcheck import __version__
from poolcheck.rules import SPECS, implemented_codes

from conftest import run_cli, write_tree

ROUTE = """
import { PrismaClient } from '@prisma/client'

export async function %s() {
  const prisma = new PrismaClient()
  return Response.json([])
}
"""
CLEAN = "export const x = 1\n"


@pytest.fixture
def project(tmp_path):
    return write_tree(tmp_path, {
        "app/api/b/route.ts": ROUTE % "POST",
        "app/api/a/route.ts": ROUTE % "GET",
        "app/page.tsx": CLEAN,
    })


def test_findings_are_sorted_flake8_lines_and_exit_1(project):
    proc = run_cli(cwd=project)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert [line.split(": PC")[0] for line in lines] == [
        "app/api/a/route.ts:4:18", "app/api/b/route.ts:4:18"]
    assert all(" PC101 " in line for line in lines)
    assert proc.stderr.strip() == "poolcheck: 2 findings (2 errors) in 3 files"


def test_paths_are_relative_to_the_current_directory(project):
    proc = run_cli("app/api", cwd=project)
    assert proc.stdout.startswith("app/api/a/route.ts:4:18: PC101")
    proc = run_cli(str(project / "app"), cwd=project / "app" / "api")
    assert proc.stdout.startswith("a/route.ts:4:18: PC101")


def test_clean_tree_exits_0(tmp_path):
    write_tree(tmp_path, {"app/page.tsx": CLEAN})
    proc = run_cli(cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, "")
    assert proc.stderr.strip() == "poolcheck: no findings in 1 file"


def test_exit_zero_and_quiet(project):
    proc = run_cli("--exit-zero", "--quiet", cwd=project)
    assert proc.returncode == 0 and proc.stderr == "" and proc.stdout.count("PC101") == 2


def test_json_objects_carry_the_documented_fields(project):
    proc = run_cli("--format", "json", cwd=project)
    data = json.loads(proc.stdout)
    assert len(data) == 2
    first = data[0]
    for key in ("code", "name", "severity", "message", "path", "line", "column", "end_line", "end_column"):
        assert key in first
    assert (first["code"], first["name"], first["severity"]) == ("PC101", "client-per-request", "error")
    assert (first["path"], first["line"], first["column"], first["end_line"], first["end_column"]) == (
        "app/api/a/route.ts", 4, 18, 4, 36)
    assert first["url"].endswith("/docs/rules/PC101.md")
    from poolcheck.core.links import rule_url
    assert first["url"] == rule_url("PC101")


def test_select_ignore_and_extend_select(project):
    assert run_cli("--ignore", "PC101", cwd=project).returncode == 0
    assert run_cli("--select", "PC2", cwd=project).stdout == ""
    assert run_cli("--select", "PC2", "--extend-select", "PC1", cwd=project).stdout.count("PC101") == 2


def test_unknown_or_planned_code_on_the_command_line_is_a_usage_error(project):
    proc = run_cli("--select", "PC777", cwd=project)
    assert proc.returncode == 2 and "unknown rule code or prefix 'PC777'" in proc.stderr
    planned = [s.code for s in SPECS if s.code not in implemented_codes()]
    if planned:  # once every rule is implemented there is nothing planned to select
        proc = run_cli("--select", planned[0], cwd=project)
        assert proc.returncode == 2 and "planned, not implemented yet" in proc.stderr


def test_missing_path_is_exit_2_with_one_clear_line(tmp_path):
    proc = run_cli("no/such/dir", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "poolcheck: error: no such file or directory: no/such/dir"
    assert "Traceback" not in proc.stderr


def test_config_error_is_pc901_pointing_at_the_key(tmp_path):
    write_tree(tmp_path, {"pyproject.toml": "[tool.poolcheck]\nselct = ['PC1']\n", "a.ts": CLEAN})
    proc = run_cli(cwd=tmp_path)
    assert proc.returncode == 2  # a configuration error stops the run, as in ruff
    assert proc.stdout.strip() == "pyproject.toml:2:1: PC901 [error] pyproject.toml: unknown key 'selct'"


def test_explicit_config_and_no_config(project):
    (project / "strict.toml").write_text("ignore = ['PC101']\n")
    assert run_cli("--config", "strict.toml", cwd=project).returncode == 0
    (project / "poolcheck.toml").write_text("ignore = ['PC101']\n")
    assert run_cli(cwd=project).returncode == 0
    assert run_cli("--no-config", cwd=project).returncode == 1
    proc = run_cli("--config", "missing.toml", cwd=project)
    assert proc.returncode == 2 and "config file not found" in proc.stderr


def test_statistics(project):
    proc = run_cli("--statistics", cwd=project)
    assert proc.stdout.splitlines()[-1] == "2     PC101 client-per-request"


def test_list_rules_shows_every_catalogue_rule_with_status():
    proc = run_cli("--list-rules", cwd=os.getcwd())
    assert proc.returncode == 0
    rows = proc.stdout.splitlines()[1:]
    assert [row.split()[0] for row in rows] == [s.code for s in SPECS]
    implemented = implemented_codes()
    for row, spec in zip(rows, SPECS):
        assert ("implemented" if spec.code in implemented else "planned") in row.split()


def test_explain_prints_the_rule_page_and_rejects_unknown_codes(tmp_path):
    proc = run_cli("--explain", "pc101", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.startswith("# PC101 client-per-request")
    proc = run_cli("--explain", "PC000", cwd=tmp_path)
    assert proc.returncode == 2 and "unknown rule code" in proc.stderr


def test_version_and_module_entry(tmp_path):
    assert run_cli("--version", cwd=tmp_path).stdout.strip() == f"poolcheck {__version__}"
    proc = subprocess.run([sys.executable, "-m", "poolcheck", "--version"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.stdout.strip() == f"poolcheck {__version__}"


def test_bad_flag_is_a_usage_error(tmp_path):
    proc = run_cli("--format", "xml", cwd=tmp_path)
    assert proc.returncode == 2 and "invalid choice" in proc.stderr


def test_binary_non_utf8_and_unreadable_files_do_not_crash(tmp_path):
    write_tree(tmp_path, {
        "app/api/a/route.ts": ROUTE % "GET",
        "lib/blob.ts": b"\x00\x01\x02prisma\xff" * 100,
        "lib/latin1.ts": "// caf\xe9 prisma\n".encode("latin-1"),
        "lib/locked.ts": "import { PrismaClient } from '@prisma/client'\n",
    })
    locked = tmp_path / "lib" / "locked.ts"
    locked.chmod(0)
    try:
        proc = run_cli(cwd=tmp_path)
    finally:
        locked.chmod(0o644)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert "app/api/a/route.ts:4:18: PC101" in lines[0]
    assert "lib/blob.ts:1:1: PC900 [error] binary file (contains NUL bytes); not analysed" in lines
    assert "lib/latin1.ts:1:7: PC900 [error] not valid UTF-8 (byte 0xe9 at line 1); not analysed" in lines
    if os.geteuid() != 0:  # root reads any file, so only a normal user sees the error
        assert any(line.startswith("lib/locked.ts:1:1: PC900 [error] cannot read file") for line in lines)


def test_syntax_error_is_pc900_and_the_run_continues(tmp_path):
    write_tree(tmp_path, {"app/api/a/route.ts": ROUTE % "GET", "lib/broken.ts": "import { PrismaClient from 'x'\nconst = ;\n"})
    proc = run_cli(cwd=tmp_path)
    assert proc.returncode == 1
    assert [line.split(": ")[1].split()[0] for line in proc.stdout.splitlines()] == ["PC101", "PC900"]


def test_output_is_piped_to_head_without_traceback(project):
    proc = subprocess.run(f"'{sys.executable}' -m poolcheck --list-rules | head -1", shell=True,
                          cwd=project, capture_output=True, text=True)
    assert "Traceback" not in proc.stderr and proc.stdout.startswith("code")


def test_output_file_receives_the_report(project):
    expected = run_cli("--format", "sarif", cwd=project).stdout
    proc = run_cli("--format", "sarif", "-o", "out/poolcheck.sarif", cwd=project)
    assert proc.returncode == 2 and "cannot write out/poolcheck.sarif" in proc.stderr
    (project / "out").mkdir()
    proc = run_cli("--format", "sarif", "--output-file", "out/poolcheck.sarif", cwd=project)
    assert proc.returncode == 1 and proc.stdout == ""
    assert (project / "out/poolcheck.sarif").read_text() == expected


def test_utf16_text_is_not_called_binary(tmp_path):
    """A UTF-16 file with a byte-order mark is text in an encoding poolcheck does not read
    for a schema (Prisma reads UTF-8 only): PC900 says so instead of calling it binary. A
    requirements file in UTF-16 (Windows `pip freeze > requirements.txt`) is read, as pip
    reads it. A file of NUL bytes without the mark is still binary."""
    write_tree(tmp_path, {
        "requirements.txt": "prisma==0.15.0\r\n".encode("utf-16"),
        "prisma/schema.prisma": "generator client {\n  provider = \"prisma-client-js\"\n}\n".encode("utf-16"),
        "lib/blob.ts": b"\x00\x01\x02prisma" * 10,
    })
    proc = run_cli(cwd=tmp_path)
    assert "Traceback" not in proc.stderr
    lines = proc.stdout.splitlines()
    assert any(l.startswith("prisma/schema.prisma:1:1: PC900") and "UTF-16 text" in l for l in lines), lines
    assert not any(l.startswith("requirements.txt") for l in lines), lines
    assert "lib/blob.ts:1:1: PC900 [error] binary file (contains NUL bytes); not analysed" in lines
