"""flake8's format: `path:line:col: CODE message`, one finding a line."""

from __future__ import annotations

from .escape import shown_path


def format_line(d) -> str:
    return f"{shown_path(d.path)}:{d.span.line}:{d.span.col}: {d.code} {d.message}"


def write(diagnostics, out, context) -> None:
    for d in diagnostics:
        out.write(format_line(d) + "\n")
