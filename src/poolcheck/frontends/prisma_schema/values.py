"""The values of a schema line (fields, expressions, strings with Prisma's escapes), a
mixin of the driver: it reads `self.problem` and `self.major`."""

from __future__ import annotations

from ...core.diagnostics import Span
from .lines import _Line, _unicode_escape
from .model import Expr, MSG_ESCAPE, MSG_UNICODE


class _Values:
    def _field(self, tree, where: _Line) -> None:
        from lark import Token, Tree

        colon = tree.children[1]
        field_type = tree.children[2]
        if isinstance(colon, Token):
            self.problem(where.span(colon), "Field declarations don't require a `:`.")
        if field_type is None:
            self.problem(where.span(tree.children[0]),
                         "This field declaration is invalid. It is either missing a name or a type.")
        elif isinstance(field_type, Tree):
            message = {
                "legacy_required_type": "Fields are required by default, `!` is no longer required.",
                "legacy_list_type": "To specify a list, please use `Type[]` instead of `[Type]`.",
                "optional_list_type": "Optional lists are not supported. Use either `Type[]` or `Type?`.",
            }.get(field_type.data)
            if message:
                self.problem(where.span(tree.children[0]), message)
        self._walk_strings(tree, where)

    def _walk_strings(self, tree, where: _Line) -> None:
        """Check escapes in every string of a line we do not keep."""
        for token in tree.scan_values(lambda t: getattr(t, "type", None) == "STRING"):
            self._string(token, where)

    # -- values
    def _expr(self, node, where: _Line) -> Expr:
        from lark import Token

        if isinstance(node, Token):  # pragma: no cover - the grammar always wraps values
            return Expr("constant", str(node), where.span(node))
        kind = node.data
        if kind == "string":
            token = node.children[0]
            full = where.span(token)
            text = self._string(token, where)
            return Expr("string", text, Span(full.line, full.col + 1, full.end_line, full.end_col - 1))
        if kind in ("number", "constant"):
            token = node.children[0]
            return Expr(kind, str(token), where.span(token))
        if kind == "function_call":
            name_tok, arguments = node.children
            args = self._arguments(arguments, where)
            end = self._last_span(arguments, where) or where.span(name_tok)
            start = where.span(name_tok)
            comma = any(getattr(c, "type", None) == "TRAILING_COMMA" for c in arguments.children)
            return Expr("function", str(name_tok).strip(), Span(start.line, start.col, end.end_line, end.end_col),
                        args=args, trailing_comma=comma)
        if kind == "array":
            items = tuple(self._expr(c, where) for c in node.children if c is not None)
            spans = [i.span for i in items]
            span = Span(where.number, spans[0].col, where.number, spans[-1].end_col) if spans else \
                Span(where.number, where.offset + 1, where.number, where.offset + 2)
            return Expr("array", "", span, items=items)
        raise AssertionError(f"unexpected value node {kind}")  # pragma: no cover

    def _arguments(self, node, where: _Line) -> tuple[tuple[str | None, Expr | None], ...]:
        from lark import Token, Tree

        out: list[tuple[str | None, Expr | None]] = []
        for child in node.children:
            if child is None or isinstance(child, Token):
                continue  # an omitted argument list slot or the trailing comma
            if isinstance(child, Tree) and child.data == "named_argument":
                out.append((str(child.children[0]), self._expr(child.children[1], where)))
            elif isinstance(child, Tree) and child.data == "empty_argument":
                out.append((str(child.children[0]), None))
            else:
                out.append((None, self._expr(child, where)))
        return tuple(out)

    @staticmethod
    def _last_span(node, where: _Line) -> Span | None:
        tokens = list(node.scan_values(lambda t: hasattr(t, "end_column")))
        if not tokens:
            return None
        last = tokens[-1]
        # The closing parenthesis is an anonymous token lark filters out; it follows the
        # last kept token, so extend by one character as a close-enough end.
        span = where.span(last)
        return Span(span.line, span.col, span.end_line, span.end_col + 1)

    def _string(self, token, where: _Line) -> str:
        """Decode a string literal with Prisma's (JSON's) escapes; report bad ones."""
        raw = str(token)[1:-1]
        if "\\" not in raw:
            return raw
        base = where.span(token).col + 1  # column of the first content character
        out: list[str] = []
        i = 0
        simple = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
        while i < len(raw):
            c = raw[i]
            if c != "\\":
                out.append(c)
                i += 1
                continue
            nxt = raw[i + 1]
            if nxt in simple:
                out.append(simple[nxt])
                i += 2
                continue
            if nxt == "u":
                char, used = _unicode_escape(raw, i)
                if char is None:
                    self.problem(Span(where.number, base + i, where.number, base + i + max(used, 2)), MSG_UNICODE)
                else:
                    out.append(char)
                i += max(used, 2)
                continue
            self.problem(Span(where.number, base + i, where.number, base + i + 2), MSG_ESCAPE)
            i += 2
        return "".join(out)
