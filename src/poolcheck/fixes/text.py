"""A file's text as fixes edit it: decoded as the front-ends decode it, written back as read.

Front-ends read UTF-8 with an optional byte-order mark (`sources.Source`); lines end at
`\\n`, `\\r\\n` or a lone `\\r`. `FileText` keeps the mark and maps spans (1-based lines and
code-point columns) to offsets into the text, so an edit changes exactly the characters
it names and `encode()` gives back the original bytes everywhere else.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ..core.diagnostics import Span
from ..core.sources import _TEXT_NEWLINE

BOM = b"\xef\xbb\xbf"


@dataclass
class FileText:
    text: str
    bom: bool = False
    _starts: list[int] | None = field(default=None, repr=False)

    @classmethod
    def decode(cls, data: bytes) -> "FileText":
        """Raises UnicodeDecodeError for a file that is not UTF-8 (no fix touches it)."""
        bom = data.startswith(BOM)
        return cls((data[3:] if bom else data).decode("utf-8"), bom)

    def encode(self) -> bytes:
        return (BOM if self.bom else b"") + self.text.encode("utf-8")

    def with_text(self, text: str) -> "FileText":
        return FileText(text, self.bom)

    @property
    def newline(self) -> str:
        """The file's own line ending (the first one), for edits that add lines."""
        m = _TEXT_NEWLINE.search(self.text)
        return m.group(0) if m else "\n"

    def lines(self) -> list[str]:
        """The lines with their own endings (as editors count lines: \\n, \\r\\n, \\r)."""
        starts = self.line_starts()
        ends = [*starts[1:], len(self.text)]
        return [self.text[a:b] for a, b in zip(starts, ends) if b > a]

    def line_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [0, *(m.end() for m in _TEXT_NEWLINE.finditer(self.text))]
        return self._starts

    def offset(self, line: int, col: int) -> int | None:
        """The character offset of a 1-based (line, column); None when it is outside the
        text or past the end of its line (an edit there would be a guess)."""
        starts = self.line_starts()
        if not 1 <= line <= len(starts) or col < 1:
            return None
        start = starts[line - 1]
        end = self.line_end(line)
        off = start + col - 1
        return off if off <= end else None

    def line_end(self, line: int) -> int:
        """Offset of the end of a 1-based line's content (before its line ending)."""
        starts = self.line_starts()
        if line < len(starts):
            nxt = starts[line]
            text = self.text
            if text.startswith("\r\n", nxt - 2):
                return nxt - 2
            return nxt - 1
        return len(self.text)

    def offsets(self, span: Span) -> tuple[int, int] | None:
        start = self.offset(span.line, span.col)
        end = self.offset(span.end_line, span.end_col)
        if start is None or end is None or end < start:
            return None
        return start, end

    def slice(self, span: Span) -> str | None:
        where = self.offsets(span)
        return None if where is None else self.text[where[0]:where[1]]

    def position(self, offset: int) -> tuple[int, int]:
        starts = self.line_starts()
        index = bisect.bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def span(self, start: int, end: int) -> Span:
        line, col = self.position(start)
        end_line, end_col = self.position(end)
        return Span(line, col, end_line, end_col)

    def byte_offset(self, offset: int) -> int:
        """UTF-8 byte offset (without the mark) of a character offset, for tree-sitter."""
        return len(self.text[:offset].encode("utf-8"))

    def char_offset(self, byte_offset: int, data: bytes | None = None) -> int:
        data = data if data is not None else self.text.encode("utf-8")
        return len(data[:byte_offset].decode("utf-8", errors="replace"))
