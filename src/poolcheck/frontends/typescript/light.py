"""The cheap path of the TS/JS front-end: a program that can yield nothing but the traits of
its imports gets them from its parse and one query, without the model (`ts_model.build`:
every function, declarator and binding as Python objects), its scopes or the passes.

Most programs that pass the prefilter only import the client to query it or for its types
(documenso: 822 of 1,120). For such a program the full path yields exactly the `import`
traits of its project imports and, when it imports a test harness, the `test-harness`
trait (scopes.build_scopes, from the module scope's import bindings), and no symbols
(`symbols.seeds_link` needs a transaction or a client). This path yields the same facts
from the same functions (`exports.project_imports`, `exports.test_harness_import` over the
bindings `ts_model.import_bindings` makes) when it can prove they are all there is, and
otherwise hands the tree to the full path (`imports_only` says which):

- the bytes allow no pass of the analyser to find anything (`gates.finds_nothing` of the
  file's gates) and no other trait (`frameworks.may_add_trait`), and hold no `require` (a
  `require` at module level is an import binding too, which only the model's owners
  place);
- the tree has no error and no JSX element closed by another name (the syntax arbiter's
  inputs: such a program takes the full path, which decides about PC900);
- no import's local name is also declared by a function, class or variable anywhere in the
  program: only then are the module scope's import bindings (the model keeps the last
  binding of a name, at the place of its first) exactly those of the import statements.

tests/test_ts_light.py runs both paths over generated programs and real-shaped cases.
"""

from __future__ import annotations

from functools import lru_cache

from ...facts import FileFacts, Trait
from ..ts_model import Program, import_bindings, pattern_names
from ..ts_tree import _blank_empty_statements, _in_tree_order, parse, parser
from .exports import project_imports, test_harness_import
from .frameworks import may_add_trait
from .gates import Gates, file_gates, finds_nothing, has_word

_CORE = """
(import_statement) @import
(function_declaration name: (_) @named)
(generator_function_declaration name: (_) @named)
(class_declaration name: (_) @named)
(variable_declarator name: (_) @declarator)
"""
# errors.mismatched_jsx_closings's test, in the query engine: a JSX element whose closing
# tag's name differs from its opening tag's, or only one of them has a name.
_JSX = """
(jsx_element open_tag: (jsx_opening_element name: (_) @a) close_tag: (jsx_closing_element name: (_) @b)
  (#not-eq? @a @b)) @mismatch
(jsx_element open_tag: (jsx_opening_element !name) close_tag: (jsx_closing_element name: (_))) @mismatch
(jsx_element open_tag: (jsx_opening_element name: (_)) close_tag: (jsx_closing_element !name)) @mismatch
"""


@lru_cache(maxsize=None)
def _query(grammar: str):
    import tree_sitter

    language = parser(grammar).language
    jsx = language.id_for_node_kind("jsx_element", True) is not None
    return tree_sitter.Query(language, _CORE + (_JSX if jsx else ""))


def may_be_light(data: bytes, g: Gates | None = None) -> bool:
    """The byte conditions of the cheap path (`g`: the file's gates, when known)."""
    return finds_nothing(g if g is not None else file_gates(data), data) \
        and not has_word(data, (b"require",)) and _blank_empty_statements(data) is data


def imports_only(data: bytes, grammar: str, facts: FileFacts, g: Gates | None = None):
    """(True, None) when `facts` got everything the full path would give this program;
    else (False, its tree or None) and `facts` untouched: the full path takes over, with
    the tree when it was parsed. `g`: `gates.file_gates(data)`, when already known."""
    if not may_be_light(data, g):
        return False, None
    import tree_sitter

    tree = parse(data, grammar)
    root = tree.root_node
    if root.has_error:
        return False, tree
    captured = tree_sitter.QueryCursor(_query(grammar)).captures(root)
    if captured.get("mismatch"):
        return False, tree
    prog = Program(data=data, root=root)
    module: dict = {}
    for stmt in _in_tree_order(captured.get("import", [])):
        for b in import_bindings(prog, stmt):
            module[b.name] = b
    if module and _declared_elsewhere(prog, captured, module) or may_add_trait(prog):
        return False, tree
    prog.scopes[0] = module
    for spec in project_imports(prog):
        facts.add(Trait("import", None, spec))
    harness = test_harness_import(prog)
    if harness is not None:
        facts.add(Trait("test-harness", None, harness))
    return True, None


def _declared_elsewhere(prog: Program, captured: dict, module: dict) -> bool:
    """Some import's local name is also the name of a function or class declaration, or a
    name a variable declarator binds (ts_model.pattern_names, as the model reads them)."""
    if any(prog.text(node) in module for node in captured.get("named", ())):
        return True
    for node in captured.get("declarator", ()):
        if node.type == "identifier":
            if prog.text(node) in module:
                return True
        elif any(name in module for name, _, _ in pattern_names(prog, node)):
            return True
    return False
