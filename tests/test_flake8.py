"""The flake8 plugin, through the real flake8 executable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import write_tree

FLAKE8 = Path(sys.executable).parent / "flake8"

HANDLER = """\
from fastapi import FastAPI
from prisma import Prisma

app = FastAPI()


@app.get("/users")
async def users():
    db = Prisma()
    await db.connect()
    return await db.user.find_many()
"""


def flake8(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(FLAKE8), "--isolated", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def test_flake8_loads_the_plugin():
    proc = subprocess.run([str(FLAKE8), "--version"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "poolcheck" in proc.stdout


def test_flake8_runs_the_plugin_on_clean_code(tmp_path):
    write_tree(tmp_path, {"app.py": "from prisma import Prisma\n\ndb = Prisma()\n"})
    proc = flake8("--select", "PC", "app.py", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == ""


def test_flake8_reports_pc101_in_a_fastapi_handler(tmp_path):
    pytest.importorskip("poolcheck.frontends.python",
                        reason="the Python front-end has not landed in this checkout")
    write_tree(tmp_path, {"app.py": HANDLER})
    proc = flake8("--select", "PC", "app.py", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "app.py:9:10: PC101 " in proc.stdout
    # flake8's own noqa handles suppression.
    (tmp_path / "app.py").write_text(HANDLER.replace("db = Prisma()", "db = Prisma()  # noqa: PC101"))
    proc = flake8("--select", "PC", "app.py", cwd=tmp_path)
    assert "PC101" not in proc.stdout
