"""The Python analyser: builds a file's context and runs the passes in order (functions,
framework scopes, propagated scopes, then the facts in source order)."""

from __future__ import annotations

import libcst as cst

from ...facts import STANDALONE_SCRIPT, ClientCall, FileFacts, ScopeKind, Trait
from ...vocabulary import clients as c
from . import clients, frameworks, functions, lifecycle, parallel, scopes, transactions, urls
from .context import PyFile
from .functions import _REGISTER


def run(source, facts: FileFacts, settings, module: cst.Module, line_of=None, tree=None) -> None:
    """Add the facts of one parsed module to `facts`; `line_of` maps the lines of a
    reduced big file back to the file's; `tree` is CPython's tree of the same text."""
    pf = PyFile(source, facts, settings, module, line_of, tree)
    functions.collect(pf, pf.module)
    frameworks.classify(pf)
    scopes.propagate(pf)
    facts_pass(pf)
    if self_run_script(facts):
        facts.add(Trait(STANDALONE_SCRIPT, None, None))   # PC103, the file's role: helpers.scripts
    for node in pf.index.calls:
        if isinstance(node.func, cst.Attribute) and node.func.attr.value == "format":
            urls.format_call(pf, node)
        elif isinstance(node.func, cst.Attribute) and node.func.attr.value == "_replace":
            urls.replace_query(pf, node)


# `if __name__ == "__main__": asyncio.run(main())` around a main that disconnects the
# client once its work is done, in a module that serves nothing: a maintenance script
# wherever it sits (handlers.md "Script scope"), a process of its own if nothing imports it.
_SERVING = frozenset({ScopeKind.REQUEST, ScopeKind.EDGE_REQUEST, ScopeKind.STARTUP, ScopeKind.TEARDOWN})


def self_run_script(facts: FileFacts) -> bool:
    ends = False
    for f in facts.facts:
        kind = getattr(getattr(f, "scope", None), "kind", None)
        if kind in _SERVING:
            return False
        if isinstance(f, ClientCall) and f.method == "disconnect" and kind is ScopeKind.SCRIPT:
            ends = True
    return ends


# -- pass 4: facts ----------------------------------------------------------------
def facts_pass(pf: PyFile) -> None:
    if pf.harness is not None and scopes.file_kind(pf.path) is None:
        pf.facts.add(Trait("test-harness", None, pf.harness))  # rules.file_role
    pf.g_clients = any(functions.is_construction(pf, c) and clients.g_target(pf, c) is not None
                         for c in pf.index.calls)
    # Every node of the file passes here: the kinds are told by their exact class (the
    # parser makes no subclass of them), where isinstance goes through LibCST's ABC check
    # five times a node (6 % of a gated file's analysis).
    for node in pf.index.order:
        cls = type(node)
        if cls is cst.Call:
            if functions.is_construction(pf, node):
                clients.construction(pf, node)
                continue
            func = node.func
            if isinstance(func, cst.Attribute) and func.attr.value in c.PY_LIFECYCLE \
                    and pf.code(func.value) in pf.client_keys:
                lifecycle.lifecycle(pf, node, func.attr.value, pf.code(func.value))
            elif f"prisma.{c.PY_REGISTER}" in pf.import_qnames(func, _REGISTER) and node.args:
                lifecycle.lifecycle(pf, node, "register", pf.code(node.args[0].value))
            elif node.args and node.args[0].star == "*":   # `asyncio.gather(*[...])` (PC205)
                parallel.parallel(pf, node)
            elif node.args:   # `await in_tx(create_order)`: a wrapper's body, maybe
                transactions.pending_call(pf, node)
        elif cls is cst.WithItem:
            call = node.item
            if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) \
                    and call.func.attr.value == c.PY_TRANSACTION:
                transactions.transaction(pf, node, call)
            elif isinstance(call, cst.Call):   # `async with in_tx() as tx:`, a wrapper's maybe
                transactions.pending(pf, node, call)
        elif cls is cst.SimpleString or cls is cst.ConcatenatedString:
            urls.url_literal(pf, node)
        elif cls is cst.FormattedString:
            urls.fstring_concat(pf, node)
        elif cls is cst.BinaryOperation:
            urls.binop_concat(pf, node)


