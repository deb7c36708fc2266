"""TypeScript/JavaScript front-end on tree-sitter (TS grammar for .ts/.mts/.cts, TSX for the rest).

Error-tolerant: a file with syntax errors still yields facts for the parts that parse,
plus a ParseProblem (PC900) for the first error.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import PurePosixPath

from ..facts import MODULE_SCOPE, ClientConstruction, FileFacts, ParseProblem, Scope, ScopeKind
from ..sources import Source

PRISMA_MODULES = ("@prisma/client", ".prisma/client")
HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
FUNCTION_TYPES = frozenset({
    "function_declaration", "function_expression", "arrow_function", "method_definition",
    "generator_function_declaration", "generator_function",
})


@lru_cache(maxsize=None)
def _parser(grammar: str):
    import tree_sitter
    import tree_sitter_typescript

    language = tree_sitter.Language(
        tree_sitter_typescript.language_typescript() if grammar == "typescript"
        else tree_sitter_typescript.language_tsx())
    return tree_sitter.Parser(language)


def grammar_for(kind: str, path: PurePosixPath) -> str:
    if kind == "typescript" and path.suffix in (".ts", ".mts", ".cts"):
        return "typescript"
    return "tsx"


def is_prisma_module(spec: str) -> bool:
    """`@prisma/client`, `.prisma/client`, or a generated client path like `../generated/prisma`."""
    if spec in PRISMA_MODULES or spec.startswith("@prisma/client/"):
        return True
    parts = spec.split("/")
    return "prisma" in parts and ("generated" in parts or parts[-1] == "client") \
        or spec.endswith("/generated/prisma") or "/generated/prisma/" in spec


def _text(node, data: bytes) -> str:
    return data[node.start_byte:node.end_byte].decode("utf-8", errors="replace")


def _string_value(node, data: bytes) -> str | None:
    if node is None or node.type != "string":
        return None
    return "".join(_text(c, data) for c in node.named_children if c.type == "string_fragment")


def _imports(root, data: bytes) -> dict[str, str]:
    """Local name -> imported name, for names imported from a Prisma client module."""
    names: dict[str, str] = {}
    for stmt in root.named_children:
        if stmt.type != "import_statement":
            continue
        spec = _string_value(stmt.child_by_field_name("source"), data)
        if spec is None or not is_prisma_module(spec):
            continue
        for clause in stmt.named_children:
            if clause.type != "import_clause":
                continue
            for part in clause.named_children:
                if part.type == "named_imports":
                    for item in part.named_children:
                        if item.type != "import_specifier":
                            continue
                        imported = item.child_by_field_name("name")
                        alias = item.child_by_field_name("alias") or imported
                        names[_text(alias, data)] = _text(imported, data)
    return names


def _is_app_route(path: PurePosixPath) -> bool:
    return "app" in path.parts[:-1] and path.stem == "route"


def _exported_name(fn, data: bytes) -> str | None:
    """The exported name of a function: `export async function GET` / `export const GET = ...`."""
    node = fn
    if fn.type == "function_declaration":
        parent = fn.parent
        name = fn.child_by_field_name("name")
        if parent is not None and parent.type == "export_statement" and name is not None:
            return _text(name, data)
        return None
    parent = node.parent
    if parent is not None and parent.type == "variable_declarator":
        decl = parent.parent
        if decl is not None and decl.type == "lexical_declaration" and decl.parent is not None \
                and decl.parent.type == "export_statement":
            name = parent.child_by_field_name("name")
            return _text(name, data) if name is not None else None
    return None


def _scope_of(node, data: bytes, path: PurePosixPath, source: Source) -> Scope:
    fn = node.parent
    while fn is not None and fn.type not in FUNCTION_TYPES:
        fn = fn.parent
    if fn is None:
        return MODULE_SCOPE
    outer = fn
    while outer.parent is not None:
        candidate = outer.parent
        while candidate is not None and candidate.type not in FUNCTION_TYPES:
            candidate = candidate.parent
        if candidate is None:
            break
        outer = candidate
    name = _exported_name(outer, data)
    if name in HTTP_METHODS and _is_app_route(path):
        anchor = outer.child_by_field_name("name") or outer
        return Scope(ScopeKind.REQUEST, "Next.js app router", name,
                     source.span(anchor.start_byte, anchor.end_byte))
    return Scope(ScopeKind.FUNCTION, None, name)


def _first_error(root):
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            return node
        if node.has_error:
            stack.extend(reversed(node.children))
    return None


def analyse(source: Source, settings) -> FileFacts:
    path = PurePosixPath(source.path.as_posix())
    language = "javascript" if source.kind == "javascript" else "typescript"
    facts = FileFacts(path=source.path, language=language)
    tree = _parser(grammar_for(source.kind, path)).parse(source.data)
    root = tree.root_node
    data = source.data
    if root.has_error:
        err = _first_error(root)
        if err is not None:
            what = f"missing {err.type}" if err.is_missing else "syntax error"
            facts.add(ParseProblem(source.span(err.start_byte, max(err.end_byte, err.start_byte + 1)),
                                   f"{what}; the rest of the file was still checked"))
    clients = {local for local, imported in _imports(root, data).items() if imported == "PrismaClient"}
    if not clients:
        return facts
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "new_expression":
            ctor = node.child_by_field_name("constructor")
            if ctor is not None and ctor.type == "identifier" and _text(ctor, data) in clients:
                facts.add(ClientConstruction(
                    span=source.span(node.start_byte, node.end_byte),
                    kind="prisma", class_name=_text(ctor, data),
                    scope=_scope_of(node, data, path, source)))
        stack.extend(reversed(node.named_children))
    return facts
