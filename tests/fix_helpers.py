"""Helpers for the fix tests: fix a text in-process, run the CLI in a folder, read JSON."""

from __future__ import annotations

import json
import os
from pathlib import Path

from poolcheck.cli import main
from poolcheck.config import Configurations
from poolcheck.engine.discovery import classify_named
from poolcheck.engine import check_document
from poolcheck.fixes.registry import FixContext, attach
from poolcheck.fixes.run import fix_file
from poolcheck.fixes.text import FileText
from poolcheck.rules import implemented_codes


def findings(path: Path, text: str) -> list:
    """What poolcheck reports for `text` as the content of `path` (an editor buffer: the
    file must exist, its content may differ), fixes attached."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    configs = Configurations(implemented_codes())
    found = check_document(path, text, configs, named=True)
    ctx = FixContext(path, classify_named(path) or "", FileText(text), configs.for_file(path))
    return attach(found, lambda _p: ctx)


def fix_text(path: Path, text: str, unsafe: bool = False) -> str:
    """`text` (the content of `path`, whose project is on disk around it) with every fix
    the mode allows applied, as `--fix` applies them."""
    configs = Configurations(implemented_codes())
    done = fix_file(path, findings(path, text), configs, unsafe, original=FileText(text))
    return done.fixed.text if done is not None else text


def cli(folder: Path, *args: str, capsys=None) -> tuple[int, str, str]:
    """`poolcheck ARGS` run in `folder` (no cache): exit status, stdout, stderr."""
    old = Path.cwd()
    os.chdir(folder)
    try:
        status = main(["--no-cache", *args])
    finally:
        os.chdir(old)
    out = capsys.readouterr() if capsys is not None else None
    return status, (out.out if out else ""), (out.err if out else "")


def report(folder: Path, *paths: str, capsys) -> list[dict]:
    status, out, _ = cli(folder, "--format", "json", *(paths or (".",)), capsys=capsys)
    return json.loads(out)


def codes(rows: list[dict]) -> list[tuple[str, str]]:
    return sorted((r["path"], r["code"]) for r in rows)
