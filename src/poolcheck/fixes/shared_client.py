"""PC103's fix (unsafe): an extra module-level client becomes an import of the shared one.

The shared client is the finding's related location (the module PC103 names). Both
files are read with tree-sitter: the shared module's declaration gives the exported
name (`export const prisma = ...` or `export default prisma`), the extra module's gives
the local name and whether it is exported itself. The extra declaration is replaced by

    import { prisma as db } from '../lib/db'      (a local client)
    export { prisma as db } from '../lib/db'      (an exported one: importers keep working)

with a relative specifier written the way the file's other relative imports are (with a
`.js` extension under NodeNext-style imports, the file's quote), and the `PrismaClient`
import is removed when nothing else uses it. Unsafe: the extra client's own options
(logging, a different URL) are dropped with it, and the shared module is now loaded.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..core.diagnostics import Diagnostic
from ..core.edits import Edit, Fix
from .registry import FixContext, fix_builder
from .text import FileText
from .typescript import Tree, _quote, _tree

_VALUE_WRAPPERS = frozenset({"binary_expression", "parenthesized_expression", "as_expression",
                             "satisfies_expression", "non_null_expression"})


def _declaration(new):
    """(declarator, statement) of the top-level `const x = <... new PrismaClient() ...>`."""
    node = new
    while node.parent is not None and node.parent.type in _VALUE_WRAPPERS:
        node = node.parent
    declarator = node.parent
    if declarator is None or declarator.type != "variable_declarator" \
            or declarator.child_by_field_name("value") != node:
        return None
    decl = declarator.parent
    if decl is None or decl.type != "lexical_declaration" or len(decl.named_children) != 1:
        return None
    stmt = decl.parent if decl.parent is not None and decl.parent.type == "export_statement" else decl
    if stmt.parent is None or stmt.parent.type != "program":
        return None
    return declarator, stmt


def _exported_name(tree: Tree, declarator, stmt) -> str | None:
    """How the shared module exports its client: its name, "default", or None."""
    name = tree.text(declarator.child_by_field_name("name"))
    if stmt.type == "export_statement":
        return name
    for node in tree.root.named_children:
        if node.type != "export_statement":
            continue
        text = tree.text(node)
        value = node.child_by_field_name("value")
        if value is not None and value.type == "identifier" and tree.text(value) == name \
                and text.startswith("export default"):
            return "default"
        clause = next((c for c in node.named_children if c.type == "export_clause"), None)
        if clause is not None and node.child_by_field_name("source") is None:
            for spec in clause.named_children:
                local = spec.child_by_field_name("name")
                alias = spec.child_by_field_name("alias")
                if local is not None and tree.text(local) == name:
                    return tree.text(alias) if alias is not None else name
    return None


def _specifier(tree: Tree, here: Path, target: Path) -> str:
    rel = Path(os.path.relpath(target.with_suffix(""), here.parent)).as_posix()
    if not rel.startswith("."):
        rel = "./" + rel
    if target.stem == "index":
        rel = rel[: -len("/index")] or "."
    relative = [tree.text(s)[1:-1] for s in _import_sources(tree)]
    relative = [s for s in relative if s.startswith(".")]
    if relative and all(s.endswith(".js") for s in relative) and target.stem != "index":
        rel += ".js"
    return rel


def _import_sources(tree: Tree):
    for node in tree.root.named_children:
        if node.type == "import_statement":
            source = node.child_by_field_name("source")
            if source is not None:
                yield source


def _unused_client_import(tree: Tree, constructor: str, stmt):
    """The `import { PrismaClient } from '@prisma/client'` statement when PrismaClient is its
    only name and nothing outside `stmt` uses it, else None."""
    for node in tree.root.named_children:
        if node.type != "import_statement":
            continue
        clause = next((c for c in node.named_children if c.type == "import_clause"), None)
        names = [] if clause is None else [n for n in _identifiers(clause)]
        if [tree.text(n) for n in names] != [constructor]:
            continue
        uses = [n for n in _identifiers(tree.root) if tree.text(n) == constructor
                and not (node.start_byte <= n.start_byte < node.end_byte)
                and not (stmt.start_byte <= n.start_byte < stmt.end_byte)]
        return None if uses else node
    return None


def _identifiers(root):
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type in ("identifier", "type_identifier"):
            yield node
        stack.extend(node.children)


def _shared_tree(ctx: FixContext, path: Path) -> Tree | None:
    try:
        ft = FileText.decode(path.read_bytes())
    except (OSError, UnicodeDecodeError):
        return None
    other = FixContext(path, ctx.kind if path.suffix == ctx.path.suffix else _kind_of(path), ft, ctx.settings)
    return _tree(other)


def _kind_of(path: Path) -> str:
    from ..engine.discovery import classify_named

    return classify_named(path) or ""


@fix_builder("PC103", "unsafe")
def import_shared_client(d: Diagnostic, ctx: FixContext) -> Fix | None:
    tree = _tree(ctx)
    if tree is None or not d.related or "already constructs one" not in d.message:
        return None
    new = tree.node_at(d.span, ("new_expression",))
    found = _declaration(new) if new is not None else None
    if found is None or found[0].child_by_field_name("value") != new:
        return None  # `new PrismaClient().$extends(...)`: not a plain client
    declarator, stmt = found
    shared_path = Path(os.path.abspath(d.related[0].path))
    shared = _shared_tree(ctx, shared_path)
    shared_new = shared.node_at(d.related[0].span, ("new_expression",)) if shared is not None else None
    shared_decl = _declaration(shared_new) if shared_new is not None else None
    exported = _exported_name(shared, *shared_decl) if shared_decl is not None else None
    name_node = declarator.child_by_field_name("name")
    if exported is None or name_node is None or name_node.type != "identifier":
        return None
    local = tree.text(name_node)
    q = _quote(tree)
    spec = f"{q}{_specifier(tree, Path(os.path.abspath(ctx.path)), shared_path)}{q}"
    semi = ";" if tree.text(stmt).rstrip().endswith(";") else ""
    names = exported + ("" if exported == local else f" as {local}")
    imported = f"import {local} from {spec}{semi}" if exported == "default" else f"import {{ {names} }} from {spec}{semi}"
    used_here = any(tree.text(n) == local and not (stmt.start_byte <= n.start_byte < stmt.end_byte)
                    for n in _identifiers(tree.root))
    constructor = new.child_by_field_name("constructor")
    unused = _unused_client_import(tree, tree.text(constructor), stmt) if constructor is not None else None
    if stmt.type == "export_statement" and not used_here:
        edits = [Edit(tree.span(stmt.start_byte, stmt.end_byte), f"export {{ {names} }} from {spec}{semi}")]
        if unused is not None:
            edits.append(tree.delete_statement(unused, blank_after=True))
        return Fix.unsafe(f"Re-export the shared client from {spec}", *edits)
    keep = f"export {{ {local} }}{semi}" if stmt.type == "export_statement" else None
    if unused is not None:
        edits = [Edit(tree.span(unused.start_byte, unused.end_byte), imported),
                 Edit(tree.span(stmt.start_byte, stmt.end_byte), keep) if keep
                 else tree.delete_statement(stmt, blank_after=True)]
    else:
        edits = [Edit(tree.span(stmt.start_byte, stmt.end_byte), imported + (ctx.newline + keep if keep else ""))]
    return Fix.unsafe(f"Import the shared client from {spec}", *edits)
