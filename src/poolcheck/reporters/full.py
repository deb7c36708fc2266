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

from pathlib import Path

from ..links import rule_url
import os

from ..urls import redact_line
from .escape import shown_path
from .positions import clear_cache, file_lines


def _caret_line(text: str, col: int, end_col: int) -> str:
    start = max(col - 1, 0)
    end = max(end_col - 1, start + 1)
    # Keep tabs so the caret lines up under the text whatever the terminal's tab width.
    pad = "".join("\t" if ch == "\t" else " " for ch in text[:start])
    pad += " " * max(0, start - len(text))
    return pad + "^" * max(1, min(end, max(len(text), start + 1)) - start)


def format_finding(d, cwd: Path, secrets=None) -> str:
    s = d.span
    head = (f"{shown_path(d.path)}:{s.line}:{s.col}: {d.code} [{d.severity.label}] {d.message}")
    out = [head]
    path = d.path if d.path.is_absolute() else cwd / d.path
    lines = file_lines(path)
    text = None
    if 0 < s.line <= len(lines):
        text = redact_line(lines, s.line, (secrets or {}).get(os.path.abspath(path), ())).rstrip("\r")
        gutter = " " * len(str(s.line))
        end_col = s.end_col if s.end_line == s.line else len(text) + 1
        out += [f"{gutter} |",
                f"{s.line} | {text}",
                f"{gutter} | {_caret_line(text, s.col, end_col)}"]
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
