"""The documented `args: [--force-exclude, --fix]` hook variant, with real pre-commit: the
commit fails with the staged .env fixed on disk, and passes once the fix is staged."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import write_tree
from test_docs_commands import DOCS, _env, blocks

ENV = "DATABASE_URL=postgresql://app:Pl4nt0Xq7@db.prod.io:6543/app?connection_limt=3\n"


@pytest.mark.slow
def test_fix_variant_fixes_the_staged_file(tmp_path):
    (config,) = [b for b in blocks(DOCS / "pre-commit.md", "yaml") if "repos:" in b]
    (variant,) = [b for b in blocks(DOCS / "pre-commit.md", "yaml") if "--fix" in b]
    parsed = yaml.safe_load(config)
    parsed["repos"][0]["hooks"][0]["args"] = yaml.safe_load(variant)[0]["args"]
    assert "--fix" in parsed["repos"][0]["hooks"][0]["args"]
    env = _env(tmp_path)
    project = write_tree(tmp_path / "proj", {".env": ENV, ".pre-commit-config.yaml": yaml.safe_dump(parsed)})
    for args in (["init", "-q", "-b", "main"], ["add", "-A"]):
        subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)
    pre_commit = Path(sys.executable).parent / "pre-commit"

    def commit_hook() -> subprocess.CompletedProcess:
        return subprocess.run([str(pre_commit), "run", "--color", "never"], cwd=project, env=env,
                              capture_output=True, text=True, timeout=600)

    proc = commit_hook()
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "files were modified by this hook" in output
    assert "Pl4nt0Xq7" not in output
    assert (project / ".env").read_text() == ENV.replace("connection_limt=3", "connection_limit=3&pgbouncer=true")
    subprocess.run(["git", "add", ".env"], cwd=project, env=env, check=True)
    proc = commit_hook()
    assert proc.returncode == 0, proc.stdout + proc.stderr
