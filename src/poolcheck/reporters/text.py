"""flake8's format with the severity: `path:line:col: CODE [severity] message`, one
finding a line (`[error]`, `[warning]`, `[info]`, as `--format full` shows them)."""

from __future__ import annotations


def format_line(d) -> str:
    return f"{d.path.as_posix()}:{d.span.line}:{d.span.col}: {d.code} [{d.severity.label}] {d.message}"


def write(diagnostics, out, context) -> None:
    for d in diagnostics:
        out.write(format_line(d) + "\n")
