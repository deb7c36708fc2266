"""dotenv (npm) as Node apps and Prisma's loader read a .env: dotenv's parse(), and the
expander Prisma vendors (only `${NAME}`), with JavaScript's string and key-order rules."""

from __future__ import annotations

import re
from typing import Iterable

from .model import (
    _COMMENT_OR_BLANK, _JS_INDEX_KEY, _JS_REPLACEMENT, _JS_SPACE, _PRISMA_REF, _PRISMA_REF_PARTS,
    EnvEntry, LoaderCrash, Positions, _terminals,
)


def _unquote(value: str, unquote) -> tuple[str, str]:
    """dotenv's quote removal: a one-line value loses matching quotes; a multi-line one
    goes through its UNQUOTE expression. Returns the text and the quote removed ("")."""
    quote = value[:1]
    q = ""
    unquoted = value
    if quote in ("'", '"', "`") and len(value) >= 2:
        if "\n" not in value and "\u2028" not in value and "\u2029" not in value:
            if value[-1] == quote:
                unquoted, q = value[1:-1], quote
        else:
            unquoted = unquote.sub(r"\2", value)
            if len(unquoted) == len(value) - 2 and value[0] == value[-1] and unquoted != value:
                q = quote
    return unquoted, q


def read_dotenv(text: str, pos: Positions) -> tuple[list[EnvEntry], list[int]]:
    """dotenv's parse(): the entries in order (the last one wins), and the lines it skips
    (not blank, not a comment, touched by no match of LINE).

    `text` is the file with \r\n and \r replaced by \n, as dotenv does first; the
    replacement keeps every line and column."""
    terms = _terminals()
    line_re, unquote = terms["LINE"], terms["UNQUOTE"]
    entries: list[EnvEntry] = []
    skipped: list[int] = []
    prev = 0
    spaces = _JS_SPACE
    n = len(text)

    def gap(a: int, b: int) -> None:
        if not text[a:b].strip(spaces):
            return
        first = pos.line_of(a) + (1 if a > 0 else 0)   # line_of(a): the previous match's last line
        for number in range(first, pos.line_of(max(a, b - 1)) + 1):
            line = text[pos.starts[number - 1]:pos.starts[number] - 1 if number < len(pos.starts) else n]
            if _COMMENT_OR_BLANK.fullmatch(line) is None:
                skipped.append(number)

    for m in line_re.finditer(text):
        s0, e0 = m.span()
        if s0 > prev:
            gap(prev, s0)
        prev = e0
        ks, ke = m.span("key")
        raw = m.group("value")
        if raw is None:
            value, start, after = "", ke, -1
        else:
            start, after = m.span("value")
            value = raw
            if raw[:1] in spaces or raw[-1:] in spaces:
                value = raw.strip(spaces)
                start += len(raw) - len(raw.lstrip(spaces))
        unquoted, q = _unquote(value, unquote)
        inner_start, inner_end = (start + 1, start + len(value) - 1) if q else (start, start + len(value))
        if value[:1] == '"' and "\\" in unquoted:
            unquoted = unquoted.replace("\\n", "\n").replace("\\r", "\r")
        exported = ks > s0 and "export" in text[s0:ks]
        cut = None
        if not q and 0 < after < n and text[after] == "#" and text[after - 1] not in spaces:
            cut = unquoted + re.match(r"[^\s]*", text[after:after + 4096]).group(0)
        entries.append(EnvEntry(m.group("key"), pos, (ks, ke, inner_start, inner_end), q, unquoted, exported, cut))
    if prev < n:
        gap(prev, n)
    return entries, skipped



def _js_replace_first(text: str, pattern: str, replacement: str) -> str:
    """JavaScript's `text.replace(pattern, replacement)` for a string pattern: the first
    occurrence only, with `$$`, `$&`, `` $` `` and `$'` in the replacement."""
    at = text.find(pattern)
    if at < 0:
        return text
    if "$" in replacement:
        before, after = text[:at], text[at + len(pattern):]
        table = {"$": "$", "&": pattern, "`": before, "'": after}
        replacement = _JS_REPLACEMENT.sub(lambda m: table[m.group(1)], replacement)
    return text[:at] + replacement + text[at + len(pattern):]


def _js_key_order(keys: Iterable[str]) -> list[str]:
    """A JavaScript object's key order: array-index keys ascending, then insertion order."""
    keys = list(keys)
    index = sorted((k for k in keys if k[:1].isdigit() and _JS_INDEX_KEY.fullmatch(k) and int(k) < 2 ** 32 - 1),
                   key=int)
    if not index:
        return keys
    first = set(index)
    return index + [k for k in keys if k not in first]


def expand_prisma(entries: list[EnvEntry], environment: dict[str, str] | None = None) -> dict[str, str]:
    """Prisma's vendored dotenv-expand over dotenv's values.

    dotenv.config() has already put the raw values into process.env (without overriding
    what was there), and process.env wins over the file, so every lookup sees the raw
    value: the result of a key depends only on the raw values and is computed once (linear
    in the file). A reference cycle is a stack overflow in Prisma (RangeError); its keys
    are left out here and reported by the caller."""
    parsed: dict[str, str] = {e.key: e.value for e in entries if e.value is not None}
    if not any("${" in v for v in parsed.values()):
        return {k: (environment or {}).get(k, parsed[k]) for k in _js_key_order(parsed)}
    env = dict(environment or {})
    for k, v in parsed.items():
        env.setdefault(k, v)
    done: dict[str, str] = {}
    active: set[str] = set()

    def lookup(key: str) -> str:
        if key in done:
            return done[key]
        if key in active:
            raise LoaderCrash(key)
        active.add(key)
        try:
            result = interpolate(env[key] if key in env else parsed.get(key) or "")
        finally:
            active.discard(key)
        done[key] = result
        return result

    def interpolate(value: str) -> str:
        if "${" not in value:
            return value
        out = value
        for match in _PRISMA_REF.findall(value):
            parts = _PRISMA_REF_PARTS.match(match)
            prefix = parts.group(1)
            if prefix == "\\":
                part = parts.group(0)
                new = part.replace("\\$", "$", 1)
            else:
                part = parts.group(0)[len(prefix):]
                new = lookup(parts.group(2) if parts.group(2) is not None else "undefined")
            out = _js_replace_first(out, part, new)
        return out

    out: dict[str, str] = {}
    for key in _js_key_order(parsed):
        try:
            out[key] = interpolate(env[key])
        except (LoaderCrash, RecursionError):
            # RecursionError: a chain of references deeper than Python's stack; Node's
            # stack is deeper, but a chain this long overflows Prisma's too.
            continue
    return out
