"""JSON with comments (tsconfig.json, jsconfig.json, vercel.json, wrangler.json, ...): the
one reader of its comments and trailing commas, for the deploy front-end and the linker."""

from __future__ import annotations

import re


def strip_jsonc(text: str) -> str:
    """Blank out // and /* */ comments and trailing commas, keeping line/column positions."""
    out, i, n, in_str = [], 0, len(text), False
    while i < n:
        c = text[i]
        if in_str:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            if c == '"':
                in_str = False
            i += 1
            continue
        if c == '"':
            in_str = True
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j == -1 else j
            out.append(" " * (j - i))
            i = j
            continue
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j == -1 else j + 2
            out.append("".join(ch if ch == "\n" else " " for ch in text[i:j]))
            i = j
            continue
        out.append(c)
        i += 1
    return re.sub(r",(\s*[}\]])", r" \1", "".join(out))
