"""Diagnostics: what a rule reports, with exact spans.

Positions are 1-based lines and 1-based columns counted in Unicode code points, the
flake8 convention; reporters convert to 0-based (LSP, SARIF regions stay 1-based).
`end_col` is exclusive, like flake8/ruff ranges.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .edits import Fix


class Severity(str, Enum):
    ERROR = "E"
    WARNING = "W"
    INFO = "I"

    @property
    def label(self) -> str:
        return {"E": "error", "W": "warning", "I": "info"}[self.value]


@dataclass(frozen=True, order=True)
class Span:
    line: int
    col: int
    end_line: int
    end_col: int

    @classmethod
    def point(cls, line: int, col: int) -> "Span":
        return cls(line, col, line, col + 1)


@dataclass(frozen=True)
class Related:
    """A second location that explains a finding (the handler that calls a helper, ...)."""

    path: Path
    span: Span
    message: str


@dataclass(frozen=True)
class Diagnostic:
    code: str
    name: str
    severity: Severity
    message: str
    path: Path
    span: Span
    related: tuple[Related, ...] = field(default=())
    fix: str = ""                  # the rule's one-line advice (`--format full`, SARIF help)
    # The exact edits that repair this finding, when a fix builder has them
    # (poolcheck.fixes; attached after the rules ran, by `fixes.attach`).
    autofix: "Fix | None" = None

    def sort_key(self) -> tuple:
        return (str(self.path), self.span.line, self.span.col, self.code, self.message)
