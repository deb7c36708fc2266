"""The TS/JS analyser: parses a program, reports a syntax error only when the arbiter
(errors.py) confirms it, builds the file's scopes and context, and runs the passes in
order: classes, client names, traits, global caches, NestJS providers, constructions,
calls (lifecycle, transactions, parallel queries), URLs.

Error-tolerant: a file with syntax errors still yields facts for the parts that parse,
plus a ParseProblem (PC900) for the first error once a conformant parser has confirmed it:
tree-sitter-typescript rejects some valid TypeScript, and on such a file the recovered
tree is analysed and nothing is said about syntax.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from ...facts import FileFacts, ParseProblem, Scope, Trait
from ...core.sources import Source
from ...urlmodel.schemes import _SERVER_URL as SERVER_URL  # the one list of URL schemes
from ..ts_model import GLOBAL_OBJECTS, build, member_chain, strip
from . import caches, clients, constructions, lifecycle, nest, queries, transactions, urls
from .clients import LIFECYCLE
from .context import TsFile
from .errors import is_declaration_file, mismatched_jsx_closings, syntax_error
from .scopes import build_scopes
from .symbols import extract as extract_symbols, seeds_link


# What each pass of `run` needs in the file's bytes to find anything: a pass whose
# pattern does not occur is skipped (most files that reach the parse only import the
# client and query it, and yield nothing but their imports; the passes would visit every
# call, member expression and string for nothing). Each pattern is a necessary condition
# of the pass's facts, as the pass reads them from the tree: a client class is the name
# `PrismaClient` or `Pool` or comes from `@prisma/adapter-*`; lifecycle and transaction
# methods are spelled out, and a fan-out is `Promise.all` (`Promise?.all`,
# `Promise["all"]`, spaces and line breaks between); a global object is the name
# `globalThis`, `global`, `window` or `self`, or a name bound to one; NestJS modules and
# providers are decorated with `Module(...)` / `Injectable(...)`; a connection URL
# literal starts with a scheme `looks_like_connection_url` accepts; a query appended to
# an environment read (`env`, `getEnv`) starts a literal (`"?`, `` `& ``), follows a
# substitution (`}?`) or goes through `searchParams`.
_CLASS_WORDS = (b"PrismaClient", b"Pool")
_CALL_PATTERN = re.compile(rb"\$(?:connect|disconnect|use|on|transaction)\b")
_FAN_OUT_PATTERN = re.compile(rb"Promise\s*(?:\??\.\s*|\[\s*[\"'`])all")
_GLOBAL_WORDS = tuple(name.encode() for name in sorted(GLOBAL_OBJECTS))
_NEST_WORDS = (b"Module", b"Injectable")
_URL_PATTERN = re.compile(SERVER_URL.pattern.lstrip("^").encode(), re.IGNORECASE)
_APPENDED_PATTERN = re.compile(rb"[\"'`}][?&]")
_IDENTIFIER_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$")


def has_word(data: bytes, words) -> bool:
    """One of `words` occurs as a whole identifier (bytes.find: a regular expression with
    word boundaries tries every position in Python's engine, 50x slower)."""
    for word in words:
        i = data.find(word)
        while i >= 0:
            end = i + len(word)
            if (i == 0 or data[i - 1] not in _IDENTIFIER_BYTES) and \
                    (end == len(data) or data[end] not in _IDENTIFIER_BYTES):
                return True
            i = data.find(word, i + 1)
    return False


def grammar_for(kind: str, path: PurePosixPath) -> str:
    if kind == "typescript" and path.suffix in (".ts", ".mts", ".cts"):
        return "typescript"
    return "tsx"


def analyse(source: Source, settings, symbols: bool = False) -> FileFacts:
    """The file's facts; its symbols too when asked (`symbols`: the linker's closure) or
    when the file seeds the link (a transaction, a client built or connected in a function)."""
    path = PurePosixPath(source.path.as_posix())
    language = "javascript" if source.kind == "javascript" else "typescript"
    facts = FileFacts(path=source.path, language=language)
    tf = analyse_program(source.data, grammar_for(source.kind, path), path, source.span, facts)
    if symbols or seeds_link(facts):
        facts.symbols = extract_symbols(tf)  # the linker's view of the file, from the same tree
    return facts


def analyse_with_symbols(source: Source, settings) -> FileFacts:
    return analyse(source, settings, symbols=True)


def analyse_program(data: bytes, grammar: str, path: PurePosixPath, span, facts: FileFacts,
                    module_scope: Scope | None = None, prog=None) -> TsFile:
    """Add the facts of one program to `facts`; `span(start_byte, end_byte)` maps positions
    (embedded code passes a buffer whose byte offsets are the host file's). `prog`: the
    program already built from `data` (prisma.config.ts reads its config from the same tree)."""
    prog = prog if prog is not None else build(data, grammar)
    # tree-sitter's verdict alone is not enough either way: see errors.py
    mismatched = mismatched_jsx_closings(prog.by_type.get("jsx_element", ()), data)
    if prog.root.has_error or mismatched:
        problem = syntax_error(prog.root, data, grammar, is_declaration_file(path.name), mismatched)
        if problem is not None:
            facts.add(ParseProblem(span(problem.start_byte, problem.end_byte),
                                   f"{problem.message}; the rest of the file was still checked"))
    scopes = build_scopes(prog, path, span, module_scope, facts.path)
    tf = TsFile(prog, path, span, facts, scopes)
    run(tf)
    return tf


def run(tf) -> None:
    data = tf.prog.data
    classes = has_word(data, _CLASS_WORDS) or b"@prisma/adapter-" in data
    calls = _CALL_PATTERN.search(data) is not None or \
        b"Promise" in data and _FAN_OUT_PATTERN.search(data) is not None
    if classes:
        constructions.classes(tf)
    if calls:  # the client-like names are read only by the lifecycle/transaction passes
        clients.collect_clientlike(tf)
    for name, node, detail in tf.scopes.traits:
        tf.facts.add(Trait(name, tf.span(node) if node is not None else None, detail))
    if has_word(data, _GLOBAL_WORDS):
        caches.global_caches(tf)
    if has_word(data, _NEST_WORDS):
        nest.providers(tf)
    if classes:
        for node in tf.prog.nodes("new_expression"):
            constructions.construction(tf, node)
    if calls:
        for call in tf.prog.nodes("call_expression"):
            dispatch_call(tf, call)
    literals = b"://" in data and _URL_PATTERN.search(data) is not None
    appended = (b"env" in data or b"Env" in data) and (
        _APPENDED_PATTERN.search(data) is not None or b"searchParams" in data)
    if literals or appended:
        urls.scan_urls(tf, literals, appended)


# -- calls ---------------------------------------------------------------------------
def dispatch_call(tf, call) -> None:
    fn = strip(call.child_by_field_name("function"))
    if fn is None or fn.type != "member_expression":
        return
    root, segments = member_chain(tf.prog, fn)
    method = segments[-1] if segments else ""
    receiver = strip(fn.child_by_field_name("object"))
    if method in LIFECYCLE:
        lifecycle.lifecycle(tf, call, method, receiver)
    elif method == "$transaction":
        transactions.transaction(tf, call, receiver)
    elif method in ("all", "allSettled") and root is not None and tf.text(root) == "Promise":
        queries.parallel(tf, call)


