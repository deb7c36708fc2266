"""Diagnostics: what a rule reports, with exact spans.

Positions are 1-based lines and 1-based columns counted in Unicode code points, the
flake8 convention; reporters convert to 0-based (LSP, SARIF regions stay 1-based).
`end_col` is exclusive, like flake8/ruff ranges.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..fixes.model import Fix


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

    def shifted(self, line_offset: int, first_line_col_offset: int = 0) -> "Span":
        """Move a span found in an embedded snippet into its host file.

        `line_offset` is added to both lines; columns on the snippet's first line are
        moved by `first_line_col_offset` (a `<script>` tag may open mid-line).
        """
        col = self.col + (first_line_col_offset if self.line == 1 else 0)
        end_col = self.end_col + (first_line_col_offset if self.end_line == 1 else 0)
        return Span(self.line + line_offset, col, self.end_line + line_offset, end_col)


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

    def with_path(self, path: Path) -> "Diagnostic":
        return replace(self, path=path)
