"""Framework conventions of TS/JS (shared/design/handlers.md) applied to one program:
exports with framework meaning (Next.js, Remix, SvelteKit, Astro, Lambda, ...), callbacks
registered on routers (Express, Fastify, Koa, Hono, tRPC, Google/Azure functions),
GraphQL context factories and resolver maps, NestJS decorators, Cloudflare Workers, and
`main()` calls that make a file a script. Each function marks scopes on `Scopes`."""

from __future__ import annotations

from ...facts import Scope, ScopeKind
from ..ts_model import FUNCTION_TYPES, function_name, member_chain, resolve, strip, string_value
from ...vocabulary import frameworks_js as fj
from . import nest, rows
from .exports import exported

# The vocabulary spells scope kinds as their values; the passes compare ScopeKind members.
TEST_HOOKS = {name: ScopeKind(kind) for name, kind in fj.TEST_HOOKS.items()}
ROUTE_METHODS, FASTIFY_HOOKS = fj.ROUTE_METHODS, fj.FASTIFY_HOOKS
EVENT_HANDLER_CALLS = fj.EVENT_HANDLER_CALLS


# -- helpers -----------------------------------------------------------------
def framework_hint(s) -> str:
    mods = {b.module for b in s.prog.scopes[0].values() if b.kind == "import" and b.module}
    for mod, name in (("hono", "Hono"), ("fastify", "Fastify"), ("koa", "Koa"),
                      ("@koa/router", "Koa"), ("koa-router", "Koa"), ("express", "Express")):
        if mod in mods or any(m.startswith(mod + "/") for m in mods):
            return name
    return "Express"


# -- marking -----------------------------------------------------------------
def _use_server_file(s) -> bool:
    """'use server' among the directives at the top of the file (a trait per directive)."""
    found = False
    for stmt in s.prog.root.named_children:
        if stmt.type == "expression_statement" and stmt.named_children \
                and stmt.named_children[0].type == "string":
            if string_value(s.prog, stmt.named_children[0]) == "use server":
                found = True
                s.traits.append(("use-server", stmt, "file"))
            continue
        if stmt.type != "comment":
            break
    return found


def mark_all(s) -> None:
    """The framework passes over one program, in a fixed order (the first mark of a
    function wins, see Scopes.mark)."""
    prog = s.prog
    top = prog.root.named_children
    use_server = _use_server_file(s)
    for b in prog.scopes[0].values():
        if b.kind == "import" and b.module == "cloudflare:workers":
            s.worker = True
            s.traits.append(("cloudflare-worker", b.node, "cloudflare:workers import"))
    # exports
    for name, value, anchor in exported(s.prog):
        mark_export(s, name, value, anchor, use_server)
    # top-level statements: main() calls, addEventListener, module.exports, ...
    for stmt in top:
        if stmt.type == "expression_statement" and stmt.named_children:
            expr = strip(stmt.named_children[0])
            if expr is not None and expr.type == "unary_expression":
                expr = strip(expr.named_children[0]) if expr.named_children else None
            check_main_call(s, expr)
    # every call in the file: route registrations, hooks, wrappers
    for call in prog.nodes("call_expression"):
        mark_call(s, call)
    for pair in prog.nodes("pair"):
        mark_pair(s, pair)
    for decl in prog.nodes("variable_declarator"):
        name = decl.child_by_field_name("name")
        if name is not None and prog.text(name) in ("createContext", "createTRPCContext",
                                                     "createInnerTRPCContext"):
            s.mark(decl.child_by_field_name("value"), ScopeKind.REQUEST, "tRPC context")
        if name is not None and prog.text(name) == "resolvers":
            rows.mark_resolver_map(s, decl.child_by_field_name("value"))
    for fn in prog.nodes("function_declaration"):
        name = fn.child_by_field_name("name")
        if name is not None and prog.text(name) in ("createContext", "createTRPCContext"):
            s.mark(fn, ScopeKind.REQUEST, "tRPC context")
    for cls in prog.nodes("class_declaration", "class"):
        nest.mark_class(s, cls)
    _use_server_functions(s)
    rows.mark_param_types(s)
    if not s.worker and s.framework_hint == "Hono" and reads_bindings(s):
        s.worker = True
        s.traits.append(("cloudflare-worker", None, "Hono handlers read c.env bindings"))
    if s.worker or edge_runtime(s):
        for fid, scope in list(s.marks.items()):
            if scope.kind is ScopeKind.REQUEST:
                s.marks[fid] = Scope(ScopeKind.EDGE_REQUEST, scope.framework, scope.name,
                                        scope.span)


def _use_server_functions(s) -> None:
    """Functions whose body starts with 'use server': Next.js server actions."""
    prog = s.prog
    for fn in prog.functions.values():
        body = fn.child_by_field_name("body")
        if body is not None and body.type == "statement_block" and body.named_children:
            first = body.named_children[0]
            if first.type == "expression_statement" and first.named_children and \
                    string_value(prog, first.named_children[0]) == "use server":
                s.mark(fn, ScopeKind.REQUEST, "Next.js server action")
                s.traits.append(("use-server", first, function_name(prog, fn) or ""))


def edge_runtime(s) -> bool:
    """Next.js route segment config `export const runtime = 'edge'`: the handlers run on
    an edge runtime, where a client per request is the documented pattern."""
    prog = s.prog
    for stmt in prog.root.named_children:
        decl = stmt.child_by_field_name("declaration") if stmt.type == "export_statement" else None
        if decl is None or decl.type != "lexical_declaration":
            continue
        for d in decl.named_children:
            if d.type != "variable_declarator":
                continue
            name, value = d.child_by_field_name("name"), d.child_by_field_name("value")
            if name is not None and prog.text(name) == "runtime" and \
                    string_value(prog, value) in ("edge", "experimental-edge"):
                return True
    return False


def reads_bindings(s) -> bool:
    """`c.env.X` in a Hono app: Workers bindings, so the handlers run on Workers."""
    for node in s.prog.nodes("member_expression"):
        prop = node.child_by_field_name("property")
        obj = strip(node.child_by_field_name("object"))
        if prop is not None and s.prog.text(prop) == "env" and obj is not None \
                and obj.type == "identifier" and s.prog.text(obj) in ("c", "ctx", "context"):
            return True
    return False


def mark_export(s, name, value, anchor, use_server: bool) -> None:
    """An export with framework meaning: a Workers `export default { fetch }`, else the
    first row of vocabulary.frameworks_js.EXPORT_ROWS it matches (rows.py)."""
    if name == "default" and _worker_default_export(s, value):
        return
    rows.mark_export_row(s, name, value, anchor, use_server)


def _worker_default_export(s, value) -> bool:
    """`export default { fetch, scheduled, ... }`: a Cloudflare Worker's entry points."""
    value_s = strip(value)
    if value_s is None or value_s.type != "object":
        return False
    keys = {s.prog.text(m.child_by_field_name("name") or m.child_by_field_name("key") or m)
            for m in value_s.named_children if m.type in ("method_definition", "pair")}
    keys |= {s.prog.text(m) for m in value_s.named_children
             if m.type == "shorthand_property_identifier"}
    if not keys & fj.WORKER_EXPORT_KEYS:
        return False
    s.worker = True
    s.traits.append(("cloudflare-worker", value_s, "export default { fetch }"))
    for m in value_s.named_children:
        key = m.child_by_field_name("name") or m.child_by_field_name("key")
        if key is None or s.prog.text(key) not in fj.WORKER_EXPORT_KEYS:
            continue
        fn_value = m if m.type == "method_definition" else m.child_by_field_name("value")
        s.mark(fn_value, ScopeKind.EDGE_REQUEST, "Cloudflare Workers", s.prog.text(key))
    return True


def check_main_call(s, expr) -> None:
    """`main()`, `main().catch(...).finally(...)`, `void main()`, `await main()`."""
    while expr is not None and expr.type == "call_expression":
        fn = strip(expr.child_by_field_name("function"))
        if fn is None:
            return
        if fn.type == "identifier":
            b = resolve(s.prog, s.prog.text(fn), fn)
            if b is not None and s.functions_of(fn):
                s.calls_own_main = True
                for f in s.functions_of(fn):
                    s.marks.setdefault(f.id, Scope(ScopeKind.SCRIPT, None, s.prog.text(fn),
                                                      s.fn_span(f)))
            return
        if fn.type == "member_expression":
            expr = strip(fn.child_by_field_name("object"))
            continue
        return


def _mark_named_call(s, call, fn, argv) -> None:
    """Calls of a plain name: test hooks, Nitro event handlers, Hono `createMiddleware`,
    `addEventListener('fetch', ...)`, Astro `defineAction`/`defineMiddleware`."""
    prog = s.prog
    R = ScopeKind.REQUEST
    name = prog.text(fn)
    rows.mark_call_properties(s, name, argv)
    if name in TEST_HOOKS:
        for a in argv:
            s.mark(a, TEST_HOOKS[name], "tests", name)
    elif name in EVENT_HANDLER_CALLS:
        for a in argv:
            if strip(a) is not None and strip(a).type == "object":
                for m in strip(a).named_children:
                    if m.type == "pair" and prog.text(m.child_by_field_name("key")) == "handler":
                        s.mark(m.child_by_field_name("value"), R, "Nuxt / Nitro", name)
            else:
                s.mark(a, R, "Nuxt / Nitro", name)
    elif name == "createMiddleware":
        for a in argv:
            s.mark(a, R, "Hono", name)
    elif name == "addEventListener" and argv and string_value(prog, argv[0]) == "fetch":
        s.worker = True
        s.traits.append(("cloudflare-worker", call, "addEventListener('fetch')"))
        for a in argv[1:]:
            s.mark(a, ScopeKind.EDGE_REQUEST, "Cloudflare Workers", "fetch")
    elif name in ("defineAction", "defineMiddleware"):
        for a in argv:
            mark_handler_property(s, a, "Astro", name)
            if name == "defineMiddleware":
                s.mark(a, R, "Astro middleware", name)


def mark_call(s, call) -> None:
    prog = s.prog
    fn = strip(call.child_by_field_name("function"))
    args = call.child_by_field_name("arguments")
    if fn is None or args is None:
        return
    argv = [a for a in args.named_children if a.type != "comment"]
    R = ScopeKind.REQUEST
    if fn.type == "identifier":
        _mark_named_call(s, call, fn, argv)
        return
    if fn.type != "member_expression":
        return
    root, segments = member_chain(prog, fn)
    method = segments[-1] if segments else ""
    receiver = strip(fn.child_by_field_name("object"))
    if method == "addHook" and argv and string_value(prog, argv[0]) in FASTIFY_HOOKS:
        for a in argv[1:]:
            s.mark(a, R, "Fastify", string_value(prog, argv[0]))
        return
    if method in ("http", "cloudEvent") and root is not None and prog.text(root) in (
            "functions", "ff") and argv:
        for a in argv[1:]:
            s.mark(a, R, "Google Cloud Functions", string_value(prog, argv[0]))
        return
    if method in ("http", "timer", "storageQueue", "serviceBusQueue", "eventHub") and len(argv) >= 2 \
            and string_value(prog, argv[0]) is not None:
        mark_handler_property(s, argv[1], "Azure Functions", string_value(prog, argv[0]))
        return
    if method in ("query", "mutation", "subscription") and argv:
        if receiver is not None and receiver.type in ("call_expression", "member_expression",
                                                      "identifier") and not_a_db(s, root):
            for a in argv:
                s.mark(a, R, "tRPC", method)
        return
    if method == "route" and argv:
        mark_handler_property(s, argv[0], s.framework_hint, "route")
    if method in ROUTE_METHODS and not_a_db(s, root):
        if method == "on" and s.framework_hint != "Hono":
            return
        # `handlers.list` (a member of an imported module or object): the linker binds it
        if any(strip(a) is not None and strip(a).type in FUNCTION_TYPES | {"identifier", "call_expression",
                                                                       "member_expression"}
               for a in argv):
            for a in argv:
                if string_value(prog, a) is None:
                    s.mark(a, R, s.framework_hint, None)
                    if strip(a) is not None and strip(a).type == "object":
                        mark_handler_property(s, a, s.framework_hint, method)


def not_a_db(s, root) -> bool:
    """Route registration receivers are apps and routers, never clients or pools."""
    if root is None:
        return True
    text = s.prog.text(root)
    return not text.startswith("$") and "prisma" not in text.lower() and text not in (
        "pool", "db", "client", "tx", "Promise", "Object", "Reflect", "Map", "cache", "map",
        "headers", "searchParams", "params", "formData", "url")


def mark_handler_property(s, obj, framework, name) -> None:
    obj = strip(obj)
    if obj is None or obj.type != "object":
        return
    for m in obj.named_children:
        key = m.child_by_field_name("key") if m.type == "pair" else m.child_by_field_name("name")
        if key is None or s.prog.text(key) != "handler":
            continue
        s.mark(m.child_by_field_name("value") if m.type == "pair" else m,
                  ScopeKind.REQUEST, framework, name)


def mark_pair(s, pair) -> None:
    key = pair.child_by_field_name("key")
    value = pair.child_by_field_name("value")
    if key is None or value is None:
        return
    rows.mark_pair_row(s, s.prog.text(key).strip("'\""), value)



