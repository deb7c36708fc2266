"""Each finding with its source line, a caret under the range and the rule's fix.

    app/api/users/route.ts:4:18: PC101 [error] PrismaClient constructed per request ...
      |
    4 |   const prisma = new PrismaClient()
      |                  ^^^^^^^^^^^^^^^^^^
      = fix: Import one shared client from a module such as lib/db.ts
      = help: https://.../docs/rules/PC101.md

Source lines may hold a connection URL: its password is masked before printing, by the
spans of the URLs the front-ends found (`ReportContext.secrets`), then by pattern.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..core.links import rule_url
from ..urlmodel import redact_line
from .escape import shown_path
from .positions import clear_cache, file_lines


def _caret_line(text: str, col: int, end_col: int) -> str:
    start = max(col - 1, 0)
    end = max(end_col - 1, start + 1)
    # Keep tabs so the caret lines up under the text whatever the terminal's tab width.
    pad = "".join("\t" if ch == "\t" else " " for ch in text[:start])
    pad += " " * max(0, start - len(text))
    return pad + "^" * max(1, min(end, max(len(text), start + 1)) - start)


def shifted_columns(original: str, shown: str, col: int, end_col: int) -> tuple[int, int]:
    """`col`/`end_col` (1-based, of `original`) as columns of `shown`, the same line with
    a password masked: the caret must sit under the same text after masking. Columns
    before the changed part stay, columns after it move by the change in length, columns
    inside it go to its edges. Linear in the line's length."""
    if original == shown:
        return col, end_col
    prefix = 0
    limit = min(len(original), len(shown))
    while prefix < limit and original[prefix] == shown[prefix]:
        prefix += 1
    suffix = 0
    while (suffix < limit - prefix and original[len(original) - 1 - suffix] == shown[len(shown) - 1 - suffix]):
        suffix += 1
    changed_end = len(original) - suffix   # 0-based, exclusive, in original
    delta = len(shown) - len(original)

    def move(c: int) -> int:
        i = c - 1
        if i <= prefix:
            return c
        if i >= changed_end:
            return c + delta
        return len(shown) - suffix + 1   # inside the masked part: its end

    return move(col), max(move(end_col), move(col) + 1)


def format_finding(d, cwd: Path, secrets=None) -> str:
    s = d.span
    head = (f"{shown_path(d.path)}:{s.line}:{s.col}: {d.code} [{d.severity.label}] {d.message}")
    out = [head]
    path = d.path if d.path.is_absolute() else cwd / d.path
    lines = file_lines(path)
    text = None
    if 0 < s.line <= len(lines):
        original = lines[s.line - 1].rstrip("\r")
        text = redact_line(lines, s.line, (secrets or {}).get(os.path.abspath(path), ())).rstrip("\r")
        gutter = " " * len(str(s.line))
        end_col = s.end_col if s.end_line == s.line else len(original) + 1
        col, end_col = shifted_columns(original, text, s.col, end_col)
        out += [f"{gutter} |",
                f"{s.line} | {text}",
                f"{gutter} | {_caret_line(text, col, end_col)}"]
        indent = gutter + " "
    else:
        indent = "  "
    for r in d.related:
        out.append(f"{indent}= related: {shown_path(r.path)}:{r.span.line}:{r.span.col}: {r.message}")
    if d.fix:
        out.append(f"{indent}= fix: {d.fix}")
    out.append(f"{indent}= help: {rule_url(d.code)}")
    return "\n".join(out)


def write(diagnostics, out, context) -> None:
    clear_cache()  # files may have changed since an earlier report in this process
    for i, d in enumerate(diagnostics):
        if i:
            out.write("\n")
        out.write(format_finding(d, context.cwd, context.secrets) + "\n")
