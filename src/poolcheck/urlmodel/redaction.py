"""Redaction, the single choke point: `redact(url)` is the only way a URL may appear in
a message (`user:***@host`, and the values of `password`, `api_key`, tokens and the like
masked, also in malformed URLs); `redact_text` and `redact_line` mask secrets in any
text shown next to a finding."""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from .authority import _cut_password, _user_shaped, split_authority

SECRET_KEYS = frozenset({"password", "pwd", "pass", "passwd", "api_key", "apikey", "token", "authtoken",
                         "auth_token", "access_token", "secret", "sslpassword", "key", "sig",
                         "signature", "x-amz-security-token", "tlscertificatekeyfilepassword"})

_SECRET_WORDS = ("token", "secret", "password")


def is_secret_key(key: str) -> bool:
    """`password`, `pwd`, `api_key`, `sslpassword`, `...token`, `...secret`: a key whose value
    is a credential."""
    lowered = key.strip().lower()
    return lowered.replace("-", "_") in SECRET_KEYS or any(w in lowered for w in _SECRET_WORDS)


def redact(text: str) -> str:
    """`postgresql://user:***@host/db?api_key=***`: no password, token or key survives.

    The userinfo is found by the URL model (`split_authority`: it ends at the last `@`),
    so an unencoded `?`, `/`, `#`, space or quote in a password is masked with the rest
    of it; `key=value` pairs after it are masked when the key names a secret. Works on
    malformed URLs too (it masks more rather than less), in time linear in the text.
    """
    if not text:
        return text
    auth = split_authority(text)
    if auth is None:
        return _mask_pairs(text, 0)
    head = text[:auth.start]
    if auth.at != -1:
        if auth.colon != -1:
            head += text[auth.start:auth.colon] + ":***@"
        elif _looks_like_token(text[auth.start:auth.at]):
            head += "***@"
        else:
            head += text[auth.start:auth.at + 1]
    elif _cut_password(text, auth):
        # `postgresql://u:pa` with no `@` (a literal cut short by a quote or a newline in
        # the password): what follows the `:` is no port, so it may be a password.
        return head + text[auth.start:text.find(":", auth.start, auth.end)] + ":***"
    return head + _mask_pairs(text[auth.host_start:], 0)


_PIECE_END = re.compile(r"[&;]")
# Every word a secret key holds (SECRET_KEYS and _SECRET_WORDS): only pieces with one are looked at.
_SECRETISH = re.compile(r"(?i)pass|pwd|token|secret|key|sig")


def _mask_pairs(text: str, start: int) -> str:
    """`text` with the value of every `key=value` whose key names a secret replaced by `***`.

    Pairs are separated by `&` or `;` (SQL Server, with `{braced}` values); a key starts
    after the last `?` or `/` before its `=`. Only the pieces holding a secret-like word are
    examined, so a megabyte of harmless parameters costs one regex scan."""
    out: list[str] = []
    pos = start
    last_piece = -1
    for hit in _SECRETISH.finditer(text, start):
        h = hit.start()
        if h < pos:
            continue
        begin = max(text.rfind("&", start, h), text.rfind(";", start, h)) + 1
        begin = max(begin, start)
        if begin == last_piece:
            continue
        last_piece = begin
        stop = _PIECE_END.search(text, h)
        end = stop.start() if stop else len(text)
        eq = text.find("=", begin, end)
        if eq == -1:
            continue
        key = text[begin:eq]
        cut = max(key.rfind("?"), key.rfind("/"))
        if not is_secret_key(key[cut + 1:]):
            continue
        if text.startswith("{", eq + 1):  # {braced}: `;` inside belongs to the value
            close = text.find("}", eq + 1)
            stop = _PIECE_END.search(text, close + 1) if close != -1 else None
            end = stop.start() if stop else len(text)
        out.append(text[pos:eq + 1])
        out.append("***")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _looks_like_token(userinfo: str) -> bool:
    # A long opaque user part is an access token (GitHub-style or Prisma keys).
    return len(userinfo) >= 24 and not any(c in userinfo for c in ".@")


_SECRET_PAIR = re.compile(
    r"(?i)(?P<key>\b(?:password|pwd|passwd|sslpassword|api_?key|[a-z_]*token|[a-z_]*secret)\s*=\s*)"
    r"(?P<value>\{[^}]*\}|[^&;\s'\"`,)}]+)")
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")


def redact_text(text: str) -> str:
    """Mask secrets in any text, such as a source line shown next to a finding (a second
    belt: `--format full` first masks the spans of the URLs the front-end found).

    For every `scheme://` the userinfo runs to the last `@` of the text after it (whatever
    it holds: spaces, quotes), as `redact` reads one URL; `password=`/`pwd=`/`api_key=`/
    `...token=` values are masked too. Linear in the text."""
    pieces: list[str] = []
    pos = 0
    find = text.find
    marker = find("://")
    while marker != -1:
        begin = marker
        while begin > pos and marker - begin < 40 and text[begin - 1] in _SCHEME_CHARS:
            begin -= 1
        if begin < marker and text[begin].isalpha():
            at = text.rfind("@", marker + 3)
            colon = find(":", marker + 3, at) if at != -1 else -1
            if at != -1 and not _user_shaped(text, marker + 3, colon if colon != -1 else at):
                at = colon = -1
            if at != -1 and colon != -1:
                pieces.append(text[pos:colon + 1] + "***")
                pos = at
            elif at != -1 and _looks_like_token(text[marker + 3:at].strip("'\"` ")):
                pieces.append(text[pos:marker + 3] + "***")
                pos = at
            if at != -1:
                marker = find("://", at)
                continue
        marker = find("://", marker + 3)
    pieces.append(text[pos:])
    return _SECRET_PAIR.sub(lambda m: f"{m.group('key')}***", "".join(pieces))


def redact_line(lines: Sequence[str], line: int, spans: Iterable) -> str:
    """Line `line` (1-based) of `lines` with the userinfo of every URL located by `spans`
    masked, then `redact_text` as a second belt.

    A span is where a front-end found a URL (a literal, a multi-line template literal, a
    `+` chain of literals, an env value): its source text is read from `lines`, and what
    lies between the `:` after the user and the last `@` of the span is masked, on every
    line it covers. Spans (1-based lines and columns, end exclusive) come from facts."""
    text = lines[line - 1]
    masked: list[tuple[int, int]] = []   # column ranges of `text` to hide (0-based, end excl.)
    for s in spans:
        if not (s.line <= line <= s.end_line) or s.end_line > len(lines):
            continue
        region = _span_text(lines, s)
        marker = region.find("://")
        at = region.rfind("@")
        if marker == -1 or at < marker:
            continue
        colon = region.find(":", marker + 3, at)
        first = colon + 1 if colon != -1 else marker + 3
        # Offsets in `region` -> (line, column) in the file.
        start_line, start_col = _offset_position(lines, s, first)
        end_line, end_col = _offset_position(lines, s, at)
        if start_line <= line <= end_line:
            lo = start_col if line == start_line else 0
            hi = end_col if line == end_line else len(text)
            if hi > lo:
                masked.append((lo, hi))
    for lo, hi in sorted(masked, reverse=True):
        text = text[:lo] + "***" + text[hi:]
    return redact_text(text)


def _span_text(lines: Sequence[str], s) -> str:
    if s.line == s.end_line:
        return lines[s.line - 1][s.col - 1:s.end_col - 1]
    parts = [lines[s.line - 1][s.col - 1:]]
    parts += lines[s.line:s.end_line - 1]
    parts.append(lines[s.end_line - 1][:s.end_col - 1])
    return "\n".join(parts)


def _offset_position(lines: Sequence[str], s, offset: int) -> tuple[int, int]:
    """(line, 0-based column) of character `offset` of a span's text (lines joined by \\n)."""
    line, col = s.line, s.col - 1
    while True:
        rest = len(lines[line - 1]) - col
        if offset <= rest or line >= s.end_line:
            return line, col + offset
        offset -= rest + 1
        line, col = line + 1, 0
