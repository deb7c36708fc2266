"""What a fix is: exact text edits with a declared safety, as ruff models them.

An `Edit` replaces the text of a span (1-based lines, 1-based columns in code points, end
exclusive: the same positions as `Diagnostic.span`) with `content`; an insertion has an
empty span. A `Fix` is the edits that repair one finding, applied together or not at
all, with its `applicability`:

- "safe": keeps what the program means (or only repairs what the consumer would reject
  or silently drop); `--fix` applies it and the editor's "fix all" too;
- "unsafe": may change behaviour (a timeout that now fires, a client no longer
  disconnected); applied only with `--unsafe-fixes`, offered one by one in the editor.

`message` says what the fix does, in the words of the editor's quick-fix title. It never
holds a credential: builders name parameters and code, never URL values.

These types sit in core beside `Diagnostic`, which carries one (as ruff keeps `Fix` and
`Edit` in `ruff_diagnostics`); the builders, the applier and the command line's fix modes
are in `poolcheck.fixes`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .diagnostics import Span


class Applicability(str, Enum):
    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True, order=True)
class Edit:
    span: Span
    content: str = ""

    @classmethod
    def insertion(cls, line: int, col: int, content: str) -> "Edit":
        return cls(Span(line, col, line, col), content)

    @classmethod
    def deletion(cls, span: Span) -> "Edit":
        return cls(span, "")

    @property
    def start(self) -> tuple[int, int]:
        return self.span.line, self.span.col

    @property
    def end(self) -> tuple[int, int]:
        return self.span.end_line, self.span.end_col


@dataclass(frozen=True)
class Fix:
    edits: tuple[Edit, ...]
    applicability: Applicability
    message: str

    @classmethod
    def safe(cls, message: str, *edits: Edit) -> "Fix":
        return cls(tuple(sorted(edits)), Applicability.SAFE, message)

    @classmethod
    def unsafe(cls, message: str, *edits: Edit) -> "Fix":
        return cls(tuple(sorted(edits)), Applicability.UNSAFE, message)

    @property
    def is_safe(self) -> bool:
        return self.applicability is Applicability.SAFE

    def allowed(self, unsafe: bool) -> bool:
        return self.is_safe or unsafe

    @property
    def first(self) -> tuple[int, int]:
        return min(e.start for e in self.edits)

    @property
    def last(self) -> tuple[int, int]:
        return max(e.end for e in self.edits)
