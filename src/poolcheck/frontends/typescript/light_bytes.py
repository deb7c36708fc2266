"""The cheap path's byte summary: the import bindings of a TS/JS program that can yield only
its import traits, read from its bytes, with no parse, whenever the bytes prove what the
parse would show (light.py falls back to the parse when they do not).

`bindings(data)` returns the program's import bindings, (local name, module specifier) in
source order, or None. It proves, from the bytes alone:

- **the import statements**: the program starts with a *header* of whitespace, comments,
  a hashbang, directive strings (`'use client'`) and import statements, each read by one
  strict pattern (`import [type] default, {a, type b as c} | * as ns from 'spec'`, ended by
  `;`, a line break, a line comment or the end); after the header, the word `import` occurs
  only as `import(` or `import.meta` (a dynamic import binds no name): another import
  statement, `import x =` or the word in a string or a comment refuses the program. A
  specifier with a backslash or a quote,
  import attributes, a comment inside a statement, a name that is a keyword or bound twice
  also end the header or refuse the program.
- **no declaration binds an imported name that decides a trait** (light._declared_elsewhere's
  question, for the names `deciding_names` gives: those of the project's and the test
  harnesses' specifiers): each whole-word occurrence of such a name after the header is
  classified by the bytes around it (binding_sites.occurs_as_binding), erring towards
  "may bind".
- **the rest of the conditions on the bytes**: no JS line separator (U+2028/9) and no HTML
  comment (`<!--`, `-->`), which would change where comments end; and, for
  `frameworks.may_add_trait`'s one question that needs the tree (is the default export an
  object?), the bytes after each `default` (`default_may_export_object`).

What the summary does not do, by decision: decide whether the program is free of syntax
errors. A program the bytes settle is not parsed, so PC900 says nothing about it, as for a
file the prefilter drops (docs/rules/PC900.md, "What it leaves alone").

tests/test_ts_light_bytes.py compares `bindings` with the parse over generated programs and
the test suite's real-shaped files.
"""

from __future__ import annotations

import re

from ...vocabulary.layout import is_test_harness_module
from .binding_sites import occurs_as_binding, skip_forward, word_end
from .exports import is_project_import
from .gates import IDENTIFIER_BYTES, word_occurrences

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
_LINE_SEPARATORS = (b"\xe2\x80\xa8", b"\xe2\x80\xa9")  # U+2028, U+2029 end a line comment


def bindings(data: bytes) -> list[tuple[str, str]] | None:
    """The import bindings (local name, specifier) of `data` in source order, or None when
    the bytes cannot prove them all and that no declaration binds one of their deciding
    names (`deciding_names`)."""
    if b"<!--" in data or b"-->" in data or not data.isascii() and any(s in data for s in _LINE_SEPARATORS):
        return None
    header = _header(data)
    if header is None:
        return None
    pos, found = header
    if _import_statement_may_follow(data, pos):
        return None
    for name in deciding_names(found):
        if occurs_as_binding(data, name.encode(), pos):
            return None
    return found


def deciding_names(found: list[tuple[str, str]]) -> list[str]:
    """The imported names whose bindings decide the import traits (light._add_import_traits):
    those imported from a specifier that `exports.project_imports` keeps or that is a test
    harness (`test_harness_import`). The model adds a program's imports after its
    declarations, so a module-level declaration of an imported name keeps the import's
    binding but moves it to the declaration's place in the module scope, ahead of the other
    imports (ts_model._collect_bindings), and a declaration in a function binds in another
    scope: either way, a name from any other specifier (`react`, `zod`, `@prisma/client`)
    adds no trait and moves none."""
    return [name for name, spec in found if is_project_import(spec) or is_test_harness_module(spec)]


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
        items = named.split(b",")
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
    for i in word_occurrences(data, b"import", pos):
        k, _ = skip_forward(data, i + 6)
        if k == len(data) or data[k] not in b"(.":
            return True
    return False


# After a whole-word `default`, bytes that cannot start an object (`export default {`,
# `export default ({ ... })`, `export default <T>{ ... }`): `default:` in a switch or an
# object, `{ x as default }`, `mod.default.x`.
_NOT_AN_OBJECT_AFTER_DEFAULT = frozenset(b":,};)].")


def default_may_export_object(data: bytes) -> bool:
    """Whether some `export default` may export an object (`frameworks.may_add_trait`
    reads a Workers handler there): True unless every whole-word `default` is followed by
    a word other than `await` (`function`, `class`, a name) or by one of the bytes above."""
    for i in word_occurrences(data, b"default"):
        k, _ = skip_forward(data, i + 7)
        after = data[k] if k < len(data) else None
        if after is not None and after in IDENTIFIER_BYTES:
            if data[k:word_end(data, k)] == b"await":
                return True
        elif after is not None and after not in _NOT_AN_OBJECT_AFTER_DEFAULT:
            return True
    return False
