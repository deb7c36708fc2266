"""What a TS/JS module offers and takes at its top level: exports (`export function/const`,
`export default`, `export { a as b }`, `exports.x =`, `module.exports = ...`) and the
imports that name the project's own modules or a test harness. Shared by the framework
pass (an export's name and path say what runs per request) and the trait pass."""

from __future__ import annotations

from ...vocabulary.layout import is_project_specifier as is_project_import, is_test_harness_module
from ..ts_model import function_name, strip


def exported(prog):
    """(exported name, value node, anchor) for `export function/const`, `export default`,
    `exports.x =`, `module.exports.x =`, `module.exports = ...`."""
    for stmt in prog.root.named_children:
        if stmt.type == "export_statement":
            decl = stmt.child_by_field_name("declaration")
            value = stmt.child_by_field_name("value")
            if value is not None:
                yield "default", value, stmt
            elif decl is not None:
                if decl.type in ("function_declaration", "generator_function_declaration",
                                 "class_declaration", "abstract_class_declaration"):
                    name = decl.child_by_field_name("name")
                    is_default = any(c.type == "default" for c in stmt.children)
                    yield ("default" if is_default else prog.text(name) if name else None), decl, decl
                elif decl.type in ("lexical_declaration", "variable_declaration"):
                    for d in decl.named_children:
                        if d.type == "variable_declarator":
                            name = d.child_by_field_name("name")
                            yield prog.text(name), d.child_by_field_name("value"), d
            else:
                # export { GET, handler as POST }
                for clause in stmt.named_children:
                    if clause.type != "export_clause":
                        continue
                    for spec in clause.named_children:
                        local = spec.child_by_field_name("name")
                        alias = spec.child_by_field_name("alias") or local
                        if local is not None:
                            yield prog.text(alias), local, spec
        elif stmt.type == "expression_statement" and stmt.named_children:
            expr = stmt.named_children[0]
            if expr.type != "assignment_expression":
                continue
            left = expr.child_by_field_name("left")
            right = expr.child_by_field_name("right")
            text = prog.text(left)
            if text == "module.exports":
                if strip(right) is not None and strip(right).type == "object":
                    for member in strip(right).named_children:
                        if member.type == "pair":
                            yield prog.text(member.child_by_field_name("key")), \
                                member.child_by_field_name("value"), member
                        elif member.type == "shorthand_property_identifier":
                            yield prog.text(member), member, member
                        elif member.type == "method_definition":
                            yield function_name(prog, member), member, member
                else:
                    yield "module.exports", right, expr
            elif text.startswith(("exports.", "module.exports.")):
                yield text.rsplit(".", 1)[1], right, expr



def project_imports(prog) -> list[str]:
    """Specifiers that may name a module of the project: relative paths, path aliases
    (`@/lib/db`, `~/server/db`, `$lib/db`, `#db`) and baseUrl paths (`lib/db`); not npm
    packages (`pg`, `@prisma/client`). A scoped package's subpath (`@acme/db/replica`)
    may be a workspace package's module."""
    out = []
    for b in prog.scopes[0].values():
        m = b.module if b.kind == "import" else None
        if m and m not in out and is_project_import(m):
            out.append(m)
    return out


def test_harness_import(prog) -> str | None:
    for b in prog.scopes[0].values():
        if b.kind == "import" and b.module and is_test_harness_module(b.module):
            return b.module
    return None


