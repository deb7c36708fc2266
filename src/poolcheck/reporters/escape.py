"""Safe output of names and messages: the one place every reporter escapes what it prints.

A file name or a message may hold anything a file system allows: a newline (which would
forge a finding line in `text` and `full`), a carriage return, ESC (terminal escape
sequences), bidi overrides such as U+202E (which reorder what a reviewer sees), or bytes
that are not UTF-8 (Python hands those over as lone surrogates, which no UTF-8 stream can
encode). Every format goes through these helpers:

- `clean(text)`: control characters as `\\n`, `\\r`, `\\t`, `\\x1b`, bidi controls and line
  separators as `\\u202e`, undecodable bytes as `\\xff`. Printable text is returned as is.
- `shown_path(path)`: a path for text formats; quoted (`"a\\nb.ts"`) when anything in it
  had to be escaped, as ruff does for paths it cannot print.
- `plain_path(path)`: the same escaping without quotes, for JSON values.
- `path_uri(path)`: the path percent-encoded from its bytes (a 0xFF byte is `%FF`).
- `safe(diagnostic)`: the diagnostic with its message, fix and related messages cleaned
  (and cut past MAX_MESSAGE characters)
  (applied to every diagnostic before any reporter sees it).
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import PurePath
from urllib.parse import quote

# Bidirectional formatting characters (Trojan Source, CVE-2021-42574) and line separators.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_URI_SAFE = "/:@!$&'()*+,;=-._~"


def _escape(ch: str) -> str:
    code = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    if 0xDC80 <= code <= 0xDCFF:         # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def _unsafe(ch: str) -> bool:
    code = ord(ch)
    return code < 0x20 or 0x7F <= code < 0xA0 or 0xD800 <= code <= 0xDFFF or ch in _BIDI


def clean(text: str) -> str:
    """`text` with control characters, bidi controls and undecodable bytes escaped."""
    if not text or text.isprintable():
        return text
    return "".join(_escape(c) if _unsafe(c) else c for c in text)


def plain_path(path: PurePath) -> str:
    return clean(path.as_posix())


def shown_path(path: PurePath) -> str:
    raw = path.as_posix()
    shown = clean(raw)
    if shown == raw:
        return raw
    return '"' + shown.replace('"', '\\"') + '"'


def path_uri(path: PurePath) -> str:
    """A relative URI reference for `path`, percent-encoded from the bytes of its name."""
    return quote(os.fsencode(path.as_posix()), safe=_URI_SAFE)


# A message quoting a generated megabyte-long URL is cut here (what is cut was redacted).
MAX_MESSAGE = 2000


def _bounded(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + "\u2026"


def safe(d):
    """A diagnostic whose texts can be printed anywhere (paths are escaped by the reporters,
    which still need the real path to read source lines and build URIs); messages longer
    than MAX_MESSAGE characters are cut."""
    related = tuple(replace(r, message=_bounded(clean(r.message))) for r in d.related)
    message, fix = _bounded(clean(d.message)), clean(d.fix)
    if message == d.message and fix == d.fix and related == d.related:
        return d
    return replace(d, message=message, fix=fix, related=related)
