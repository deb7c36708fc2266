"""Syntax errors of Python files, placed by CPython's parser when it can (more precisely
than LibCST's)."""

from __future__ import annotations

import re

from ...core.diagnostics import Span
from ...facts import ParseProblem
from .gate import cpython_parse


def syntax_problem(text: str, exc) -> ParseProblem:
    """CPython's parser places errors more precisely than LibCST's; ask it first."""
    try:
        cpython_parse(text)
    except SyntaxError as err:
        line, col = err.lineno or 1, err.offset or 1
        return ParseProblem(Span(line, col, line, col + 1), f"syntax error: {err.msg}")
    except (RecursionError, MemoryError, ValueError):
        pass
    line, col = exc.editor_line, exc.editor_column
    message = re.sub(r"^(parser error: )?error at \d+:\d+: ", "", str(exc.message))
    return ParseProblem(Span(line, col, line, col + 1), f"syntax error: {message}")
