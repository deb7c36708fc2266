"""Framework conventions of TS/JS (shared/design/handlers.md) applied to one program:
exports with framework meaning (Next.js, Remix, SvelteKit, Astro, Lambda, ...), callbacks
registered on routers (Express, Fastify, Koa, Hono, tRPC, Google/Azure functions),
GraphQL context factories and resolver maps, NestJS decorators, Cloudflare Workers, and
`main()` calls that make a file a script. Each function marks scopes on `Scopes`."""

from __future__ import annotations

from ...facts import Scope, ScopeKind
from ..ts_model import function_name, member_chain, resolve, strip, string_value
from ...vocabulary import frameworks_js as fj
from . import nest, rows
from .exports import exported
from .gates import has_word, starts_word



# -- helpers -----------------------------------------------------------------
_HINTS = (("hono", "Hono"), ("fastify", "Fastify"), ("koa", "Koa"), ("@koa/router", "Koa"),
          ("koa-router", "Koa"), ("express", "Express"))


def framework_hint(s) -> str:
    mods = {b.module for b in s.prog.scopes[0].values() if b.kind == "import" and b.module}
    if not mods:
        return "Express"
    for mod, name in _HINTS:
        if mod in mods or any(m.startswith(mod + "/") for m in mods):
            return name
    return "Express"


# What a program's bytes must hold for the traits-only pass of `mark_all` (build_scopes) to
# add a trait: every trait it adds is listed here with its necessary condition. The traits
# of a program's imports (`import`, `test-harness`) come from its bindings, not from here.
# - `use-server`: the directive `'use server'` (file or function);
# - `cloudflare-worker`: a `cloudflare:workers` import; a Hono app (an import of `hono`,
#   the whole word) reading `c.env` (the property `env`, a whole word); a worker export
#   row (its name a whole word, or its prefix at the start of a word: `onRequestGet`, not
#   `OrganisationRequest`); the call row with a worker, `addEventListener('fetch', ...)`
#   (both whole words: only calls of `addEventListener` are read by the traits-only pass);
#   a default export (the word `default`) of an object with a Workers key (`fetch`, ...).
_EXPORT_WORKER_ROWS = tuple(row for row in fj.EXPORT_ROWS if row.worker is not None)
_EXPORT_WORKER_NAMES = tuple(sorted({name.encode() for row in _EXPORT_WORKER_ROWS
                                     for name in row.names or ()}))
_EXPORT_WORKER_PREFIXES = tuple(sorted({row.prefix.encode() for row in _EXPORT_WORKER_ROWS
                                        if row.prefix}))
_CALL_WORKER_ROWS = tuple((tuple(n.encode() for n in sorted(row.names | row.methods)),
                           tuple(a.encode() for a in sorted(row.first_arg or ())))
                          for row in fj.CALL_ROWS if row.worker is not None)
_TRAIT_PHRASES = (b"use server", b"cloudflare:workers")
_HONO_WORDS = tuple(mod.encode() for mod, name in _HINTS if name == "Hono")
_WORKER_KEYS = tuple(sorted(key.encode() for key in fj.WORKER_EXPORT_KEYS))


def _trait_in_bytes(data: bytes) -> bool:
    if any(phrase in data for phrase in _TRAIT_PHRASES):
        return True
    if has_word(data, _HONO_WORDS) and has_word(data, (b"env",)):
        return True
    if has_word(data, _EXPORT_WORKER_NAMES) or starts_word(data, _EXPORT_WORKER_PREFIXES):
        return True
    return any(has_word(data, names) and (not first or has_word(data, first))
               for names, first in _CALL_WORKER_ROWS)


def may_add_trait_by_bytes(data: bytes) -> bool | None:
    """What the bytes alone say of `may_add_trait`: True or False, or None when it turns
    on whether the default export is an object (a Workers handler: `export default {
    fetch }`), which the tree tells (`may_add_trait`) or light_bytes.default_may_export_object."""
    if _trait_in_bytes(data):
        return True
    if b"default" not in data or not any(key in data for key in _WORKER_KEYS):
        return False
    return None


def may_add_trait(prog) -> bool:
    """False when `mark_all`'s traits-only pass cannot add a trait to this program (its
    bytes, and for a Workers default export its top-level statements, say so)."""
    verdict = may_add_trait_by_bytes(prog.data)
    if verdict is not None:
        return verdict
    return any(name == "default" and strip(value) is not None and strip(value).type == "object"
               for name, value, _ in exported(prog))


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
    function wins, see Scopes.mark). Without `s.marking` (the traits pass) only the
    passes that can yield a trait run, in the same order, so the traits are the same."""
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
    if not s.marking:
        if b"addEventListener" in prog.data:
            for call in prog.nodes("call_expression"):
                mark_call(s, call)
        _use_server_functions(s)
        _hono_worker(s)
        return
    # top-level statements: main() calls, addEventListener, module.exports, ...
    guarded = under_main_guard(s.prog, top)
    for i, stmt in enumerate([*top, *guarded]):
        if stmt.type == "expression_statement" and stmt.named_children:
            expr = strip(stmt.named_children[0])
            if expr is not None and expr.type == "unary_expression":
                expr = strip(expr.named_children[0]) if expr.named_children else None
            if i < len(top):
                check_main_call(s, expr)
                continue
            before, s.calls_own_main = s.calls_own_main, False
            check_main_call(s, expr)
            s.main_guarded |= s.calls_own_main
            s.calls_own_main |= before
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
    _hono_worker(s)
    if s.worker or edge_runtime(s):
        for fid, scope in list(s.marks.items()):
            if scope.kind is ScopeKind.REQUEST:
                s.marks[fid] = Scope(ScopeKind.EDGE_REQUEST, scope.framework, scope.name,
                                        scope.span, health=scope.health)


def _hono_worker(s) -> None:
    if not s.worker and s.framework_hint == "Hono" and reads_bindings(s):
        s.worker = True
        s.traits.append(("cloudflare-worker", None, "Hono handlers read c.env bindings"))


def _use_server_functions(s) -> None:
    """Functions whose body starts with 'use server': Next.js server actions."""
    prog = s.prog
    if b"use server" not in prog.data:
        return
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
    if not keys & fj.WORKER_EXPORT_KEYS or keys & fj.BUN_SERVE_KEYS:
        return False  # no handler, or where to listen: Bun's server object (brio's apps/api)
    s.worker = True
    s.traits.append(("cloudflare-worker", value_s, "export default { fetch }"))
    for m in value_s.named_children:
        key = m.child_by_field_name("name") or m.child_by_field_name("key")
        if key is None or s.prog.text(key) not in fj.WORKER_EXPORT_KEYS:
            continue
        fn_value = m if m.type == "method_definition" else m.child_by_field_name("value")
        s.mark(fn_value, ScopeKind.EDGE_REQUEST, "Cloudflare Workers", s.prog.text(key))
    return True


def under_main_guard(prog, top) -> list:
    """The statements of a top-level `if (require.main === module)`, `if (import.meta.main)`
    or `if (process.argv[1] === fileURLToPath(import.meta.url))` (JavaScript's `if __name__
    == "__main__":`): what they call runs when the file is run as a program."""
    out = []
    for stmt in top:
        cond = stmt.child_by_field_name("condition") if stmt.type == "if_statement" else None
        text = prog.text(cond).replace(" ", "") if cond is not None else ""
        if not any(g in text for g in fj.MAIN_GUARDS):
            continue
        body = stmt.child_by_field_name("consequence")
        out.extend(body.named_children if body is not None and body.type == "statement_block" else
                   [body] if body is not None else [])
    return out


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


def mark_call(s, call) -> None:
    """A call that registers handlers, by vocabulary.frameworks_js.CALL_ROWS (rows.py); and
    the members of objects passed to calls CALL_PROPERTY_ROWS names (NextAuth's authorize)."""
    fn = strip(call.child_by_field_name("function"))
    if fn is None:
        return
    # Most calls of a program name no row: they are rejected by their callee's last word
    # (its bytes: a method's is its property's, the last segment of its member_chain)
    # before the chain or the arguments are read (rows.MARKING_NAMES / MARKING_METHODS).
    data = s.prog.data
    if fn.type == "identifier":
        if data[fn.start_byte:fn.end_byte] not in _MARKING_NAMES:
            return
        name = s.prog.text(fn)
    elif fn.type == "member_expression":
        prop = fn.child_by_field_name("property")
        if prop is None or data[prop.start_byte:prop.end_byte] not in _MARKING_METHODS:
            return
        root, segments = member_chain(s.prog, fn)
        method = segments[-1]
    else:
        return
    args = call.child_by_field_name("arguments")
    if args is None:
        return
    argv = [a for a in args.named_children if a.type != "comment"]
    if fn.type == "identifier":
        rows.mark_call_properties(s, name, argv)
        rows.mark_call_rows(s, call, argv, name=name)
    else:
        rows.mark_call_rows(s, call, argv, method=method, root=root,
                            receiver=strip(fn.child_by_field_name("object")))


def mark_pair(s, pair) -> None:
    """A property by rows.PAIR_ROWS; rejected by its key's bytes (quotes stripped, as the
    key's text is for the rows) when no row has that key, before its value is read."""
    key = pair.child_by_field_name("key")
    if key is None or s.prog.data[key.start_byte:key.end_byte].strip(b"'\"") not in _PAIR_KEYS:
        return
    value = pair.child_by_field_name("value")
    if value is None:
        return
    rows.mark_pair_row(s, s.prog.text(key).strip("'\""), value)


# The words above as bytes: a word is compared before its text is decoded (a name's
# UTF-8 bytes are a row word's bytes exactly when its text is that word).
_MARKING_NAMES = frozenset(w.encode() for w in rows.MARKING_NAMES)
_MARKING_METHODS = frozenset(w.encode() for w in rows.MARKING_METHODS)
_PAIR_KEYS = frozenset(k.encode() for k in rows.PAIR_KEYS)



