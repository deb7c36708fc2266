"""Reading a file once: bytes, decoded text, and offset-to-position mapping.

Every front-end gets a `Source`; spans are 1-based lines and 1-based columns in code
points. Tree-sitter reports byte offsets, so `Source` converts them.
"""

from __future__ import annotations

import bisect
from array import array
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import safeio
from .diagnostics import Span


_NEWLINE = re.compile(rb"\r\n|\r|\n")
_TEXT_NEWLINE = re.compile(r"\r\n|\r|\n")


# Kinds whose own reader decodes UTF-16 with a byte-order mark: pip reads a requirements
# file that PowerShell's `pip freeze > requirements.txt` wrote. Node, Python, Prisma and
# dotenv read UTF-8 only, so for every other kind such a file stays PC900.
UTF16_KINDS = frozenset({"requirements"})


class UnreadableSource(Exception):
    """The file cannot be analysed: unreadable, binary or not UTF-8. Becomes PC900."""

    def __init__(self, message: str, span: Span | None = None):
        super().__init__(message)
        self.span = span or Span(1, 1, 1, 2)


@dataclass
class Source:
    path: Path
    kind: str
    data: bytes
    text: str
    _line_starts: "array | None" = field(default=None, repr=False)
    _ascii: bool | None = field(default=None, repr=False)
    bom: bool = False          # the file started with a UTF-8 byte-order mark (not in `text`)
    _lines: list[str] | None = field(default=None, repr=False)

    @classmethod
    def from_bytes(cls, path: Path, kind: str, data: bytes) -> "Source":
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Windows `pip freeze > file`
            if kind in UTF16_KINDS:
                return cls._utf16(path, kind, data)
            raise UnreadableSource("UTF-16 text (byte-order mark); only UTF-8 is read; "
                                   "save it as UTF-8 to have it analysed")
        if b"\x00" in data[:8192]:
            raise UnreadableSource("binary file (contains NUL bytes); not analysed")
        bom = data.startswith(b"\xef\xbb\xbf")
        if bom:
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            raise UnreadableSource(
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line}); not analysed",
                Span(line, col, line, col + 1),
            ) from None
        return cls(path=path, kind=kind, data=data, text=text, bom=bom)

    @classmethod
    def _utf16(cls, path: Path, kind: str, data: bytes) -> "Source":
        """A UTF-16 file its own tool reads: the text re-encoded as UTF-8 (`data`), which
        has the same lines and code points, so spans are the file's. Fixes decode the
        file themselves (fixes.text), find no UTF-8, and leave it alone."""
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableSource("not valid UTF-16 text (byte-order mark); not analysed") from None
        return cls(path=path, kind=kind, data=text.encode("utf-8"), text=text)

    @classmethod
    def read(cls, path: Path, kind: str) -> "Source":
        try:
            data = safeio.read_bytes(path)
        except OSError as exc:
            raise UnreadableSource(f"cannot read file: {exc.strerror or exc}") from None
        return cls.from_bytes(path, kind, data)

    @property
    def is_ascii(self) -> bool:
        if self._ascii is None:
            self._ascii = self.data.isascii()
        return self._ascii

    def _starts(self) -> "array":
        """Byte offsets of line starts. Lines end at \n, \r\n or a lone \r, as LSP and
        editors count them (the text is UTF-8 encoded as `data`)."""
        if self._line_starts is None:
            data = self.data
            starts = array("q", [0])  # 8 bytes a line, not a Python int each
            if b"\r" not in data:
                find = data.find
                i = find(b"\n")
                while i != -1:
                    starts.append(i + 1)
                    i = find(b"\n", i + 1)
            else:
                starts.extend(m.end() for m in _NEWLINE.finditer(data))
            self._line_starts = starts
        return self._line_starts

    def position(self, byte_offset: int) -> tuple[int, int]:
        """1-based (line, column in code points) of a byte offset into `data`."""
        starts = self._starts()
        index = bisect.bisect_right(starts, byte_offset) - 1
        start = starts[index]
        if self.is_ascii:
            col = byte_offset - start
        else:
            col = len(self.data[start:byte_offset].decode("utf-8", errors="replace"))
        return index + 1, col + 1

    def span(self, start_byte: int, end_byte: int) -> Span:
        line, col = self.position(start_byte)
        end_line, end_col = self.position(end_byte)
        return Span(line, col, end_line, end_col)

    def lines(self) -> list[str]:
        """The text's lines (split once: callers ask per problem, per line)."""
        if self._lines is None:
            self._lines = split_lines(self.text)
        return self._lines

    def clamp(self, span: Span) -> Span:
        """`span` moved inside the file: parsers report end-of-input one line past the end."""
        lines = self.lines()

        def fit(line: int, col: int) -> tuple[int, int]:
            line = min(max(line, 1), len(lines))
            return line, min(max(col, 1), len(lines[line - 1]) + 1)

        line, col = fit(span.line, span.col)
        end_line, end_col = fit(span.end_line, span.end_col)
        if (end_line, end_col) < (line, col):
            end_line, end_col = line, col
        return Span(line, col, end_line, end_col)

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line ending."""
        lines = self.lines()
        return lines[line - 1] if 0 < line <= len(lines) else ""


def split_lines(text: str) -> list[str]:
    """Lines as editors count them: \n, \r\n and a lone \r end a line; nothing else does
    (str.splitlines would also split at \x0b, \x1c, \u2028, ...)."""
    return _TEXT_NEWLINE.split(text)
