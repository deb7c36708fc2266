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

from pathlib import PurePosixPath

from ...facts import FileFacts, ParseProblem, PendingTransaction, Scope, Trait
from ...core.sources import Source
from ..ts_model import Program, build, member_chain, strip
from ..ts_tree import parse
from . import caches, clients, constructions, lifecycle, light, nest, queries, standalone, targets, \
    transactions, urls, wrappers
from .clients import LIFECYCLE
from .context import TsFile
from .gates import Gates, file_gates, gates
from .errors import is_declaration_file, mismatched_jsx_closings, syntax_error
from .scopes import build_scopes
from .symbols import extract as extract_symbols, seeds_link


def grammar_for(kind: str, path: PurePosixPath) -> str:
    if kind == "typescript" and path.suffix in (".ts", ".mts", ".cts"):
        return "typescript"
    return "tsx"


def analyse(source: Source, settings, symbols: bool = False, cheap: bool = True) -> FileFacts:
    """The file's facts; its symbols too when asked (`symbols`: the linker's closure) or
    when the file seeds the link (a transaction, a client built or connected in a function).
    A program that can only yield its import traits takes the cheap path (light.py) unless
    `cheap` is False (the tests compare the two): by its bytes, or by the gates its tree
    refines (targets.refine: a pass the tree proves empty is skipped on the full path too)."""
    path = PurePosixPath(source.path.as_posix())
    language = "javascript" if source.kind == "javascript" else "typescript"
    facts = FileFacts(path=source.path, language=language)
    grammar = grammar_for(source.kind, path)
    allowed = file_gates(source.data)
    prog = None
    byte_gates = allowed
    if cheap and not symbols:
        done, tree = light.imports_only(source.data, grammar, facts, allowed)
        if done:  # only import traits: no symbols either (seeds_link needs more facts)
            return facts
        tree = tree if tree is not None else parse(source.data, grammar)
        allowed = refined_gates(allowed, tree.root_node, source.data)
        if allowed != byte_gates and light.imports_only(source.data, grammar, facts, allowed, tree)[0]:
            return facts
        prog = build(source.data, grammar, tree, deferred_kinds(allowed))
    tf = analyse_program(source.data, grammar, path, source.span, facts, prog=prog, allowed=allowed)
    if symbols or seeds_link(facts):
        if byte_gates.calls and not allowed.calls:  # the linker reads the client-like names too
            clients.collect_clientlike(tf)
        facts.symbols = extract_symbols(tf)  # the linker's view of the file, from the same tree
    return facts


def analyse_with_symbols(source: Source, settings) -> FileFacts:
    return analyse(source, settings, symbols=True)


def analyse_program(data: bytes, grammar: str, path: PurePosixPath, span, facts: FileFacts,
                    module_scope: Scope | None = None, prog=None, allowed: Gates | None = None) -> TsFile:
    """Add the facts of one program to `facts`; `span(start_byte, end_byte)` maps positions
    (embedded code passes a buffer whose byte offsets are the host file's). `prog`: the
    program already built from `data` (prisma.config.ts reads its config from the same tree);
    `allowed`: the passes to run (default `gates.gates(data)`)."""
    if prog is None:
        prog = build(data, grammar, deferred=deferred_kinds(allowed if allowed is not None else gates(data)))
    # tree-sitter's verdict alone is not enough either way: see errors.py
    mismatched = mismatched_jsx_closings(prog.nodes("jsx_element"), data)
    if prog.root.has_error or mismatched:
        problem = syntax_error(prog.root, data, grammar, is_declaration_file(path.name), mismatched)
        if problem is not None:
            facts.add(ParseProblem(span(problem.start_byte, problem.end_byte),
                                   f"{problem.message}; the rest of the file was still checked"))
    scopes = build_scopes(prog, path, span, module_scope, facts.path)
    tf = TsFile(prog, path, span, facts, scopes)
    run(tf, allowed)
    return tf


# The indexed node types only some passes of `run` read, with the gates that open those
# passes (urls: literals, appended; caches: globals; nest). A program whose gates close
# all of a type's passes leaves it out of its index (ts_tree.index): the model captures
# it only if another reader asks (frameworks.reads_bindings reads members in a Hono app).
_KINDS_BY_GATE = (("string", ("literals",)), ("template_string", ("literals", "appended")),
                  ("binary_expression", ("appended",)), ("member_expression", ("globals",)),
                  ("decorator", ("nest",)))


def deferred_kinds(g: Gates) -> frozenset:
    """The indexed types no pass that `g` opens reads (_KINDS_BY_GATE)."""
    return frozenset(kind for kind, opened_by in _KINDS_BY_GATE
                     if not any(getattr(g, name) for name in opened_by))


def run(tf, allowed: Gates | None = None) -> None:
    g = allowed if allowed is not None else gates(tf.prog.data)
    if g.classes:
        constructions.classes(tf)
    if g.calls:  # the client-like names are read only by the lifecycle/transaction passes
        clients.collect_clientlike(tf)
    for name, node, detail in tf.scopes.traits:
        tf.facts.add(Trait(name, tf.span(node) if node is not None else None, detail))
    if g.globals:
        caches.global_caches(tf)
    if g.nest:
        nest.providers(tf)
    if g.classes:
        for node in tf.prog.nodes("new_expression"):
            constructions.construction(tf, node)
    if g.calls:  # the calls dispatch_call may act on, found from their callees' words
        for call in targets.dispatch_calls(tf.prog.root, tf.prog.data):
            dispatch_call(tf, call)
    if g.literals or g.appended:
        urls.scan_urls(tf, g.literals, g.appended)
    if standalone.standalone_script(tf):  # a script by its shape; the project decides (rules.helpers.scripts)
        tf.facts.add(Trait(standalone.TRAIT, None, None))
    elif standalone.exporting_client_module(tf):  # PC103: a library module, if anything loads it
        tf.facts.add(Trait(standalone.EXPORTS_TRAIT, None, None))


# -- calls ---------------------------------------------------------------------------
def dispatch_call(tf, call) -> None:
    target = dispatch_target(tf, call)
    if target is None:
        return
    kind, node, method = target
    if kind == "wrapper":   # the project's own `withTransaction(async (tx) => ...)`
        transactions.transaction(tf, call, None, node)
    elif kind == "pending":   # `runAtomic(async (tx) => ...)`: a transaction if runAtomic opens one
        start = len(tf.facts.facts)
        transactions.transaction(tf, call, None, node)
        tf.facts.facts[start:] = [PendingTransaction(tf.span(call), method, tuple(tf.facts.facts[start:]))]
        tf.facts.__dict__.pop("_by_kind", None)
    elif kind == "lifecycle":
        lifecycle.lifecycle(tf, call, method, node)
    elif kind == "transaction":
        transactions.transaction(tf, call, node)
    else:
        queries.parallel(tf, call)


def dispatch_target(tf, call):
    """What `dispatch_call` does with `call`, decided from the tree alone (no binding is
    resolved, so `refined_gates` asks it before the model is built): ("wrapper", callback,
    None), ("lifecycle", receiver, method), ("transaction", receiver, None), ("fan-out",
    None, None), ("pending", callback, its argument index) or None. `tf`: anything with the program and its `text`."""
    wrapped = wrappers.wrapper_callback(tf, call)
    if wrapped is not None:
        return "wrapper", wrapped, None
    fn = strip(call.child_by_field_name("function"))
    if fn is None or fn.type != "member_expression":
        return _pending(tf, call)
    root, segments = member_chain(tf.prog, fn)
    method = segments[-1] if segments else ""
    if method in LIFECYCLE:
        return "lifecycle", strip(fn.child_by_field_name("object")), method
    if method == "$transaction":
        return "transaction", strip(fn.child_by_field_name("object")), None
    if method in ("all", "allSettled") and root is not None and tf.text(root) == "Promise" \
            and queries.fan_out_mapper(tf, call) is not None:
        return "fan-out", None, None
    return _pending(tf, call)


def _pending(tf, call):
    got = wrappers.pending_callback(tf, call)
    return ("pending", got[0], got[1]) if got is not None else None


class _Tree:
    """What `dispatch_target` reads of a program before its model: the bytes and the tree."""

    def __init__(self, data: bytes, root):
        self.prog = Program(data=data, root=root)
        self.text = self.prog.text


def refined_gates(g: Gates, root, data: bytes) -> Gates:
    """`targets.refine`, and the calls gate closed when no call is one `dispatch_call`
    acts on (the client-like names it also collects serve only those calls and the
    symbols: `analyse` collects them for the symbols when it closes the gate)."""
    g = targets.refine(g, root, data)
    if g.calls:
        tree = _Tree(data, root)
        if not any(dispatch_target(tree, call) is not None for call in targets.dispatch_calls(root, data)):
            g = g._replace(calls=False)
    return g
