"""nestjs-cls's transactional plugin (`@nestjs-cls/transactional`, vocabulary
`JS_CLS_TRANSACTIONAL`): which calls open an interactive transaction and which member
chains are its client, for the transaction pass (transactions.py) and the symbols.

- `@Transactional()` on a method: the method is the body (the decorator's call is the
  transaction's place);
- `this.txHost.withTransaction(fn)` (any arity: propagation, options, fn) on a field typed
  `TransactionHost` from the plugin: `fn` is the body;
- `this.txHost.tx` (and a field injected with `@InjectTransaction()`) is the transaction's
  client, whatever the transaction that holds it: the plugin binds it in CLS.
A propagation that runs without a transaction (`Propagation.NotSupported`, ...) opens none."""

from __future__ import annotations

from ...vocabulary.clients import JS_CLS_TRANSACTIONAL as CLS
from ..ts_model import FUNCTION_TYPES, member_chain, strip


def _from_plugin(an, node, name: str) -> bool:
    """`node` (an identifier) is the plugin's export `name`, by the file's imports (read from
    the tree alone: `analyser.refined_gates` asks before any binding is resolved)."""
    if node is None or node.type not in ("identifier", "type_identifier"):
        return False
    return _imports(an.prog).get(an.text(node)) == name


def _imports(prog) -> dict:
    """local name -> imported name of the plugin's module's named imports; memoised."""
    table = prog.__dict__.get("_cls_tx_imports")
    if table is None:
        table = prog.__dict__["_cls_tx_imports"] = {}
        for stmt in prog.root.named_children:
            source = stmt.child_by_field_name("source") if stmt.type == "import_statement" else None
            if source is None or prog.text(source).strip("'\"`") != CLS["module"]:
                continue
            for spec in (n for c in stmt.named_children if c.type == "import_clause"
                         for n in c.named_children if n.type == "named_imports"):
                for item in spec.named_children:
                    if item.type == "import_specifier":
                        imported = item.child_by_field_name("name")
                        alias = item.child_by_field_name("alias") or imported
                        table[prog.text(alias)] = prog.text(imported)
    return table


def _opens_none(an, args) -> bool:
    """An argument is a propagation that runs without a transaction (`Propagation.Never`)."""
    for a in args:
        a = strip(a)
        if a is not None and a.type == "member_expression":
            prop = a.child_by_field_name("property")
            if prop is not None and an.text(prop) in CLS["no_transaction"]:
                return True
    return False


def _argv(call) -> list:
    args = call.child_by_field_name("arguments")
    return [a for a in (args.named_children if args is not None else ()) if a.type != "comment"]


def decorated_method(an, call):
    """The method a `@Transactional(...)` decorator call opens a transaction around, else None."""
    decorator = call.parent
    if decorator is None or decorator.type != "decorator" or \
            not _from_plugin(an, strip(call.child_by_field_name("function")), CLS["decorator"]):
        return None
    method = decorator.parent
    if method is not None and method.type != "method_definition":   # decorators before `async m()`
        sibling = decorator.next_named_sibling
        while sibling is not None and sibling.type == "decorator":
            sibling = sibling.next_named_sibling
        method = sibling if sibling is not None and sibling.type == "method_definition" else None
    if method is None or method.type != "method_definition" or _opens_none(an, _argv(call)):
        return None
    return method


def host_callback(an, call):
    """The callback `this.<host>.withTransaction(..., fn)` runs in a transaction, else None."""
    fn = strip(call.child_by_field_name("function"))
    if fn is None or fn.type != "member_expression":
        return None
    root, segments = member_chain(an.prog, fn)
    if root is None or root.type != "this" or len(segments) != 2 or segments[1] not in CLS["host_methods"] \
            or segments[0] not in fields(an, call)[0]:
        return None
    argv = _argv(call)
    body = strip(argv[-1]) if argv else None
    if body is None or body.type not in FUNCTION_TYPES or _opens_none(an, argv[:-1]):
        return None
    return body


def is_client_chain(an, node, segments) -> bool:
    """`this.<host>.tx...` or `this.<injected tx>...`: the plugin's transaction client."""
    if not segments:
        return False
    hosts, txs = fields(an, node)
    return segments[0] in hosts and segments[1:2] == [CLS["host_tx"]] or segments[0] in txs


def fields(an, node) -> tuple[frozenset, frozenset]:
    """(fields holding the plugin's `TransactionHost`, fields injected with
    `@InjectTransaction()`) of the class around `node`, from its constructor's parameter
    properties; memoised per class."""
    cls = node
    while cls is not None and cls.type not in ("class_declaration", "class", "abstract_class_declaration"):
        cls = cls.parent
    if cls is None:
        return frozenset(), frozenset()
    memo = an.prog.__dict__.setdefault("_cls_tx_fields", {})
    got = memo.get(cls.id)
    if got is None:
        got = memo[cls.id] = _fields_of(an, cls)
    return got


def _fields_of(an, cls) -> tuple[frozenset, frozenset]:
    hosts, txs = set(), set()
    body = cls.child_by_field_name("body")
    for member in (body.named_children if body is not None else ()):
        if member.type != "method_definition" or an.text(member.child_by_field_name("name")) != "constructor":
            continue
        params = member.child_by_field_name("parameters")
        for p in (params.named_children if params is not None else ()):
            pattern = p.child_by_field_name("pattern") if p.type in ("required_parameter", "optional_parameter") \
                else None
            if pattern is None or pattern.type != "identifier":
                continue
            decorated = [strip(d.named_children[0]) for d in p.named_children if d.type == "decorator" and d.named_children]
            callees = [strip(d.child_by_field_name("function")) if d is not None and d.type == "call_expression" else d
                       for d in decorated]
            if any(_from_plugin(an, c, CLS["inject_tx"]) for c in callees):
                txs.add(an.text(pattern))
                continue
            ann = p.child_by_field_name("type")
            tnode = ann.named_children[0] if ann is not None and ann.named_children else None
            if tnode is not None and tnode.type == "generic_type":
                tnode = tnode.child_by_field_name("name")
            if _from_plugin(an, tnode, CLS["host"]) or any(_from_plugin(an, c, CLS["inject_host"]) for c in callees):
                hosts.add(an.text(pattern))
    return frozenset(hosts), frozenset(txs)
