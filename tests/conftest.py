"""Shared test helpers: build fixture trees, run the engine in-process or the installed CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from poolcheck.config import load_settings
from poolcheck.engine import run
from poolcheck.rules import implemented_codes

# Property tests are deterministic: every run (CI included) draws the same examples, and
# no example database carries state between runs. `--hypothesis-profile=explore` (with
# `--hypothesis-seed=N`) draws fresh examples when hunting for bugs; what it finds becomes
# an explicit example or a regression test.
hypothesis_settings.register_profile("deterministic", derandomize=True, database=None, deadline=None)
hypothesis_settings.register_profile("explore", derandomize=False, database=None, deadline=None)
hypothesis_settings.load_profile("deterministic")

BIN = Path(sys.executable).parent
# The CLI caches by default; tests keep that cache out of the user's home.
_CLI_CACHE = Path(tempfile.mkdtemp(prefix="poolcheck-test-cache-"))
# Every poolcheck process a test starts (CLI, language server, pre-commit hook) caches there.
os.environ.setdefault("POOLCHECK_CACHE_DIR", str(_CLI_CACHE))
POOLCHECK = BIN / "poolcheck"


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Create files under `root`; str contents are dedented, bytes written as they are."""
    for rel, content in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


@dataclass
class Finding:
    path: str
    line: int
    col: int
    code: str
    message: str
    severity: str = ""  # "E", "W" or "I"


def check_tree(root: Path, select: list[str] | None = None, config: Path | None = None,
               paths: list[Path] | None = None, **options) -> list[Finding]:
    """Run the engine in-process on `root` and return findings with paths relative to it."""
    settings = load_settings(config, implemented_codes())
    if select is not None:
        settings.select = select
    settings.options.update({k.replace("_", "-"): v for k, v in options.items()})
    result = run(paths or [root], settings)
    assert not result.errors, [e.describe() for e in result.errors]
    out = []
    for d in result.diagnostics:
        try:
            rel = d.path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            rel = d.path.as_posix()
        out.append(Finding(rel, d.span.line, d.span.col, d.code, d.message, d.severity.value))
    return out


def codes_at(findings: list[Finding]) -> list[tuple[str, int, str]]:
    return sorted((f.path, f.line, f.code) for f in findings)


@pytest.fixture
def tree(tmp_path):
    """`tree({"app/api/x/route.ts": "..."})` -> the root folder."""
    def make(files: dict[str, str | bytes]) -> Path:
        return write_tree(tmp_path, files)
    return make


@pytest.fixture
def check(tmp_path):
    """`check({...files}, select=[...])` -> findings, running the engine on a fresh tree."""
    def run_check(files: dict[str, str | bytes], **kwargs) -> list[Finding]:
        write_tree(tmp_path, files)
        return check_tree(tmp_path, **kwargs)
    return run_check


def run_cli(*args: str, cwd: Path, env: dict | None = None, input: str | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the installed `poolcheck` console script."""
    full_env = {**os.environ, "POOLCHECK_CACHE_DIR": str(_CLI_CACHE), **(env or {})}
    return subprocess.run([str(POOLCHECK), *args], cwd=cwd, env=full_env, input=input,
                          capture_output=True, text=True, timeout=timeout)
