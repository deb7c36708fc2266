"""Fixes as the language server offers them: LSP `TextEdit`s in the client's encoding.

- `attach_to_document`: the findings of an editor buffer with their fixes, computed on
  the buffer's text (not the file on disk);
- `text_edits`: one fix's edits as LSP TextEdit dicts, columns counted in the client's
  position encoding (`units`, UTF-16 by default);
- `fix_all`: every safe fix of the buffer, applied round after round as `--fix` does,
  as one TextEdit over the whole document (`source.fixAll.poolcheck`), or None.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..core.edits import Fix
from .registry import FixContext, attach
from .text import FileText

FIX_ALL_KIND = "source.fixAll.poolcheck"


def _kind(path: Path) -> str:
    from ..engine.discovery import classify_named

    return classify_named(path) or ""


def attach_to_document(diagnostics: list, path: Path, text: str, configs) -> list:
    ctx = FixContext(path, _kind(path), FileText(text), configs.for_file(path))
    return attach(diagnostics, lambda _p: ctx)


def _position(lines: list[str], line: int, col: int, units: Callable[[str], int]) -> dict:
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return {"line": line - 1, "character": units(text[:col - 1])}


def text_edits(fix: Fix, text: str, units: Callable[[str], int]) -> list[dict]:
    lines = FileText(text).lines()
    bare = [line.rstrip("\r\n") for line in lines] or [""]
    return [{"range": {"start": _position(bare, e.span.line, e.span.col, units),
                       "end": _position(bare, e.span.end_line, e.span.end_col, units)},
             "newText": e.content} for e in fix.edits]


def fix_all(diagnostics: list, path: Path, text: str, configs, units: Callable[[str], int]) -> dict | None:
    from .run import fix_file

    done = fix_file(path, diagnostics, configs, unsafe=False, original=FileText(text))
    if done is None:
        return None
    lines = FileText(text).lines()
    bare = [line.rstrip("\r\n") for line in lines] or [""]
    end_line = len(bare)
    end = {"line": end_line - 1, "character": units(bare[-1])}
    if lines and lines[-1] != bare[-1]:  # the text ends with a line ending
        end = {"line": end_line, "character": 0}
    return {"range": {"start": {"line": 0, "character": 0}, "end": end}, "newText": done.fixed.text}
