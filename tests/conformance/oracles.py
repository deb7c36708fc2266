"""The real readers, for the conformance suites: where they are installed and how to run them.

The Node packages are pinned in tests/conformance/node/package.json and package-lock.json
and installed into tests/conformance/node/node_modules (git-ignored) by `make test`
(`npm ci --ignore-scripts`); a bare `pytest` installs them the same way on first use.
python-dotenv comes from the test extra. Without Node.js the Node suites skip and say so.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

HERE = Path(__file__).parent
NODE_DIR = HERE / "node"
MODULES = Path(os.environ.get("POOLCHECK_TEST_NODE_MODULES", NODE_DIR / "node_modules"))
NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="Node.js is not installed: cannot run the real Node readers "
                                                     "(install Node.js 18+ to run this suite)")


def node_modules() -> Path:
    """The pinned oracles, installed with `npm ci` if they are not there yet."""
    marker = MODULES / ".package-lock.json"
    if not marker.is_file() or marker.stat().st_mtime < (NODE_DIR / "package-lock.json").stat().st_mtime:
        npm = shutil.which("npm")
        assert npm, "Node.js is installed but npm is not; cannot install the pinned oracles"
        done = subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=NODE_DIR,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"npm ci failed:\n{done.stderr[-2000:]}"
    return MODULES


def run_node(script: str, *args: str, env: dict | None = None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        done = subprocess.run([NODE, str(HERE / script), str(node_modules()), str(out), *args],
                              capture_output=True, text=True, timeout=600, env={"PATH": os.environ.get("PATH", ""), **(env or {})})
        assert done.returncode == 0, done.stderr[-2000:]
        return json.loads(out.read_text(encoding="utf-8"))


def run_python_dotenv(*files: str) -> dict:
    done = subprocess.run([sys.executable, str(HERE / "read_env.py"), *files],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)
