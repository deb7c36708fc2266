"""python-dotenv as prisma-client-py and Python apps read a .env: parse_stream() and
resolve_variables (`${NAME}`, `${NAME:-default}` from values defined earlier)."""

from __future__ import annotations

import codecs
import re

from .model import EnvEntry, Positions, _terminals


class _PyError(Exception):
    pass


_COMMENT_IN_VALUE = re.compile(r"\s+#")


def _dq_unescape(body: str, escape: re.Pattern) -> str:
    return escape.sub(lambda e: codecs.decode(e.group(0), "unicode-escape"), body) if "\\" in body else body


def _sq_unescape(body: str, escape: re.Pattern) -> str:
    return escape.sub(lambda e: e.group(0)[1], body) if "\\" in body else body


def _unquoted_value(part: str) -> str:
    """An unquoted value ends at whitespace followed by `#`, trailing spaces dropped."""
    cut = _COMMENT_IN_VALUE.search(part)
    return (part[:cut.start()] if cut else part).rstrip()


class _PyReader:
    """python-dotenv's parser over one text: `i` is its position. Most lines match the
    grammar's PY_FAST terminal at once; the others go statement by statement through the
    parser's own steps (whitespace, export, key, `=`, value, comment, end of line)."""

    def __init__(self, text: str, pos: Positions):
        self.t, self.text, self.pos = _terminals(), text, pos
        self.entries: list[EnvEntry] = []
        self.errors: list[tuple[int, int]] = []
        self.i = 1 if text.startswith("\ufeff") else 0  # python-dotenv drops a leading BOM

    def run(self) -> tuple[list[EnvEntry], list[tuple[int, int]]]:
        text, n, fast = self.text, len(self.text), self.t["PY_FAST"]
        while self.i < n:
            m = fast.match(text, self.i)
            if m is not None:
                self.i = m.end()
                if m.group(3) is not None:
                    self._fast_entry(m)
                continue
            mark = self.i
            try:
                if not self._statement():
                    break
            except _PyError:
                self.read("PY_REST")
                self.errors.append((mark, self.i))
        return self.entries, self.errors

    def read(self, terminal: str) -> re.Match:
        m = self.t[terminal].match(self.text, self.i)
        if m is None:
            raise _PyError
        self.i = m.end()
        return m

    def _fast_entry(self, m: re.Match) -> None:
        if m.group(5) is not None:
            value, quote = _dq_unescape(m.group(5), self.t["PY_DQ_ESCAPE"]), '"'
            vstart, vend = m.start(5), m.end(5)
        elif m.group(6) is not None:
            value, quote = _sq_unescape(m.group(6), self.t["PY_SQ_ESCAPE"]), "'"
            vstart, vend = m.start(6), m.end(6)
        else:
            part = m.group(7)
            value = "" if m.group(4) and part.startswith("#") else _unquoted_value(part)
            quote, vstart = "", m.start(7)
            vend = vstart + len(value)
        self.entries.append(EnvEntry(m.group(3), self.pos, (m.start(3), m.end(3), vstart, vend), quote, value,
                                     bool(m.group(1))))

    def _statement(self) -> bool:
        """One statement the slow way; False at the end of the text."""
        text = self.text
        self.read("PY_MULTILINE_WS")
        if self.i >= len(text):
            return False
        exported = bool(self.read("PY_EXPORT").group(0))
        if text.startswith("#", self.i):
            key, key_at = None, (0, 0)
        else:
            km = self.read("PY_SQ_KEY" if text.startswith("'", self.i) else "PY_KEY")
            key, key_at = km.group(1), (km.start(1), km.end(1))
        self.read("PY_WS")
        value, quote, vstart, vend = None, "", self.i, self.i
        if text.startswith("=", self.i):
            value, quote, vstart, vend = self._value()
        self.read("PY_COMMENT")
        self.read("PY_EOL")
        if key is not None:
            self.entries.append(EnvEntry(key, self.pos, (*key_at, vstart, vend), quote, value, exported))
        return True

    def _value(self) -> tuple[str, str, int, int]:
        """After the key: `=` and the value, with its quote and offsets."""
        eq = self.read("PY_EQUALS")
        at = self.i
        if len(eq.group(1)) > 1 and self.text.startswith("#", at):
            return "", "", at, at
        c = self.text[at:at + 1]
        if c == "'":
            vm = self.read("PY_SQ_VALUE")
            return _sq_unescape(vm.group(1), self.t["PY_SQ_ESCAPE"]), "'", vm.start(1), vm.end(1)
        if c == '"':
            vm = self.read("PY_DQ_VALUE")
            return _dq_unescape(vm.group(1), self.t["PY_DQ_ESCAPE"]), '"', vm.start(1), vm.end(1)
        if c in ("", "\n", "\r"):
            return "", "", at, at
        vm = self.read("PY_UNQUOTED")
        value = _unquoted_value(vm.group(1))
        return value, "", vm.start(1), vm.start(1) + len(value)


def read_python(text: str, pos: Positions) -> tuple[list[EnvEntry], list[tuple[int, int]]]:
    """python-dotenv's parse_stream(): entries in order, and the ranges of statements it
    could not parse (it warns and skips them)."""
    return _PyReader(text, pos).run()


def expand_python(entries: list[EnvEntry], environment: dict[str, str] | None = None) -> dict[str, str | None]:
    """python-dotenv's resolve_variables (dotenv_values: the file's values win): each value
    sees the values defined before it; a bare KEY (None) expands to ""."""
    variable = _terminals()["PY_VARIABLE"]
    env: dict[str, str | None] = dict(environment or {})
    out: dict[str, str | None] = {}

    def sub(m: re.Match) -> str:
        default = m.group("default") if m.group("default") is not None else ""
        got = env.get(m.group("name"), default)
        return got if got is not None else ""

    for e in entries:
        result = None if e.value is None else (variable.sub(sub, e.value) if "${" in e.value else e.value)
        out[e.key] = result
        env[e.key] = result
    return out
