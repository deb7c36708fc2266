"""Big Python files: keep only the top-level statements that can matter, before any parser.

CPython's parser (the pre-check) and LibCST cost memory and time per statement: a 2 MB
file of one million `x = 1` lines took 5 minutes and 7.6 GB. Such files are generated
(data tables, fixtures, migrations dumped as code). `reduce(text)` splits a file into its
top-level statements with one linear scan (strings, comments, brackets and backslash
continuations are honoured, so a statement spread over lines stays whole) and drops the
simple statements that cannot produce a fact: no call, no import, no compound statement
or decorator, no URL, no client-related word. The statements kept are joined in order,
and `line_map` maps each line of the reduced text back to its line in the file, so every
span the analyser reports is exact.

Only files above `MIN_LINES` lines are reduced: ordinary files are analysed as they are.
What is dropped cannot hold a construction, a lifecycle call, a transaction or a URL
literal; a syntax error inside a dropped statement goes unreported in such a file.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass

MIN_LINES = 5000

_TOKEN = re.compile(r'''
    (?P<s>"""(?:[^"\\]|\\.|"(?!""))*(?:"""|\Z)
        | \'\'\'(?:[^'\\]|\\.|'(?!''))*(?:\'\'\'|\Z)
        | "(?:[^"\\\n]|\\.)*"?
        | '(?:[^'\\\n]|\\.)*'?)
  | (?P<c>\#[^\n]*)
  | (?P<o>[(\[{])
  | (?P<x>[)\]}])
  | (?P<b>\\\r?\n)
  | (?P<n>\n(?:[^\s"'\#()\[\]{}\\][^\n"'\#()\[\]{}\\]*\n){0,512})
''', re.S | re.X)
# A newline token swallows the plain lines after it (column 0, no quote, comment, bracket
# or backslash): each is a whole simple statement or a compound header, so a run of them
# is scanned in C and split into statements only if something in it is kept. At most 512
# lines a token: the regex engine keeps state per repetition.

# Something in a statement that may produce a fact (a superset of what the analyser reads).
_KEEP = re.compile(
    r"\(|://|\?|risma|lient|onnect|environ|getenv|"
    r"^(?:import|from|def|class|async|if|for|while|with|try|match|@|global)\b|^@",
    re.M)
# Lines at the top level that continue the statement above rather than start one.
_CONTINUES = re.compile(r"(?:else|elif|except|finally|case)\b")


@dataclass
class Reduced:
    text: str
    line_map: array          # line_map[i] = the file's line (1-based) of reduced line i + 1

    def line(self, reduced_line: int) -> int:
        if 0 < reduced_line <= len(self.line_map):
            return self.line_map[reduced_line - 1]
        return self.line_map[-1] if len(self.line_map) else reduced_line


def reduce(text: str) -> Reduced | None:
    """The statements of a big file that may matter, or None when the file is not big or
    nothing could be dropped."""
    if text.count("\n") < MIN_LINES:
        return None
    starts = array("q", [0])      # offsets where a top-level statement (or a run) starts
    start_lines = array("q", [1])
    runs = bytearray(1)           # 1 where that start is a run of plain lines
    depth = 0
    line = 1
    n = len(text)
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "n":
            begin, end = m.span()
            if depth == 0 and end - begin > 1 and not _CONTINUES.match(text, begin + 1):
                starts.append(begin + 1)
                start_lines.append(line + 1)
                runs.append(1)
            line += text.count("\n", begin, end)
            if depth == 0 and end < n:
                ch = text[end]
                if ch not in " \t\r\n#\f" and not (ch in "efc" and _CONTINUES.match(text, end)):
                    starts.append(end)
                    start_lines.append(line)
                    runs.append(0)
        elif kind == "s":
            line += text.count("\n", m.start(), m.end())
        elif kind == "b":
            line += 1
        elif kind == "o":
            depth += 1
        elif kind == "x":
            if depth:
                depth -= 1
    hits: dict[int, list[int]] = {}
    for m in _KEEP.finditer(text):
        hits.setdefault(bisect_right(starts, m.start()) - 1, []).append(m.start())
    if len(hits) == len(starts) and not any(runs):
        return None
    pieces: list[str] = []
    line_map = array("q")
    for i in sorted(hits):
        begin = starts[i]
        stop = starts[i + 1] if i + 1 < len(starts) else n
        if runs[i]:
            _keep_from_run(text, begin, stop, start_lines[i], hits[i], pieces, line_map)
        else:
            _keep(text[begin:stop], start_lines[i], pieces, line_map)
    return Reduced("".join(pieces), line_map)


def _keep(chunk: str, first: int, pieces: list[str], line_map: array) -> None:
    if not chunk.endswith("\n"):
        chunk += "\n"
    pieces.append(chunk)
    line_map.extend(range(first, first + chunk.count("\n")))


def _keep_from_run(text: str, begin: int, stop: int, first: int, hits: list[int],
                   pieces: list[str], line_map: array) -> None:
    """The statements of a run of plain lines (with the indented body that may follow its
    last line) that hold a hit: each column-0 line starts one, `else:` and the like excepted."""
    bounds = [begin]
    lines = [first]
    pos, line = begin, first
    while True:
        nl = text.find("\n", pos, stop)
        if nl == -1 or nl + 1 >= stop:
            break
        pos, line = nl + 1, line + 1
        ch = text[pos]
        if ch not in " \t\r\n#\f" and not (ch in "efc" and _CONTINUES.match(text, pos)):
            bounds.append(pos)
            lines.append(line)
    kept = sorted({bisect_right(bounds, h) - 1 for h in hits})
    for j in kept:
        end = bounds[j + 1] if j + 1 < len(bounds) else stop
        _keep(text[bounds[j]:end], lines[j], pieces, line_map)
