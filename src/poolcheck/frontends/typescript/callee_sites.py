"""Whether a TS/JS program's bytes prove that no call is one `analyser.dispatch_call` acts
on (a project transaction wrapper, a lifecycle call, `$transaction`, a `Promise.all`
fan-out): the calls gate (`gates.has_call`) opens on the words alone (`tx?:
PrismaClientOrTransaction` in a parameter list, `"tx"` in a string, `Promise<void>`), and
the cheap path (light.py) may then take the program without parsing it only to close
that gate (`analyser.refined_gates`).

`no_dispatch_call(data)` is True only when every occurrence of those words
(`targets.dispatch_calls`' tokens; `Promise` only where `gates.fan_out_possible`) is proven
to stand outside any callee chain. Such a call needs its callee chain (`ts_model.member_chain` through `strip`'s wrappers) to hold the word
as a name: an identifier, a property or a string subscript (`a["runTx"].call(...)`): a word
in a comment, in another string or in a regex literal names nothing `dispatch_target`
reads. So each occurrence is read from the bytes around it, without knowing whether it is
in code:

- after its identifier (blanks skipped; past simple type arguments, `Promise<User[]>`):
  `(`, a backtick (a tagged template), `.`, `?.`, `[`, `]`, `!`, `<`, `/` (maybe a
  comment), `\\`, a non-ASCII byte, `as` or `satisfies` may continue a chain or call it:
  "may";
- before `)`: a parenthesised chain (`(await tx)()`, `(x as Tx).y()`) unless the chain
  (`a.b.tx`) follows `:`, `,`, an operator or a bracket that makes it an operand, a list
  item or a type annotation (`(a, tx)`, `(tx?: T)`, `(c ? a : tx)`);
- anything else (`,`, `;`, `:`, `=`, `{`, `}`, `>`, `?:`, another word) ends the
  expression the word is in without calling it;
- a string subscript: when a `[` is followed by a quote (blanks between), every word after
  that quote on its line "may" (a quoted string holds no line break; a backslash before a
  line break, a template, a comment or a non-ASCII byte there makes every later word "may").

Every answer errs towards "may": the program then takes the parse, as before.
tests/test_ts_callee_sites.py compares the verdict with the tree's over generated programs.
"""

from __future__ import annotations

import bisect
import re

from ...vocabulary.clients import JS_LIFECYCLE, JS_TRANSACTION
from .gates import IDENTIFIER_BYTES, fan_out_possible, word_occurrences, wrapper_spans

# targets._DISPATCH_WORDS; `Promise` (the root of a fan-out, `Promise.all(...)`) only where
# a fan-out may match (gates.fan_out_possible: `map` and a query method are words)
_WORDS = tuple(sorted(m.encode() for m in JS_LIFECYCLE)) + (JS_TRANSACTION.encode(),)
_FAN_OUT_ROOT = b"Promise"
_BLANK = frozenset(b" \t\r\n\f\v")
_MAY_FOLLOW = frozenset(b"(.[]!`/\\")
# What a type-argument list `<...>` read past is made of (`Promise<User[] | null>`): any
# other byte (an object or function type, a comparison) ends the reading with "may".
_TYPE_ARGUMENT_BYTES = IDENTIFIER_BYTES | frozenset(b" \t\r\n.,|&[]<>")
_CHAIN_WORDS = (b"as", b"satisfies")
# Before a chain followed by `)`: bytes after which the chain is an operand, a list item or
# a type annotation, never the whole of a parenthesised expression.
_OPERAND_AFTER = frozenset(b":,=|&?+-*%^~!<{};")
# A non-ASCII byte after `[` may be a blank (U+00A0) before a quote.
_SUBSCRIPT_LITERAL = re.compile(rb"\[\s*([\"'`/\x80-\xff])")


def no_dispatch_call(data: bytes) -> bool:
    """No call `dispatch_call` acts on can be found in `data` (see above)."""
    words = _WORDS + (_FAN_OUT_ROOT,) if fan_out_possible(data) else _WORDS
    positions = [i for word in words for i in word_occurrences(data, word)]
    positions.extend(start for start, _ in wrapper_spans(data.lower()))
    if not positions:
        return True
    subscripts = _Subscripts(data)
    for i in positions:
        start, end = _identifier(data, i)
        if subscripts.may_hold(data, i) or _may_be_callee(data, start, end):
            return False
    return True


def _identifier(data: bytes, i: int) -> tuple[int, int]:
    """The run of identifier bytes around data[i]."""
    start = i
    while start > 0 and data[start - 1] in IDENTIFIER_BYTES:
        start -= 1
    end, n = i, len(data)
    while end < n and data[end] in IDENTIFIER_BYTES:
        end += 1
    return start, end


def _skip_blanks(data: bytes, k: int) -> int:
    n = len(data)
    while k < n and data[k] in _BLANK:
        k += 1
    return k


def _may_be_callee(data: bytes, start: int, end: int) -> bool:
    """The identifier data[start:end] may be, or be in, the callee chain of a call."""
    k = _skip_blanks(data, end)
    if k == len(data):
        return False
    c = data[k]
    if c == 60:  # "<": type arguments, read past to what follows them (`Promise<T>.all(`)
        k = _after_type_arguments(data, k)
        if k is None:
            return True
        k = _skip_blanks(data, k)
        if k == len(data):
            return False
        c = data[k]
    if c in _MAY_FOLLOW or c >= 0x80 or c == 60:
        return True
    if c == 63:  # "?": `?.` continues a chain; `?:`, `??` and a conditional do not
        return data[k + 1:k + 2] == b"."
    if c in IDENTIFIER_BYTES:
        j = k
        while j < len(data) and data[j] in IDENTIFIER_BYTES:
            j += 1
        return data[k:j] in _CHAIN_WORDS
    if c == 41:  # ")"
        return _may_be_parenthesised(data, start)
    return False


def _after_type_arguments(data: bytes, k: int) -> int | None:
    """The position after the `>` closing the `<` at data[k], or None when the bytes
    between are not those of simple type arguments."""
    depth, n = 0, len(data)
    while k < n:
        c = data[k]
        if c not in _TYPE_ARGUMENT_BYTES:
            return None
        if c == 60:
            depth += 1
        elif c == 62:
            depth -= 1
            if depth == 0:
                return k + 1
        k += 1
    return None


def _may_be_parenthesised(data: bytes, start: int) -> bool:
    """The chain that ends with the identifier starting at data[start] may be the whole of
    a parenthesised expression (through `await`, `as`, `<T>`: any word or `>` before it)."""
    h = start
    while True:
        while h > 0 and data[h - 1] in _BLANK:
            h -= 1
        if h == 0:
            return False
        before = data[h - 1]
        if before != 46:  # "."
            return before not in _OPERAND_AFTER
        h -= 1  # `a.tx`, `a?.tx`: to the chain's start
        if h > 0 and data[h - 1] == 63:
            h -= 1
        while h > 0 and data[h - 1] in _BLANK:
            h -= 1
        if h == 0 or data[h - 1] not in IDENTIFIER_BYTES:
            return True  # `f().tx`, `a[0].tx`, `...tx`: not read further
        while h > 0 and data[h - 1] in IDENTIFIER_BYTES:
            h -= 1


class _Subscripts:
    """Where a string, template or comment may open right after a `[`."""

    def __init__(self, data: bytes):
        self.quoted: list[int] = []  # a quote after `[`: the string ends on its line
        self.open_from = len(data)   # from here on, every word may be in a subscript literal
        continued = b"\\\n" in data or b"\\\r" in data
        for m in _SUBSCRIPT_LITERAL.finditer(data):
            q = m.start(1)
            if continued or data[q] in b"`/" or data[q] >= 0x80:
                self.open_from = min(self.open_from, q)
            else:
                self.quoted.append(q)

    def may_hold(self, data: bytes, i: int) -> bool:
        if i > self.open_from:
            return True
        k = bisect.bisect_left(self.quoted, i) - 1
        if k < 0:
            return False
        q = self.quoted[k]
        return b"\n" not in data[q:i] and b"\r" not in data[q:i]
