"""A non-editable install works: build the wheel, install it in a fresh venv, run it.

This catches grammars or rule pages missing from the wheel, which an editable install
(the one the rest of the suite uses) would hide.
"""

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import write_tree

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installs_and_runs_from_a_fresh_venv(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)],
                   check=True, capture_output=True, text=True, timeout=600)
    (wheel,) = dist.glob("poolcheck-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "poolcheck/_data/rules/PC101.md" in names
    assert any(n.startswith("poolcheck/_data/grammars/") for n in names)

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)],
                   check=True, capture_output=True, text=True, timeout=600)

    project = write_tree(tmp_path / "proj", {"app/api/users/route.ts": """
        import { PrismaClient } from '@prisma/client'
        export async function GET() {
          const prisma = new PrismaClient()
          return Response.json([])
        }
        """})
    proc = subprocess.run([str(env_dir / "bin" / "poolcheck"), "."], cwd=project,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith("app/api/users/route.ts:3:18: PC101 ")
    # --explain reads the page shipped inside the wheel, not the checkout.
    proc = subprocess.run([str(env_dir / "bin" / "poolcheck"), "--explain", "PC101"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "## Why it hurts" in proc.stdout
    located = subprocess.run([str(python), "-c", "import poolcheck.core.resources as r; print(r.data_dir('rules'))"],
                             capture_output=True, text=True, cwd=tmp_path).stdout
    assert "site-packages/poolcheck/_data/rules" in located
    # A plain install has a working language server (pygls is a main dependency).
    proc = subprocess.run([str(env_dir / "bin" / "poolcheck"), "lsp", "--version"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.startswith("poolcheck lsp ")
    proc = subprocess.run([str(python), "-c", "from poolcheck.lsp import _server; _server()"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
