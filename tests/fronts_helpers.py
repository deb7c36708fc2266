"""What the tests of real fronts share: a scratch git repository's environment and a git
runner (for pre-commit), and a pytest-lsp client of `poolcheck lsp` rooted at tmp_path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient


def git(*args: str, cwd: Path, env: dict) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True,
                          capture_output=True, text=True).stdout.strip()


def scratch_env(tmp_path: Path) -> dict:
    """The environment for git and pre-commit in a scratch repository: no user or system
    git config, pre-commit's and poolcheck's caches under tmp_path, no colour."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update({
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "POOLCHECK_CACHE_DIR": str(tmp_path / "poolcheck-cache"),
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path / "home"),
        "PRE_COMMIT_COLOR": "never", "NO_COLOR": "1",
    })
    (tmp_path / "home").mkdir(exist_ok=True)
    return env


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "poolcheck", "lsp"]))
async def client(lsp_client: LanguageClient, tmp_path):
    """A language client connected to `poolcheck lsp`, its workspace at tmp_path."""
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=tmp_path.as_uri()))
    yield
    await lsp_client.shutdown_session()
