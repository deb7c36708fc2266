"""The block driver around the one-line grammar (see the package docstring): headers,
closing braces, comments, error lines; values and checks come from its mixins."""

from __future__ import annotations

import bisect

from ...core.diagnostics import Span
from ...facts import ParseProblem
from . import lines as _lines
from .checks import _Checks
from .lines import _blank, _comment_start, _fast_path, _Line, _split_lines, _try_parse
from .model import (
    _WS, MSG_ALIAS, MSG_BLOCK, MSG_BOM, MSG_CONFIG, MSG_ENUM, MSG_MODEL, MSG_TOP, Block, Property, SchemaModel,
)
from .values import _Values


class _Driver(_Values, _Checks):
    def __init__(self, text: str, prisma_major: int | None = None):
        self.lines = _split_lines(text)
        self.model = SchemaModel()
        self.major = prisma_major
        self.sink: list[ParseProblem] = self.model.problems
        self.fast = _fast_path() if len(self.lines) >= _lines.FAST_PATH_MIN_LINES else {}
        self._ends: list[tuple[int, int]] | None = None
        # A block read to the end of the file without its `}`: a later block cannot close
        # either (keeps a file of unclosed blocks linear).
        self._open_from: int | None = None

    def problem(self, span: Span, message: str) -> None:
        self.sink.append(ParseProblem(span, message))

    def run(self) -> SchemaModel:
        lines = self.lines
        i, offset = 0, 0
        while i < len(lines):
            start = self._leading(i, offset)
            if start is None:  # an unclosed `/*`: the line is a catch-all error
                self._top_error(i, offset, MSG_TOP)
                i, offset = i + 1, 0
                continue
            i, offset = start
            content, has_newline = lines[i]
            segment = content[offset:]
            where = _Line(i + 1, offset)
            if _blank(segment):
                i, offset = i + 1, 0
                continue
            tree = _try_parse(segment, "top_line")
            if tree is not None and not self._names_ok(tree, segment):
                tree = None
            if tree is None or tree.data == "type_alias" or not has_newline:
                self._top_error(i, offset, MSG_ALIAS if tree is not None and tree.data == "type_alias"
                                and has_newline else MSG_TOP)
                i, offset = i + 1, 0
                continue
            if tree.data == "arbitrary_header":
                close = self._find_brace(i + 1)
                if close is None:
                    self.problem(where.whole(segment), MSG_TOP)
                    i, offset = i + 1, 0
                    continue
                self.problem(where.whole(segment), MSG_BLOCK)
                i, offset = close[0], close[1] + 1
                continue
            keyword, name_tok = tree.children[0], tree.children[1]
            if "." in name_tok:
                self.problem(where.whole(segment), MSG_TOP)
                i, offset = i + 1, 0
                continue
            closed = self._block(str(keyword), str(name_tok), where.span(name_tok), i + 1)
            if closed is None:  # no closing brace: no block; the header is an error line
                self.problem(where.whole(segment), MSG_TOP)
                i, offset = i + 1, 0
                continue
            i, offset = closed
        self._validate()
        return self.model

    def _top_error(self, i: int, offset: int, message: str) -> None:
        content = self.lines[i][0]
        segment = content[offset:]
        if i == 0 and offset == 0 and segment.startswith("\ufeff"):
            message = MSG_BOM
        self.problem(_Line(i + 1, offset).whole(segment), message)

    # -- block comments
    def _leading(self, i: int, offset: int) -> tuple[int, int] | None:
        """Skip blanks and block comments at the start of line i (from `offset`): the
        position of what follows, or None for a `/*` that never closes."""
        lines = self.lines
        while True:
            content = lines[i][0]
            rest = content[offset:].lstrip(_WS)
            if not rest.startswith("/*"):
                return i, len(content) - len(rest)
            close = self._comment_end(i, len(content) - len(rest) + 2)
            if close is None:
                return None
            i, offset = close

    def _comment_end(self, i: int, col: int) -> tuple[int, int] | None:
        """Where the block comment whose text starts at (line i, col) ends: just after `*/`.
        Every `*/` of the file is indexed once, so a file of unclosed comments stays linear."""
        if self._ends is None:
            self._ends = []
            for n, (content, _) in enumerate(self.lines):
                at = content.find("*/")
                while at >= 0:
                    self._ends.append((n, at))
                    at = content.find("*/", at + 1)
        k = bisect.bisect_left(self._ends, (i, col))
        if k == len(self._ends):
            return None
        n, at = self._ends[k]
        return n, at + 2

    def _trailing(self, i: int, content: str, col: int) -> tuple[str, int] | None:
        """A member line with a trailing block comment: (the member's text, the line after
        the comment). None when there is none or it cannot be one (then Prisma, and the
        member grammar, read the line as it is)."""
        start = _comment_start(content[col:])
        if start is None:
            return None
        start += col
        close = self._comment_end(i, start + 2)
        if close is None:
            return None
        n, col = close
        if self.lines[n][0][col:].strip(_WS):
            return None  # text after the comment's end: the line is a catch-all error
        return content[:start], n + 1

    # -- identifiers
    @staticmethod
    def _names_ok(tree, segment: str) -> bool:
        """Non-ASCII identifier characters must be letters (Prisma: Unicode category L)."""
        if segment.isascii():
            return True
        for token in tree.scan_values(lambda t: getattr(t, "type", None) in ("NAME", "FUNCTION_NAME")):
            if not str(token).isascii() and not all(c.isascii() or c.isalpha() for c in str(token)):
                return False
        return True

    def _find_brace(self, start: int) -> tuple[int, int] | None:
        for n in range(start, len(self.lines)):
            pos = self.lines[n][0].find("}")
            if pos != -1:
                return n, pos
        return None

    # -- blocks
    def _block(self, kind: str, name: str, span: Span, first: int) -> tuple[int, int] | None:
        """Read the members of a block from line `first` up to its closing `}`: the
        position just after that brace, or None (nothing recorded) if it never closes."""
        start = {"model": "model_line", "type": "model_line", "view": "model_line",
                 "enum": "enum_line", "datasource": "config_line", "generator": "config_line"}[kind]
        fail = {"model_line": MSG_MODEL, "enum_line": MSG_ENUM}.get(start) or MSG_CONFIG.format(kind=kind)
        if self._open_from is not None and first >= self._open_from:
            return None
        properties: list[Property] = []
        outer, self.sink = self.sink, []
        lines = self.lines
        i = first
        try:
            while i < len(lines):
                begin = self._leading(i, 0)
                if begin is None:
                    self.problem(_Line(i + 1, 0).whole(lines[i][0]), fail)
                    i += 1
                    continue
                n, col = begin
                content = lines[n][0]
                if content.startswith("}", col):
                    outer.extend(self.sink)
                    self.model.blocks.append(Block(kind, name, span, tuple(properties)))
                    return n, col + 1
                segment = content[col:]
                if _blank(segment):
                    i = n + 1
                    continue
                where = _Line(n + 1, col)
                member, after = segment, n + 1
                if "/*" in segment:
                    trailing = self._trailing(n, content, col)
                    if trailing is not None and trailing[0][col:].strip(_WS):
                        member, after = trailing[0][col:], trailing[1]
                quick = self.fast.get(start)
                if quick is not None and member.isascii() and quick(member.rstrip("\r")):
                    i = after  # a line the parser accepts with nothing to report
                    continue
                tree = _try_parse(member, start)
                if tree is None or self._dotted_name(tree) or not self._names_ok(tree, member):
                    self.problem(where.whole(segment), fail)
                    i = n + 1
                    continue
                if start == "config_line":
                    key, value = tree.children
                    properties.append(Property(str(key), where.span(key), self._expr(value, where)))
                elif start == "model_line" and tree.data == "field":
                    self._field(tree, where)
                else:
                    self._walk_strings(tree, where)
                i = after
            self._open_from = first
            return None
        finally:
            self.sink = outer

    @staticmethod
    def _dotted_name(tree) -> bool:
        """A plain identifier was required (field, enum value, key) but a path was given."""
        if tree.data in ("field", "enum_value", "key_value"):
            return "." in tree.children[0]
        return False
