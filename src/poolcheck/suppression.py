"""Inline suppressions, read from comments the way flake8 reads `# noqa`.

- Python: `# noqa` (everything on the line) or `# noqa: PC101, PC104` (any case, as
  flake8: `# NOQA: PC101`); also `# poolcheck-ignore[-next-line] [CODES]`.
- TS/JS and the code embedded in .vue/.svelte/.astro/.md, and schema.prisma:
  `// poolcheck-ignore PC101` (this line) or `// poolcheck-ignore-next-line PC101`;
  `/* ... */` and `{/* ... */}` (JSX) comments work too.
- Config files: each in its consumer's comment syntax (`vocabulary/comments.py`): `#` in .env, YAML,
  TOML and postgresql.conf, `;` or `#` at the start of a line in pgbouncer.ini (PgBouncer
  reads nothing else as a comment). A directive the consumer would not read as a comment
  (`pool_mode = statement ; poolcheck-ignore` in pgbouncer.ini) is not honoured.
- Anywhere: `poolcheck-ignore-file [CODES]` in a comment in the first 10 lines.
No codes means every code.

`edit_for` computes the text edit that suppresses one finding, in the form and
placement the file's consumer accepts; the language server's quick fix and
`--add-noqa` both use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from .vocabulary.comments import CommentStyle, style_for
from .core.sources import split_lines

ALL = "*"
_CODES = r"(?P<codes>(?:\s*[:,]?\s*[A-Z]+[0-9]+)*)"
_DIRECTIVE = re.compile(
    r"(?P<leader>#|//|/\*|<!--|;)\s*"
    r"(?P<kind>noqa|poolcheck-ignore-next-line|poolcheck-ignore-file|poolcheck-ignore)"
    r"\b" + _CODES,
    re.IGNORECASE,
)
_CODE = re.compile(r"[A-Z]+[0-9]+")
_ANY = re.compile(r"noqa|poolcheck-ignore", re.IGNORECASE)
# The non-ASCII letters re.IGNORECASE matches to ASCII ones (İ ı ſ K); `str.lower` maps
# only İ and K to ASCII. Without them, `_ANY.search(text)` finds a match exactly when the
# lowered text holds one of its words.
_CASE_SPECIALS = "\u0130\u0131\u017f\u212a"


def _may_hold_directive(text: str) -> bool:
    """`_ANY.search(text) is not None`, by two substring searches of the lowered text (a
    case-insensitive regular expression tries every position in Python's engine: 4x
    slower, on every file parsed)."""
    if not text.isascii() and any(c in text for c in _CASE_SPECIALS):
        return _ANY.search(text) is not None
    low = text.lower()
    return "noqa" in low or "poolcheck-ignore" in low


@dataclass(frozen=True)
class Directive:
    """One directive that names codes: where it is written and what it covers (`target`
    is the line it suppresses, None for a file-wide directive). For PC902."""

    line: int
    col: int
    end_col: int
    target: int | None
    codes: frozenset[str]


@dataclass
class Suppressions:
    by_line: dict[int, set[str]] = field(default_factory=dict)
    file_wide: set[str] = field(default_factory=set)
    directives: list[Directive] = field(default_factory=list)

    def match(self, line: int, code: str):
        """What suppresses `code` on `line`: ("file", code), (line, code), or None."""
        if ALL in self.file_wide or code in self.file_wide:
            return ("file", code if code in self.file_wide else ALL)
        codes = self.by_line.get(line)
        if codes and (code in codes or ALL in codes):
            return (line, code if code in codes else ALL)
        return None

    def suppresses(self, line: int, code: str) -> bool:
        return self.match(line, code) is not None

    def unused(self, used: set) -> list[tuple[Directive, list[str]]]:
        """Directives with poolcheck codes that suppressed nothing (`used` holds what
        `match` returned for the findings it suppressed)."""
        out = []
        for d in self.directives:
            target = "file" if d.target is None else d.target
            idle = sorted(c for c in d.codes if c.startswith("PC") and (target, c) not in used)
            if idle:
                out.append((d, idle))
        return out


def _codes(text: str) -> set[str]:
    found = set(_CODE.findall(text.upper()))
    return found or {ALL}


def _directives(line: str, style: CommentStyle):
    """The directives on one line that the file's consumer reads as comments."""
    for match in _DIRECTIVE.finditer(line):
        leader = match.group("leader")
        if leader not in style.leaders:
            continue
        if not style.trailing and line[:match.start()].strip():
            continue  # after a value: the consumer reads it as part of the value
        if match.group("kind").lower() == "noqa" and not style.noqa:
            continue  # `noqa` is Python's; elsewhere write poolcheck-ignore
        yield match


def parse(text: str, kind: str, path: PurePath | None = None) -> Suppressions:
    result = Suppressions()
    if not _may_hold_directive(text):
        return result  # the common case: no directive anywhere, nothing to scan
    style = style_for(path or PurePath(""), kind)
    if style is None:
        return result  # the format has no comments
    for number, line in enumerate(split_lines(text), start=1):
        if not _ANY.search(line):
            continue
        for match in _directives(line, style):
            directive = match.group("kind").lower()
            codes = _codes(match.group("codes") or "")
            if directive == "poolcheck-ignore-file":
                if number > 10:
                    continue
                result.file_wide |= codes
                target = None
            else:
                target = number + 1 if directive == "poolcheck-ignore-next-line" else number
                result.by_line.setdefault(target, set()).update(codes)
            if ALL not in codes:
                result.directives.append(Directive(number, match.start() + 1, match.end() + 1,
                                                   target, frozenset(codes)))
    return result


@dataclass(frozen=True)
class Edit:
    """Replace line `line` (0-based) columns [start, end) (code points) with `text`."""

    line: int
    start: int
    end: int
    text: str


def _extend(line: str, index: int, code: str, style: CommentStyle, kinds: tuple[str, ...]) -> Edit | None | bool:
    """Add `code` to a directive of `kinds` already on `line`: the edit, None when the
    directive already covers `code`, False when there is no such directive."""
    for match in _directives(line, style):
        if match.group("kind").lower() not in kinds:
            continue
        codes = _codes(match.group("codes") or "")
        if ALL in codes or code.upper() in codes:
            return None
        end = match.end("codes")
        return Edit(index, end, end, f", {code}")
    return False


def edit_for(lines: list[str], index: int, code: str, path: PurePath, kind: str,
             newline: str = "\n") -> Edit | None:
    """The edit that suppresses `code` on line `index` (0-based) of `lines` (without line
    ends), in the file's own comment form; None when the format has no comments or the
    finding is already suppressed."""
    style = style_for(path, kind)
    if style is None or not 0 <= index < len(lines):
        return None
    line = lines[index]
    same = ("noqa", "poolcheck-ignore") if style.noqa else ("poolcheck-ignore",)
    found = _extend(line, index, code, style, same)
    if found is not False:
        return found
    if index > 0:
        found = _extend(lines[index - 1], index - 1, code, style, ("poolcheck-ignore-next-line",))
        if found is not False:
            return found
    leader = style.leaders[0]
    if style.placement == "same-line" and style.trailing:
        content = line.rstrip()
        directive = f"{leader} {style.directive} {code}"
        if leader == "/*":
            directive += " */"
        return Edit(index, len(content), len(line), f"  {directive}")
    indent = line[:len(line) - len(line.lstrip())]
    return Edit(index, 0, 0, f"{indent}{leader} poolcheck-ignore-next-line {code}{newline}")


def apply_edits(text: str, edits: list[Edit]) -> str:
    """`text` with `edits` applied (edits on distinct places; applied bottom-up)."""
    lines = text.splitlines(keepends=True)
    for e in sorted(edits, key=lambda e: (e.line, e.start), reverse=True):
        raw = lines[e.line] if e.line < len(lines) else ""
        body = raw.rstrip("\r\n")
        ending = raw[len(body):]
        lines[e.line:e.line + 1] = [body[:e.start] + e.text + body[e.end:] + ending]
    return "".join(lines)


def add_to_text(text: str, findings: list[tuple[int, str]], path: PurePath, kind: str) -> tuple[str, int]:
    """`text` with a suppression for each (1-based line, code) of `findings`, in the
    file's own form (`--add-noqa`); and how many were added."""
    newline = "\r\n" if "\r\n" in text else "\n"
    added = 0
    # Bottom-up, so that an own-line directive inserted for one line does not move the
    # lines still to do; codes of one line in order.
    by_line: dict[int, list[str]] = {}
    for line, code in findings:
        by_line.setdefault(line, [])
        if code not in by_line[line]:
            by_line[line].append(code)
    for line in sorted(by_line, reverse=True):
        index = line - 1
        for code in by_line[line]:
            lines = [raw.rstrip("\r\n") for raw in text.splitlines(keepends=True)]
            edit = edit_for(lines, index, code, path, kind, newline)
            if edit is None:
                continue
            text = apply_edits(text, [edit])
            added += 1
            if edit.text.endswith(newline) and edit.line == index:
                index += 1  # the finding's line moved down under its new directive
    return text, added
