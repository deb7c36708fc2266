"""The flake8 plugin, through the real flake8 executable in a subprocess."""

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import run_cli, write_tree

FLAKE8 = Path(sys.executable).parent / "flake8"
FIXTURE = Path(__file__).parent / "fixtures" / "python" / "flake8_app"


def flake8(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(FLAKE8), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def findings(stdout: str) -> list[tuple[str, int, int, str]]:
    out = []
    for line in stdout.splitlines():
        path, number, col, rest = line.split(":", 3)
        out.append((path.removeprefix("./"), int(number), int(col), rest.split()[0]))
    return sorted(out)


def test_plugin_is_registered_under_the_pc_prefix():
    proc = subprocess.run([str(FLAKE8), "--version"], capture_output=True, text=True, timeout=60)
    assert "poolcheck" in proc.stdout


def test_flake8_select_pc_reports_the_file_findings_with_noqa_handled_by_flake8(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "proj")
    proc = flake8("--select", "PC", ".", cwd=tmp_path / "proj")
    assert proc.returncode == 1, proc.stderr
    assert findings(proc.stdout) == [
        ("app/main.py", 13, 14, "PC101"),
        ("app/main.py", 21, 5, "PC105"),   # line 20 carries `# noqa: PC105`
        ("app/main.py", 22, 22, "PC203"),
        ("app/main.py", 24, 9, "PC202"),
        ("app/main.py", 26, 13, "PC201"),
        ("app/main.py", 27, 9, "PC201"),
        ("app/main.py", 28, 5, "PC104"),
    ]
    # flake8 applies the noqa: without it, the suppressed findings come back
    proc = flake8("--select", "PC", "--disable-noqa", ".", cwd=tmp_path / "proj")
    got = findings(proc.stdout)
    assert ("app/main.py", 20, 5, "PC105") in got and ("app/main.py", 33, 13, "PC106") in got


def test_flake8_and_the_cli_agree_on_the_fixture(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "proj")
    from_flake8 = findings(flake8("--select", "PC", ".", cwd=tmp_path / "proj").stdout)
    cli = run_cli("--no-cache", ".", cwd=tmp_path / "proj")
    assert cli.returncode == 1, cli.stderr
    from_cli = findings(cli.stdout)
    assert from_cli == from_flake8
    # messages are the same text too
    line = next(l for l in cli.stdout.splitlines() if ":13:14:" in l)
    # (the CLI's text format adds the severity; flake8 prints its own format)
    assert line.split(": ", 1)[1].replace(" [error]", "", 1) in flake8("--select", "PC", ".", cwd=tmp_path / "proj").stdout


def test_flake8_honours_the_poolcheck_config_thresholds(tmp_path):
    write_tree(tmp_path, {
        "pyproject.toml": "[tool.poolcheck]\nmax-transaction-timeout = 60\n",
        "app/a.py": """
            from prisma import Prisma
            db = Prisma()
            async def f():
                async with db.tx(timeout=30000) as tx:
                    pass
            """})
    proc = flake8("--select", "PC", "app/a.py", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_flake8_select_narrows_and_unrelated_files_are_quiet(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "proj")
    proc = flake8("--select", "PC101", ".", cwd=tmp_path / "proj")
    assert findings(proc.stdout) == [("app/main.py", 13, 14, "PC101")]
    proc = flake8("--select", "PC", "app/clean.py", cwd=tmp_path / "proj")
    assert proc.returncode == 0 and proc.stdout == ""
