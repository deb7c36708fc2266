"""Whether an occurrence of an imported name may be a binding, from the bytes around it:
the question light._declared_elsewhere asks of the tree (a function or class declaration
named so, or a variable declarator binding the name), asked of a program's bytes for the
cheap path's byte summary (light_bytes).

`occurs_as_binding(data, name, lo)` classifies each whole-word occurrence of `name` from
`lo` on (where the statements after the imports start). A binding name of a function or
class declaration or a variable declarator is preceded by its keyword, `*`, `,`, `{`, `[`,
`:` or `...`, or by a comment; an occurrence after `.`, `<`, `(`, `=`, an operator, a
quote or any other word, or followed by `.`, `?.`, `[` or a backtick, binds nothing. An
occurrence after `,`, `{`, `[`, `:` or `...` followed by what may end a binding (`,`, `}`,
`]`, `=`, `:`, `;`, `!`, a line break) is walked back over pattern bytes (names, `,`, `:`,
`...`, brackets) to the keyword it belongs to (a binding), to the bracket that opens it,
whose left side says whether that bracket opens a pattern (after a keyword, or nested in
one) or an expression (after `=`, `(`, `return`, `>`, ...), or out of its statement
(`;`); a name after a keyword's one name and its `:` is in a type annotation. What
follows can prove the same (`_expression_follows`: the next item is a call, a key's value
is a call). Anything else met on the way (a string, a default value) means "may bind".
The bytes at the end of a line holding `//` elsewhere are never trusted (they may be a
comment's); a line holding only a `//` comment and a block comment are stepped over.

Every answer errs towards "may bind": the program then takes the parse.
"""

from __future__ import annotations

from .gates import IDENTIFIER_BYTES, word_occurrences

# A word just before a name that may make it a binding (a declaration's name), or that
# declares something else with that name: the program takes the parse.
_DECLARING = frozenset(b"function class const let var using enum interface type namespace module "
                       b"declare abstract import infer".split())
# The words that start a list of variable declarators, whose patterns the walk reads.
_DECLARATORS = frozenset(b"const let var using".split())
_WS = frozenset(b" \t\r\n")
_NEWLINES = frozenset(b"\r\n")
# An operator or bracket after which a name is an expression, never a binding.
_EXPRESSION_BEFORE = frozenset(b"=();]}>!&|?+-%^~@#<")
_MAY_END_BINDING = frozenset(b",}]:;!/")
_DOT = b"."


def occurs_as_binding(data: bytes, name: bytes, lo: int) -> bool:
    """Some whole-word occurrence of `name` from `lo` on may be a binding (bytes.find: a
    pattern per name would cost more to compile than to run)."""
    n = len(name)
    return any(_may_bind(data, i, i + n, lo) for i in word_occurrences(data, name, lo))


def _may_bind(data: bytes, i: int, end: int, lo: int) -> bool:
    """Whether the whole-word occurrence data[i:end] of a name may be a binding of a
    declaration (True also when the bytes cannot tell)."""
    after = data[end] if end < len(data) else None
    if after in _WS:
        k, crossed = skip_forward(data, end)
        after = data[k] if k < len(data) else None
    else:
        k, crossed = end, False
    if after == 46:  # "." : a member access (`N.x`, `N?.x` below), never a binding
        return data[k:k + 3] == b"..."
    if after in (91, 96) or after == 63 and data[k + 1:k + 2] == _DOT:  # "[", "`", "?."
        return False
    before = data[i - 1]
    if before not in _WS and before not in IDENTIFIER_BYTES and before in _EXPRESSION_BEFORE \
            and before != 47 and i - 1 > lo:
        return False  # the common `(N`, `<N`, `=N`: an expression
    h = _skip_back(data, i, lo)
    if h is None:
        # after a line with `//` in it: a function's or class's name (`N(`, `N<T>(`) only
        # if that line holds the keyword or a `*` (the line holds the name's real prev)
        return after not in (40, 60) or _line_before_may_declare(data, i)
    if h == lo:  # the first statement after the imports starts with the name
        return False
    before = data[h - 1]
    if before in IDENTIFIER_BYTES:
        return _word_before(data, h) in _DECLARING
    if before == 46:  # "." (a member) or "..." (a rest element: may bind)
        return data[h - 3:h] == b"..." and _ambiguous(data, h - 1, after, k, crossed, lo)
    if before == 58:  # ":" a type annotation, or `key: N` in a pattern (then `,` `}` `=` follow)
        if after is not None and after not in b",}=/" or after == 61 and data[k + 1:k + 2] in (b"=", b">"):
            return False
        return _walk(data, h - 1, lo) and not _expression_follows(data, k, True)
    if before in b",{[":
        return _ambiguous(data, h - 1, after, k, crossed, lo)
    if before == 47:  # "/": `</N` is a JSX closing tag, `//N` a comment's text (or a string's)
        return data[h - 2:h - 1] not in (b"<", b"/")
    if before == 42:  # "*": `function* N`, not `a * N`, `yield* N` or a doc comment's ` * N`
        g = _skip_back(data, h - 1, lo)
        return g is None or g > lo and data[g - 1] in IDENTIFIER_BYTES and _word_before(data, g) == b"function"
    if before >= 128:  # a non-ASCII space hides what is before it; other characters bind nothing
        return _space_before(data, h)
    # a backslash (an escape in a name) may hide a binding; after a quote, a backtick or an
    # operator, a name binds nothing
    return before == 92


def _line_before_may_declare(data: bytes, i: int) -> bool:
    """The last non-blank line before data[i] holds `function`, `class` or `*`."""
    end = i
    while end > 0 and data[end - 1] in _WS:
        end -= 1
    start = max(data.rfind(b"\n", 0, end), data.rfind(b"\r", 0, end)) + 1
    line = data[start:end]
    return b"function" in line or b"class" in line or b"*" in line


def _space_before(data: bytes, h: int) -> bool:
    """The non-ASCII character ending at data[h - 1] is a space (U+00A0, U+FEFF, ...)."""
    j = h - 1
    while j > 0 and 0x80 <= data[j] < 0xC0:
        j -= 1
    char = data[j:h].decode("utf-8", errors="replace")
    return char.isspace() or char in ("\ufeff", "\ufffd")


def _ambiguous(data: bytes, p: int, after, k: int, crossed: bool, lo: int) -> bool:
    """An occurrence after `,`, `{`, `[` or `...` (at data[p]): a binding only if what
    follows may end one and the walk back says so."""
    if not crossed and after is not None and after not in _MAY_END_BINDING:
        if after != 61 or data[k + 1:k + 2] in (b"=", b">"):  # "=" alone: an initialiser or default
            return False
    if after == 33 and data[k + 1:k + 2] == b"=" and not crossed:  # "!=": a comparison
        return False
    return _walk(data, p, lo) and not _expression_follows(data, k, False)


def _walk(data: bytes, p: int, lo: int) -> bool:
    """Walk back from data[p] (the byte before the name) over pattern bytes: True when the
    name may be bound (its keyword reached, or bytes the walk cannot read), False when the
    bracket enclosing it opens an expression, or the walk leaves the statement (`;`), or
    the keyword's one name is followed by `:` with no `,` after it at that level (the name
    is in its type annotation: `const x: { a: N } = ...`)."""
    first_sep = None  # the leftmost `,` or `:` passed at the current level
    comma = False
    while True:
        c = data[p]
        if c in IDENTIFIER_BYTES:
            word = _word_before(data, p + 1)
            if word in _DECLARATORS:
                return True
            h = _skip_back(data, p + 1 - len(word), lo)
            if h is None:
                return True
            if h == lo:  # a statement starts here: no declaration
                return False
            if data[h - 1] in IDENTIFIER_BYTES:  # two words in a row: a keyword and one name?
                return _word_before(data, h) in _DECLARING and not (first_sep == 58 and not comma)
            p = h - 1
            continue
        if c in b",:":
            first_sep = c
            comma = comma or c == 44
        elif c == 46:
            if data[p - 2:p + 1] != b"...":
                return True
            p -= 2
        elif c in b"}]":
            p = _group_start(data, p, lo)
            if p is None:
                return True
        elif c in b"{[":
            h = _skip_back(data, p, lo)
            if h is None:
                return True
            if h == lo:
                return False
            before = data[h - 1]
            if before in IDENTIFIER_BYTES:
                return _word_before(data, h) in _DECLARATORS
            if not (before in b",:[{" or before == 46 and data[h - 3:h] == b"..."):
                return before not in _EXPRESSION_BEFORE or before == 46
            first_sep, comma = None, False  # one level out
        elif c in b"(;" or c == 63 and first_sep == 58 and data[p + 1] == 58:
            return False  # parameters, arguments, a parenthesised expression; another
            # statement; `?:` (an optional property or parameter: a type or parameters)
        else:
            return True
        h = _skip_back(data, p, lo)
        if h is None:
            return True
        if h == lo:
            return False
        p = h - 1


def _expression_follows(data: bytes, k: int, colon: bool) -> bool:
    """What follows the name from data[k] on shows it is in no pattern and no declarator
    list: reading the items after it (`, item`), one of them is a call, a member or a tagged
    template (`f(`, `a.b`, `` t`x` ``, `a[0]`, `a<T>(`), or a `key:` whose value is a call
    (`key: z.array(`), or, for a name after `:` (`colon`: a type at a declaration's level,
    so a binding only in an object pattern), any value but a name or a pattern; or the
    bracket that holds the name closes before `)` or `;`, or a `)` or `;` comes first."""
    n = len(data)
    if k < n and data[k] == 58:  # "N: value": a key; a pattern's is a name or a pattern
        k, _ = skip_forward(data, k + 1)
        return _call_at(data, k)
    for _ in range(64):
        c = data[k] if k < n else None
        if c in (125, 93):  # "}" "]"
            k, _ = skip_forward(data, k + 1)
            return k < n and data[k] in b");"
        if c in (41, 59) and (colon or c == 41):  # ")", and ";" after a type
            return True
        if c != 44:
            return False
        k, _ = skip_forward(data, k + 1)
        if k < n and data[k] in b"}])":
            continue
        j = word_end(data, k)
        if j == k:
            return False
        k, _ = skip_forward(data, j)
        if k < n and data[k] in b"(.`[<" or data[k:k + 2] == b"?:":
            return True  # an expression, or an optional property or parameter (`opts?: T`)
        if k < n and data[k] == 58:
            k, _ = skip_forward(data, k + 1)
            j = word_end(data, k)
            if j == k:
                return colon and k < n and data[k] not in b"{[/"
            if _call_at(data, k):
                return True
            k, _ = skip_forward(data, word_end(data, k))
    return False


def _call_at(data: bytes, k: int) -> bool:
    """data[k:] starts with a call or a tagged template of a name or member chain
    (`z.array(`, ``msg`x` ``): an expression, never a binding target or a type."""
    j = word_end(data, k)
    if j == k or data[k:j] in (b"import", b"typeof", b"new", b"keyof", b"readonly", b"unique",
                               b"infer", b"asserts"):
        return False
    while data[j:j + 1] == _DOT:
        e = word_end(data, j + 1)
        if e == j + 1:
            return False
        j = e
    return data[j:j + 1] in (b"(", b"`")


def word_end(data: bytes, k: int) -> int:
    n = len(data)
    while k < n and data[k] in IDENTIFIER_BYTES:
        k += 1
    return k


def _group_start(data: bytes, p: int, lo: int) -> int | None:
    """The opening bracket of the group data[p] closes, over pattern bytes only."""
    depth = 0
    while p >= lo:
        c = data[p]
        if c in b"}]":
            depth += 1
        elif c in b"{[":
            depth -= 1
            if depth == 0:
                return p
        elif c not in IDENTIFIER_BYTES and c not in _WS and c not in b",:.":
            return None
        p -= 1
    return None


def _word_before(data: bytes, h: int) -> bytes:
    """The identifier ending at data[h - 1]."""
    j = h - 1
    while j > 0 and data[j - 1] in IDENTIFIER_BYTES:
        j -= 1
    return data[j:h]


def skip_forward(data: bytes, k: int) -> tuple[int, bool]:
    crossed = False
    n = len(data)
    while k < n and data[k] in _WS:
        crossed = crossed or data[k] in _NEWLINES
        k += 1
    return k, crossed


def _skip_back(data: bytes, h: int, lo: int) -> int | None:
    """The position just after the last non-blank byte before `h`, over blank lines, block
    comments and lines that hold only a `//` comment; `lo` (where the first statement after the imports
    starts) when there is none after it; None when that byte ends a line that holds `//`
    elsewhere (it may be a comment's)."""
    while True:
        crossed = False
        while h > lo and data[h - 1] in _WS:
            crossed = crossed or data[h - 1] in _NEWLINES
            h -= 1
        if h <= lo:
            return lo
        if data[h - 2:h] == b"*/" and h - 2 > lo:  # a block comment: from its `/*` on
            opening = data.rfind(b"/*", lo, h - 2)
            if opening < 0 or data.rfind(b"/*", 0, opening) > data.rfind(b"*/", 0, opening):
                return None  # another `/*` before it, unclosed: it may start the comment
            h = opening
            continue
        if not crossed:
            return h
        start = max(data.rfind(b"\n", 0, h), data.rfind(b"\r", 0, h)) + 1
        comment = data.find(b"//", start, h)
        if comment < 0:
            return h
        if data[start:comment].strip(b" \t"):
            return None
        h = start
