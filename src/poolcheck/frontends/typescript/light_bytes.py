"""The cheap path's byte summary: the import bindings of a TS/JS program that can yield only
its import traits, read from its bytes, with no parse, whenever the bytes prove what the
parse would show (light.py falls back to the parse when they do not).

`bindings(data)` returns the program's import bindings, (local name, module specifier) in
source order, or None. It proves, from the bytes alone:

- **the import statements**: the program starts with a *header* of whitespace, comments,
  a hashbang, directive strings (`'use client'`) and import statements, each read by one
  strict pattern (`import [type] default, {a, type b as c} | * as ns from 'spec'`, ended by
  `;`, a line break, a line comment or the end); after the header, the word `import` does
  not occur at all (another import statement, `import(`, `import.meta`, `import x =`, or
  the word in a string or comment: all refused). A specifier with a backslash or a quote,
  import attributes, a comment inside a statement, a name that is a keyword or bound twice
  also end the header or refuse the program.
- **no declaration binds an imported name** (light._declared_elsewhere's question): each
  whole-word occurrence of an imported name after the header is classified by the bytes
  around it (`_may_bind`). A binding name of a function or class declaration or a variable
  declarator is preceded by its keyword, `*`, `,`, `{`, `[`, `:` or `...`, or by a comment;
  an occurrence after `.`, `<`, `(`, `=`, an operator or any other word, or followed by
  `.`, `?.`, `[` or a backtick, binds nothing. An occurrence after `,`, `{`, `[`, `:` or `...`
  followed by what may end a binding (`,`, `}`, `]`, `=`, `:`, `;`, `!`, a line break) is
  walked back over pattern bytes (names, `,`, `:`, `...`, brackets) to the keyword it
  belongs to (a binding) or to the bracket that opens it, whose left side says whether that
  bracket opens a pattern (after a keyword, or nested in one) or an expression (after `=`,
  `(`, `return`, `>`, ...). Anything else met on the way (a string, a comment, a default
  value) refuses the program. The walk never trusts bytes at the end of a line holding
  `//`: they may be a comment's.
- **the rest of the conditions on the bytes**: no JS line separator (U+2028/9) and no HTML
  comment (`<!--`, `-->`), which would change where comments end.

What the summary does not do, by decision: decide whether the program is free of syntax
errors. A program the bytes settle is not parsed, so PC900 says nothing about it, as for a
file the prefilter drops (docs/rules/PC900.md, "What it leaves alone").

tests/test_ts_light_bytes.py compares `bindings` with the parse over generated programs and
the test suite's real-shaped files.
"""

from __future__ import annotations

import re

from .gates import _IDENTIFIER_BYTES

_S = rb"[ \t\r\n]*"
_S1 = rb"[ \t\r\n]+"
_ID = rb"[A-Za-z_$][\w$]*(?![\w$])"
# One import statement at the header's position (`re.match`): the bindings' groups, then the
# end of the statement. A type-only import names `type` before its clause.
_IMPORT = re.compile(
    rb"import(?![\w$])" + _S
    + rb"(?:(?P<type>type)(?![\w$])" + _S + rb"(?=[{*A-Za-z_$]))?"
    + rb"(?:(?P<default>" + _ID + rb")" + _S + rb"(?P<comma>," + _S + rb")?)?"
    + rb"(?:\{(?P<named>[^}]*)\}" + _S + rb"|\*" + _S + rb"as" + _S1 + rb"(?P<ns>" + _ID + rb")" + _S + rb")?"
    + rb"(?(default)from(?![\w$])|(?(named)from(?![\w$])|(?(ns)from(?![\w$]))))" + _S
    + rb"""(?P<q>['"])(?P<spec>[^'"\\\r\n]*)(?P=q)[ \t]*(?:;|(?=[\r\n]|//)|\Z)""")
_NAMED_ITEM = re.compile(rb"(?:(type)" + _S1 + rb")?(" + _ID + rb")(?:" + _S1 + rb"as" + _S1 + rb"(" + _ID + rb"))?")
_SKIP = re.compile(rb"(?:[ \t\r\n]+|//[^\r\n]*|/\*.*?\*/)*", re.S)
_DIRECTIVE = re.compile(rb"""(?:'[^'\\\r\n]*'|"[^"\\\r\n]*")[ \t]*(?:;|(?=[\r\n])|\Z)""")
# Names that are keywords or contextual words of TS/JS: as an import's local name the parse
# may read them otherwise (`import { type } from`), so such a program takes the parse.
_KEYWORDS = frozenset(
    b"break case catch class const continue debugger default delete do else enum export extends "
    b"false finally for function if import in instanceof new null return super switch this throw "
    b"true try typeof var void while with yield let static implements interface package private "
    b"protected public await async type as from of get set declare abstract module namespace "
    b"satisfies infer keyof readonly unique is asserts accessor override using require global "
    b"any number string boolean symbol object never unknown undefined bigint".split())
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
_NO_PARSE_WORDS = re.compile(rb"\xe2\x80[\xa8\xa9]|<!--|-->")
_DOT, _OPEN_BRACE, _OPEN_BRACKET, _COLON, _COMMA = b".", b"{", b"[", b":", b","


def bindings(data: bytes) -> list[tuple[str, str]] | None:
    """The import bindings (local name, specifier) of `data` in source order, or None when
    the bytes cannot prove them all and that no declaration binds one of their names."""
    if _NO_PARSE_WORDS.search(data) is not None:
        return None
    header = _header(data)
    if header is None:
        return None
    pos, found = header
    if _import_statement_may_follow(data, pos):
        return None
    for name, _ in found:
        if _occurs_as_binding(data, name.encode(), pos):
            return None
    return found


def _header(data: bytes):
    """(end of the header, its bindings), or None when a binding cannot be read."""
    found: list[tuple[str, str]] = []
    names: set[bytes] = set()
    pos = _SKIP.match(data, _hashbang_end(data)).end()
    while True:
        m = _DIRECTIVE.match(data, pos)
        if m is None:
            m = _IMPORT.match(data, pos)
            if m is None:
                return pos, found
            locals_ = _locals(m)
            if locals_ is None:
                return None
            spec = m.group("spec").decode("utf-8", errors="replace")
            for name in locals_:
                if name in names or name in _KEYWORDS:
                    return None
                names.add(name)
                found.append((name.decode("ascii"), spec))
        pos = _SKIP.match(data, m.end()).end()


def _hashbang_end(data: bytes) -> int:
    if not data.startswith(b"#!"):
        return 0
    end = data.find(b"\n")
    return len(data) if end < 0 else end


def _locals(m) -> list[bytes] | None:
    """The local names one import statement binds, in order; None when its clause is not
    one the pattern reads exactly (a comma without a second clause, `type` with both a
    default and named bindings, an item that is not `[type] name [as alias]`)."""
    default, named, ns = m.group("default"), m.group("named"), m.group("ns")
    if m.group("comma") is not None and named is None and ns is None:
        return None
    if m.group("type") is not None and default is not None and (named is not None or ns is not None):
        return None
    out = [default] if default is not None else []
    if ns is not None:
        out.append(ns)
    if named is not None:
        items = named.split(_COMMA)
        if items and not items[-1].strip():
            items.pop()  # a trailing comma
        for item in items:
            im = _NAMED_ITEM.fullmatch(item.strip())
            if im is None or im.group(1) is not None and im.group(2) == b"as" and im.group(3) is None:
                return None
            out.append(im.group(3) or im.group(2))
    return out


def _import_statement_may_follow(data: bytes, pos: int) -> bool:
    """The word `import` occurs from `pos` on, other than as `import(` or `import.`
    (a dynamic import, `import.meta`: neither binds a name)."""
    i = data.find(b"import", pos)
    while i >= 0:
        end = i + 6
        if (i == 0 or data[i - 1] not in _IDENTIFIER_BYTES) and \
                (end == len(data) or data[end] not in _IDENTIFIER_BYTES):
            k, _ = _skip_forward(data, end)
            if k == len(data) or data[k] not in b"(.":
                return True
        i = data.find(b"import", end)
    return False


def _occurs_as_binding(data: bytes, name: bytes, lo: int) -> bool:
    """Some whole-word occurrence of `name` from `lo` on may be a binding (bytes.find: a
    pattern per name would cost more to compile than to run)."""
    find = data.find
    n = len(name)
    size = len(data)
    i = find(name, lo)
    while i >= 0:
        end = i + n
        if data[i - 1] not in _IDENTIFIER_BYTES and (end == size or data[end] not in _IDENTIFIER_BYTES) \
                and _may_bind(data, i, end, lo):
            return True
        i = find(name, end)
    return False


def _may_bind(data: bytes, i: int, end: int, lo: int) -> bool:
    """Whether the whole-word occurrence data[i:end] of a name may be a binding of a
    declaration (True also when the bytes cannot tell)."""
    after = data[end] if end < len(data) else None
    if after in _WS:
        k, crossed = _skip_forward(data, end)
        after = data[k] if k < len(data) else None
    else:
        k, crossed = end, False
    if after == 46:  # "." : a member access (`N.x`, `N?.x` below), never a binding
        return data[k:k + 3] == b"..."
    if after in (91, 96) or after == 63 and data[k + 1:k + 2] == _DOT:  # "[", "`", "?."
        return False
    before = data[i - 1]
    if before not in _WS and before not in _IDENTIFIER_BYTES and before in _EXPRESSION_BEFORE \
            and before != 47 and i - 1 > lo:
        return False  # the common `(N`, `<N`, `=N`: an expression
    h = _skip_back(data, i, lo)
    if h is None:
        return True
    if h == lo:  # the first statement after the imports starts with the name
        return False
    before = data[h - 1]
    if before in _IDENTIFIER_BYTES:
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
    # "*" (`function* N`), a backslash or a byte of a non-ASCII space: may hide a binding;
    # after a quote, a backtick or an operator, a name binds nothing
    return before == 42 or before == 92 or before >= 128


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
        if c in _IDENTIFIER_BYTES:
            word = _word_before(data, p + 1)
            if word in _DECLARATORS:
                return True
            h = _skip_back(data, p + 1 - len(word), lo)
            if h is None:
                return True
            if h == lo:  # a statement starts here: no declaration
                return False
            if data[h - 1] in _IDENTIFIER_BYTES:  # two words in a row: a keyword and one name?
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
            if before in _IDENTIFIER_BYTES:
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
    for _ in range(64):
        c = data[k] if k < n else None
        if c in (125, 93):  # "}" "]"
            k, _ = _skip_forward(data, k + 1)
            return k < n and data[k] in b");"
        if c in (41, 59) and (colon or c == 41):  # ")", and ";" after a type
            return True
        if c != 44:
            return False
        k, _ = _skip_forward(data, k + 1)
        if k < n and data[k] in b"}])":
            continue
        j = _word_end(data, k)
        if j == k:
            return False
        k, _ = _skip_forward(data, j)
        if k < n and data[k] in b"(.`[<":
            return True
        if k < n and data[k] == 58:
            k, _ = _skip_forward(data, k + 1)
            j = _word_end(data, k)
            if j == k:
                return colon and k < n and data[k] not in b"{[/"
            if data[k:j] in (b"import", b"typeof", b"new", b"keyof", b"readonly", b"unique", b"infer", b"asserts"):
                return False
            while data[j:j + 1] == _DOT:
                e = _word_end(data, j + 1)
                if e == j + 1:
                    return False
                j = e
            if data[j:j + 1] in (b"(", b"`"):
                return True
            k, _ = _skip_forward(data, j)
    return False


def _word_end(data: bytes, k: int) -> int:
    n = len(data)
    while k < n and data[k] in _IDENTIFIER_BYTES:
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
        elif c not in _IDENTIFIER_BYTES and c not in _WS and c not in b",:.":
            return None
        p -= 1
    return None


def _word_before(data: bytes, h: int) -> bytes:
    """The identifier ending at data[h - 1]."""
    j = h - 1
    while j > 0 and data[j - 1] in _IDENTIFIER_BYTES:
        j -= 1
    return data[j:h]


def _skip_forward(data: bytes, k: int) -> tuple[int, bool]:
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


# After a whole-word `default`, bytes that cannot start an object (`export default {`,
# `export default ({ ... })`, `export default <T>{ ... }`): `default:` in a switch or an
# object, `{ x as default }`, `mod.default.x`.
_NOT_AN_OBJECT_AFTER_DEFAULT = frozenset(b":,};)].")


def default_may_export_object(data: bytes) -> bool:
    """Whether some `export default` may export an object (`frameworks.may_add_trait`
    reads a Workers handler there): True unless every whole-word `default` is followed by
    a word other than `await` (`function`, `class`, a name) or by one of the bytes above."""
    i = data.find(b"default")
    while i >= 0:
        end = i + 7
        if (i == 0 or data[i - 1] not in _IDENTIFIER_BYTES) and \
                (end == len(data) or data[end] not in _IDENTIFIER_BYTES):
            k, _ = _skip_forward(data, end)
            after = data[k] if k < len(data) else None
            if after is not None and after in _IDENTIFIER_BYTES:
                if data[k:_word_end(data, k)] == b"await":
                    return True
            elif after is not None and after not in _NOT_AN_OBJECT_AFTER_DEFAULT:
                return True
        i = data.find(b"default", end)
    return False
