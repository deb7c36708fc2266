"""flake8's format with the severity: `path:line:col: CODE [severity] message`, one
finding a line (`[error]`, `[warning]`, `[info]`, as `--format full` shows them)."""

from __future__ import annotations

from .escape import shown_path


# ANSI SGR colours by severity (as ruff and ESLint: red errors, yellow warnings).
COLORS = {"E": "31", "W": "33", "I": "36"}
BOLD, RESET = "\x1b[1m", "\x1b[0m"


def format_line(d, color: bool = False) -> str:
    where = f"{shown_path(d.path)}:{d.span.line}:{d.span.col}:"
    code = f"{d.code} [{d.severity.label}]"
    if color:
        where = f"{BOLD}{where}{RESET}"
        code = f"\x1b[{COLORS[d.severity.value]};1m{code}{RESET}"
    return f"{where} {code} {d.message}"


def write(diagnostics, out, context) -> None:
    for d in diagnostics:
        out.write(format_line(d, context.color) + "\n")
