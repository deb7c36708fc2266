"""Inline suppressions, read from comments the way flake8 reads `# noqa`.

- Python: `# noqa` (everything on the line) or `# noqa: PC101, PC104`; also
  `# poolcheck-ignore[-next-line] [CODES]`.
- TS/JS and the code embedded in .vue/.svelte/.astro/.md, and schema.prisma:
  `// poolcheck-ignore PC101` (this line) or `// poolcheck-ignore-next-line PC101`;
  `/* ... */` and `{/* ... */}` (JSX) comments work too.
- .env and other `#`-comment files: `# poolcheck-ignore [CODES]`.
- Anywhere: `poolcheck-ignore-file [CODES]` in a comment in the first 10 lines.
No codes means every code. The directive must sit in a comment, so a string that merely
contains the words does not count for `#` and `//` styles when preceded by a quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .sources import split_lines

ALL = "*"
_CODES = r"(?P<codes>(?:\s*[:,]?\s*[A-Z]+[0-9]+)*)"
_DIRECTIVE = re.compile(
    r"(?:#|//|/\*|<!--)\s*(?P<kind>noqa|poolcheck-ignore-next-line|poolcheck-ignore-file|poolcheck-ignore)"
    r"\b" + _CODES,
    re.IGNORECASE,
)
_CODE = re.compile(r"[A-Z]+[0-9]+")
# Which comment leaders each kind of file uses.
_LEADERS = {
    "python": ("#",),
    "dotenv": ("#",),
    "deploy": ("#", "//"),
    "pyproject": ("#",),
    "prisma": ("//",),
}
_DEFAULT_LEADERS = ("//", "/*", "<!--")


@dataclass
class Suppressions:
    by_line: dict[int, set[str]] = field(default_factory=dict)
    file_wide: set[str] = field(default_factory=set)

    def suppresses(self, line: int, code: str) -> bool:
        if ALL in self.file_wide or code in self.file_wide:
            return True
        codes = self.by_line.get(line)
        return bool(codes) and (ALL in codes or code in codes)


def _codes(text: str) -> set[str]:
    found = set(_CODE.findall(text.upper()))
    return found or {ALL}


def parse(text: str, kind: str) -> Suppressions:
    result = Suppressions()
    if "noqa" not in text and "poolcheck-ignore" not in text:
        return result  # the common case: no directive anywhere, nothing to scan
    leaders = _LEADERS.get(kind, _DEFAULT_LEADERS)
    for number, line in enumerate(split_lines(text), start=1):
        if "noqa" not in line and "poolcheck-ignore" not in line:
            continue
        for match in _DIRECTIVE.finditer(line):
            leader = match.group(0)[: 2 if match.group(0).startswith(("//", "/*")) else 1]
            if match.group(0).startswith("<!--"):
                leader = "<!--"
            if leader not in leaders and not (leader == "/*" and "//" in leaders):
                continue
            directive = match.group("kind").lower()
            if directive == "noqa" and kind not in ("python", "dotenv"):
                continue  # `noqa` is Python's; TS users write poolcheck-ignore
            codes = _codes(match.group("codes") or "")
            if directive == "poolcheck-ignore-file":
                if number <= 10:
                    result.file_wide |= codes
            elif directive == "poolcheck-ignore-next-line":
                result.by_line.setdefault(number + 1, set()).update(codes)
            else:
                result.by_line.setdefault(number, set()).update(codes)
    return result
