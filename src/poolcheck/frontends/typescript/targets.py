"""Where a TS/JS pass can find something, read from the tree at the bytes that can start it
(`root.descendant_for_byte_range` at each occurrence of a word), not by visiting every
node: the same idea as the cheap path (light.py), for the passes of the full path.

- **Calls by callee name** (`calls_named`): the calls whose callee chain (`a.b.c(...)`,
  through parentheses, `!`, `as T`, `await` and string subscripts, as
  `ts_model.member_chain` reads it) holds a token at one of the given words. A pass that
  acts only on calls whose callee names one of a few words (`$transaction`, `$connect`,
  `concat`, a transaction wrapper) gets a superset of them from the occurrences of those
  words and judges each exactly as before, in tree order, instead of judging every call.
- **Gates refined on the tree** (`refine`): the byte gates (gates.py) open a pass whenever
  a word occurs anywhere; on the tree, a pass whose every occurrence is inert (a type, a
  comment, a string) or whose calls are none can be proven to find nothing, and is
  skipped; a program whose passes are all proven empty takes the cheap path after all.

tests/test_ts_targets.py compares every lookup with the visit it replaces over generated
programs (seeded and derandomised).
"""

from __future__ import annotations

import re

from ...vocabulary.clients import (JS_LIFECYCLE, JS_QUERY_METHODS, JS_RAW_METHODS, JS_TRANSACTION,
                                   JS_TRANSACTION_CLIENT_TYPES)
from ..ts_model import FUNCTION_TYPES, WRAPPERS, Program, function_name, strip
from ..ts_tree import in_tree_order
from .gates import Gates, word_occurrences, wrapper_spans
from .nest import module_decorators

# Between a name of a callee chain and its call: member and subscript expressions, the
# wrappers `strip` removes, and the string of a subscript (`x["findMany"]`).
_CHAIN = WRAPPERS | frozenset({"member_expression", "subscript_expression", "string", "template_string"})


def word_tokens(root, data: bytes, word: bytes) -> list:
    """The nodes spanning exactly an occurrence of `word` that no identifier byte touches
    (an identifier, a property, a string fragment: any token whose text is the word)."""
    out = []
    n = len(word)
    for i in word_occurrences(data, word):
        node = root.descendant_for_byte_range(i, i + n)
        if node is not None and node.start_byte == i and node.end_byte == i + n:
            out.append(node)
    return out


def wrapper_tokens(root, data: bytes) -> list:
    """The nodes holding a match of vocabulary.clients.JS_TRANSACTION_WRAPPER's spelling in
    the bytes (the positions gates.has_call's wrapper branches find): every name that
    matches the pattern holds one."""
    out = (root.descendant_for_byte_range(start, end) for start, end in wrapper_spans(data.lower()))
    return [node for node in out if node is not None]


def calls_of(tokens) -> list:
    """The calls whose callee chain holds one of `tokens`, once each, in tree order."""
    found = {}
    for node in tokens:
        child, parent = node, node.parent
        while parent is not None and parent.type in _CHAIN:
            child, parent = parent, parent.parent
        if parent is not None and parent.type == "call_expression":
            fn = parent.child_by_field_name("function")
            if fn is not None and fn.id == child.id:
                found[parent.id] = parent
    return in_tree_order(list(found.values()))


def calls_named(root, data: bytes, words) -> list:
    """The calls whose callee chain holds a token that is one of `words` (bytes)."""
    return calls_of(t for w in words for t in word_tokens(root, data, w))


# What analyser.dispatch_call acts on: a lifecycle method or `$transaction` (the callee's
# last segment), `Promise.all`/`allSettled` (the chain's root), or a transaction wrapper.
_DISPATCH_WORDS = tuple(sorted(m.encode() for m in JS_LIFECYCLE)) + (JS_TRANSACTION.encode(), b"Promise")


def dispatch_calls(root, data: bytes) -> list:
    """A superset of the calls `analyser.dispatch_call` acts on, in tree order."""
    tokens = [t for w in _DISPATCH_WORDS for t in word_tokens(root, data, w)]
    tokens.extend(wrapper_tokens(root, data))
    return calls_or_callbacks(root, data, tokens)


def calls_or_callbacks(root, data: bytes, tokens) -> list:
    """The calls whose callee chain holds one of `tokens`, and those `callback_calls` finds
    (a callback that may query its parameter: a wrapper judged by what it does), once
    each, in tree order."""
    found = {c.id: c for c in calls_of(tokens)}
    found.update((c.id, c) for c in callback_calls(root, data))
    return in_tree_order(list(found.values()))


# A callback that uses its first parameter as a Prisma client holds a query method or the
# client's type name (`wrappers._client_callback`), so the calls it may be handed to
# (`wrappers.pending_callback`: `runAtomic(async (tx) => ...)`) are found from those words.
_CLIENT_WORDS = tuple(sorted(m.encode() for m in JS_QUERY_METHODS | JS_RAW_METHODS)) + \
    tuple(t.encode() for t in JS_TRANSACTION_CLIENT_TYPES)


def callback_calls(root, data: bytes) -> list:
    """Every call with an inline function argument holding a token of `_CLIENT_WORDS`. The
    climb from each token stops where an earlier one went (the rest is that one's)."""
    found, climbed, named = {}, set(), set()
    for w in _CLIENT_WORDS:
        for node in word_tokens(root, data, w):
            child, parent = node, node.parent
            while parent is not None and parent.id not in climbed:
                climbed.add(parent.id)
                if parent.type == "arguments" and parent.parent is not None and \
                        parent.parent.type == "call_expression":
                    inner = strip(child)
                    if inner is not None and inner.type in FUNCTION_TYPES:
                        found[parent.parent.id] = parent.parent
                elif parent.type in FUNCTION_TYPES and parent.parent is not None and parent.parent.type in _TOP_HOLDERS:
                    named.add(parent)   # `async function settle(tx)`: handed by name, maybe
                child, parent = parent, parent.parent
    for fn in named:   # the calls with the function's name as an argument (`runAtomic(settle)`)
        name = function_name(Program(data=data, root=root), fn)
        for token in word_tokens(root, data, name.encode()) if name else ():
            holder = token.parent
            while holder is not None and holder.type in WRAPPERS:
                holder = holder.parent
            if holder is not None and holder.type == "arguments" and holder.parent is not None and \
                    holder.parent.type == "call_expression":
                found[holder.parent.id] = holder.parent
    return list(found.values())


# Where a module-level function sits: a declaration (exported or not) or a const's value.
_TOP_HOLDERS = frozenset({"program", "export_statement", "variable_declarator"})


# -- gates refined on the tree -------------------------------------------------------------
_CLASS_WORDS = (b"PrismaClient", b"Pool")  # gates._CLASS_WORDS
_ADAPTER_BYTES = b"@prisma/adapter-"
_APPENDED = re.compile(rb"[\"'`}][?&]")  # gates._APPENDED_PATTERN
# Tokens that never name a value: `ts_model.class_of` reads identifiers and member chains of
# expressions, and a string key or specifier keeps its quotes in the names it makes.
_INERT = frozenset({"type_identifier", "comment", "string_fragment"})


def classes_possible(root, data: bytes) -> bool:
    """Whether `class_of` could find a client, pool or adapter class anywhere in the
    program (so whether the classes passes could add a fact or a local client class).
    It needs a binding whose imported name is `PrismaClient` or `Pool` (or a `Prisma*`
    class of a `@prisma/adapter-*` module, whose specifier is in the bytes) used as a
    value: so an occurrence of the name, or of the local name an import gives it, that
    is not inert. An import specifier's own name is not a use; any other position
    (`new Pool()`, `extends PrismaClient`, `{ Pool } = require('pg')`, `pg.Pool`,
    `export { PrismaClient }`) counts."""
    if _ADAPTER_BYTES in data:
        return True
    names, seen = list(_CLASS_WORDS), set(_CLASS_WORDS)
    while names:
        word = names.pop()
        for i in word_occurrences(data, word):
            end = i + len(word)
            node = root.descendant_for_byte_range(i, end)
            if node is None:
                return True
            if node.type not in _INERT:
                spec = node.parent if node.type == "identifier" else None
                if spec is None or spec.type != "import_specifier" or \
                        node.start_byte != i or node.end_byte != end:
                    return True
                alias = spec.child_by_field_name("alias")
                if alias is not None and alias.id != node.id:
                    local = data[alias.start_byte:alias.end_byte]
                    if local not in seen:
                        seen.add(local)
                        names.append(local)
    return False


def appended_possible(root, data: bytes) -> bool:
    """Whether the appended-query passes (urls.plus_concatenations, template_concatenations,
    concat_calls, search_params) could find anything: a `.searchParams.set` or `.append`
    (the `searchParams` property of a member, through wrappers), or a
    string or template fragment that starts with `?` or `&` right after its quote or a
    substitution's `}` (where the byte gate's pattern matched) with a `=` before the end
    of its literal. Every fact of theirs appends such a text (`"?" ... "="`)."""
    for node in word_tokens(root, data, b"searchParams"):
        if node.type != "property_identifier":
            continue  # search_params reads `<member>.searchParams.set(...)` only
        owner = node.parent
        while owner is not None and owner.parent is not None and owner.parent.type in WRAPPERS:
            owner = owner.parent
        method = owner.parent if owner is not None else None
        if method is not None and method.type == "member_expression":
            prop = method.child_by_field_name("property")
            if prop is not None and data[prop.start_byte:prop.end_byte] in (b"set", b"append"):
                return True
    for m in _APPENDED.finditer(data):
        start = m.start() + 1
        fragment = root.descendant_for_byte_range(start, start + 1)
        if fragment is None or fragment.type != "string_fragment" or fragment.start_byte != start:
            continue
        literal = fragment.parent
        end = literal.end_byte if literal is not None else fragment.end_byte
        if data.find(b"=", start, end) >= 0:
            return True
    return False


def refine(g: Gates, root, data: bytes) -> Gates:
    """`g` with the gates closed whose passes the tree proves empty: the classes passes
    when `classes_possible` says no (and with them the global-cache pass, as
    `gates.file_gates` does when the bytes close the classes gate: PC102 reads a
    `GlobalCacheAccess` only beside a construction of the same file, and none can be
    built); the appended-query passes when `appended_possible` says no, the NestJS pass
    when `nest_possible` does. For a program
    that is one file (`file_gates`). The calls gate: `analyser.refined_gates`, which
    asks `dispatch_call`'s own decision of each of `dispatch_calls`."""
    if g.classes and not classes_possible(root, data):
        g = g._replace(classes=False, globals=False)
    if g.appended and not appended_possible(root, data):
        g = g._replace(appended=False)
    if g.nest and not nest_possible(root, data):
        g = g._replace(nest=False)
    return g


def decorators(root, data: bytes) -> list:
    """Every decorator of the tree, from the `@` that starts each."""
    out = []
    i = data.find(b"@")
    while i >= 0:
        node = root.descendant_for_byte_range(i, i + 1)
        parent = node.parent if node is not None and node.type == "@" else None
        if parent is not None and parent.type == "decorator" and parent.start_byte == i:
            out.append(parent)
        i = data.find(b"@", i + 1)
    return out


def nest_possible(root, data: bytes) -> bool:
    """Whether nest.providers could find anything: a `@Module({...})` or
    `@Injectable({...})` decorator (an `@Injectable()` without options says nothing)."""
    shell = Program(data=data, root=root)
    return any(True for _ in module_decorators(shell, decorators(root, data)))
