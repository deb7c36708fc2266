"""A file shaped like a standalone script (handlers.md "Script scope"): it does its work
at its own top level and shares its process with nothing of the project.

`node add-cols.js`, `node api/verify-user.mjs`: such a file exports nothing (no module
can use it, no framework loads an export of it) unless it runs its `main()` only under a
main guard (`if (process.argv[1] === fileURLToPath(import.meta.url))`: importing it runs
nothing), imports no module of the project (its process holds nothing else of the
project: transport-backend's server.js, which connects in an IIFE, imports the app and
stays a process of the app) unless it ends its process's work when its run is done
(`main().finally(() => prisma.$disconnect())`, `.then(() => process.exit(0))`: a server's
entry never does), registers no handler and is no Worker, and runs at load time: a
top-level `await`, a promise chain started at the top level
(`c.connect().then(...).catch(...)`), a function expression called on the spot
(`(async () => { ... })()`) or a `main()` it calls itself.

The front-end only says the file is so shaped (Trait "standalone-script"); whether it is
a script is the project's question (rules.helpers.scripts): no module may import it and
no platform may name it as a function. Only a file that builds a client or holds a
connection URL is asked: the trait matters for nothing else, and such a file never takes
the import-only path (light.py), whose facts must equal the full path's.
"""

from __future__ import annotations

from ...facts import CLIENT_MODULE_EXPORTS, STANDALONE_SCRIPT, ClientConstruction, UrlLiteral
from ..ts_model import FUNCTION_TYPES, is_prisma_module, strip
from ...vocabulary.layout import PROJECT_IMPORT_PREFIXES
from .exports import exported, is_project_import
from .frameworks import under_main_guard

TRAIT = STANDALONE_SCRIPT
EXPORTS_TRAIT = CLIENT_MODULE_EXPORTS   # a file that builds a client and exports something
_CHAIN_METHODS = frozenset({"then", "catch", "finally"})
_ENDS = ("$disconnect", "process.exit", ".end()")   # what a script's last step calls


def standalone_script(tf) -> bool:
    facts = tf.facts
    if not any(True for _ in facts.of(ClientConstruction)) and \
            not any(u.origin == "code" for u in facts.of(UrlLiteral)):
        return False
    prog = tf.prog
    scopes = tf.scopes
    scopes._ensure_marks()
    if scopes.worker or scopes.registered_elsewhere or scopes.module_scope.per_request or \
            any(m.per_request for m in scopes.marks.values()):
        return False
    if next(iter(exported(prog)), None) is not None and not scopes.main_guarded:
        return False
    if _imports_project(prog) and not _ends_when_done(prog):
        return False
    return scopes.calls_own_main or any(_runs_at_load(prog, stmt) for stmt in prog.root.named_children)


def exporting_client_module(tf) -> bool:
    """The file builds a client and exports something: a library module, loaded only by
    what imports it (PC103 asks whether anything does)."""
    if not any(True for _ in tf.facts.of(ClientConstruction)) or next(iter(exported(tf.prog)), None) is None:
        return False
    scopes = tf.scopes
    scopes._ensure_marks()   # a module that serves (a route file) is loaded by its framework
    return not scopes.module_scope.per_request and not any(m.per_request for m in scopes.marks.values())


def _imports_project(prog) -> bool:
    """An import binding or a bare `import './x'` / `require('./x')` of a project module."""
    if any(b.kind == "import" and b.module and is_project_import(b.module) and not _generated_client(b.module)
           for b in prog.scopes[0].values()):
        return True
    for stmt in prog.root.named_children:
        source = None
        if stmt.type == "import_statement" and not any(c.type == "import_clause" for c in stmt.named_children):
            source = stmt.child_by_field_name("source")   # bare: the bindings are read above
        elif stmt.type == "expression_statement" and stmt.named_children:
            call = strip(stmt.named_children[0])
            if call is not None and call.type == "call_expression" and \
                    prog.text(call.child_by_field_name("function") or call) == "require":
                args = call.child_by_field_name("arguments")
                source = args.named_children[0] if args is not None and args.named_children else None
        # a bare import runs a module for its side effects: a project's only by a relative or
        # alias path (`import 'dotenv/config'`, `require('reflect-metadata')` are packages')
        if source is not None and source.type == "string" and \
                prog.text(source).strip("'\"`").startswith(PROJECT_IMPORT_PREFIXES):
            return True
    return False


def _ends_when_done(prog) -> bool:
    """A run started at the top level (or under a main guard) that disconnects or exits once
    it is done: `.finally(() => prisma.$disconnect())`, `.then(() => process.exit(0))`, or a
    top-level `await prisma.$disconnect()` / `process.exit()`."""
    top = prog.root.named_children
    for stmt in [*top, *under_main_guard(prog, top)]:
        if stmt.type != "expression_statement" or not stmt.named_children:
            continue
        expr = strip(stmt.named_children[0])
        if expr is not None and expr.type in ("await_expression", "unary_expression") and expr.named_children:
            expr = strip(expr.named_children[0])
        while expr is not None and expr.type == "call_expression":
            fn = strip(expr.child_by_field_name("function"))
            if fn is None or fn.type != "member_expression":
                break
            prop = prog.text(fn.child_by_field_name("property") or fn)
            if prop in ("$disconnect", "exit") and prog.text(fn).endswith(("$disconnect", "process.exit")):
                return True
            if prop in ("then", "finally") and any(
                    w in prog.text(expr.child_by_field_name("arguments") or fn) for w in _ENDS):
                return True
            expr = strip(fn.child_by_field_name("object"))
    return False


def _runs_at_load(prog, stmt) -> bool:
    """A top-level statement that does work when the module loads: an `await` outside
    every function, or a promise chain or an immediately called function expression."""
    if stmt.type == "expression_statement" and stmt.named_children:
        expr = strip(stmt.named_children[0])
        if expr is not None and expr.type == "unary_expression" and expr.named_children:
            expr = strip(expr.named_children[0])  # void main()
        if _chain_or_iife(prog, expr):
            return True
    return _await_outside_functions(stmt)


def _chain_or_iife(prog, expr) -> bool:
    chained = False
    while expr is not None and expr.type == "call_expression":
        fn = strip(expr.child_by_field_name("function"))
        if fn is None:
            return False
        if fn.type in FUNCTION_TYPES:
            return True
        if fn.type != "member_expression":
            return chained
        prop = fn.child_by_field_name("property")
        if prop is None or prog.text(prop) not in _CHAIN_METHODS:
            return chained
        chained = True
        expr = strip(fn.child_by_field_name("object"))
    return chained and expr is not None and expr.type == "call_expression"


def _await_outside_functions(node) -> bool:
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == "await_expression" or n.type == "for_in_statement" and \
                any(c.type == "await" for c in n.children):
            return True
        stack.extend(c for c in n.named_children if c.type not in FUNCTION_TYPES and c.type != "class_body")
    return False


def _generated_client(module: str) -> bool:
    """`./generated/client`, `../generated/prisma`: the project's generated Prisma client,
    which a script imports like `@prisma/client` (no module of the app's process)."""
    return "generated" in module.split("/") and is_prisma_module(module)

