"""The cheap path of the TS/JS front-end: a program that can yield nothing but the traits of
its imports gets them from its bytes or, when the bytes cannot prove them, from its parse,
without the model (`ts_model.build`: every function, declarator and binding as Python
objects), its scopes or the passes.

Most programs that pass the prefilter only import the client to query it or for its types
(documenso: 926 of 1,120). For such a program the full path yields exactly the `import`
traits of its project imports and, when it imports a test harness, the `test-harness`
trait (scopes.build_scopes, from the module scope's import bindings), and no symbols
(`symbols.seeds_link` needs a transaction or a client). This path yields the same facts
from the same functions (`exports.project_imports`, `exports.test_harness_import` over the
module scope's import bindings) when it can prove they are all there is, and otherwise
hands the program (and its tree, when it was parsed) to the full path (`imports_only`):

- the bytes allow no pass of the analyser to find anything (`gates.finds_nothing` of the
  file's gates, or only the calls gate open by words that no callee chain holds:
  callee_sites) and no other trait (`frameworks.may_add_trait`), and hold no `require` (a
  `require` at module level is an import binding too, which only the model's owners
  place);
- no import's local name is also declared by a function, class or variable anywhere in the
  program: only then are the module scope's import bindings (the model keeps the last
  binding of a name, at the place of its first) exactly those of the import statements.

**From the bytes first** (light_bytes.bindings): the import statements read from the
program's header, and each occurrence of an imported name after it classified by the
bytes around it; `may_add_trait`'s one question that needs the tree (is the default
export an object?) answered from the bytes after each `default`. Such a program is not
parsed, so **its syntax is not checked: PC900 reports the syntax errors of the files
poolcheck parses to analyse**, and a program settled from its bytes is left alone, like a
file the prefilter drops (the decision of issue 15; docs/rules/PC900.md, "leaves alone":
`tsc` and ESLint check syntax).

**From the parse** when the bytes cannot prove it (a string, comment or template where
the summary must be sure, an import after other code, a pattern it cannot walk): then the
tree must also have no error and no JSX element closed by another name (the syntax
arbiter's inputs: such a program takes the full path, which decides about PC900). The
tree is read at the bytes that can start what these conditions look for, not walked (a
query visits every node: ~40 % of the parse's time again): every import statement starts
with its `import` keyword, every JSX closing tag with its `</` token, every declaration
that binds a name with its `function`, `class`, `const`, `let` or `var` keyword;
`root.descendant_for_byte_range` finds the token at each occurrence of those bytes, and
its parent says whether it starts such a node (in a string or a comment it is no token).

tests/test_ts_light.py runs the paths over generated programs and real-shaped cases and
checks the grammar keeps the shapes the keyword reads rely on; tests/test_ts_light_bytes.py
compares the byte summary with the parse.
"""

from __future__ import annotations

import re

from types import SimpleNamespace

from ...facts import FileFacts, Trait
from ..ts_model import Binding, Program, import_bindings, pattern_names
from ..ts_tree import _blank_empty_statements, parse
from . import light_bytes
from .errors import mismatched_jsx_closings
from .exports import project_imports, test_harness_import
from .frameworks import may_add_trait, may_add_trait_by_bytes
from .callee_sites import no_dispatch_call
from .gates import IDENTIFIER_BYTES, Gates, file_gates, finds_nothing, has_word

# The keywords that start a declaration binding a name, matched at a word's end; the byte
# before is checked in Python (`declaring_keywords`): a leading `(?<![\w$])` gives the
# engine no first byte to look for, so it tries the pattern at every position (twice the
# time on trigger.dev's programs whose tree closed their gates).
_DECLARING = re.compile(rb"(?:function|class|const|let|var)(?![\w$])")
_NAMED_DECLARATIONS = frozenset({"function_declaration", "generator_function_declaration",
                                 "class_declaration", "abstract_class_declaration"})
_DECLARATOR_LISTS = frozenset({"lexical_declaration", "variable_declaration"})


def may_be_light(data: bytes, g: Gates | None = None) -> bool:
    """The byte conditions of the cheap path (`g`: the file's gates, when known)."""
    g = g if g is not None else file_gates(data)
    return (finds_nothing(g, data) or g.calls and _calls_by_name_only(g, data)) \
        and not has_word(data, (b"require",)) and _blank_empty_statements(data) is data


def _calls_by_name_only(g: Gates, data: bytes) -> bool:
    """The calls gate is all that is open, and only by words no callee chain holds
    (callee_sites.no_dispatch_call): the tree would close it (analyser.refined_gates), so
    the program is not parsed only to find that out."""
    return finds_nothing(g._replace(calls=False), data) and no_dispatch_call(data)


def imports_only(data: bytes, grammar: str, facts: FileFacts, g: Gates | None = None, tree=None,
                 bytes_only: bool = True):
    """(True, None) when `facts` got everything the full path would give this program;
    else (False, its tree or None) and `facts` untouched: the full path takes over, with
    the tree when it was parsed. `g`: `gates.file_gates(data)`, when already known (or
    as the tree refines them: analyser.analyse); `tree`: the program's, when parsed."""
    if not may_be_light(data, g):
        return False, tree
    if tree is None and bytes_only and _settled_by_bytes(data, facts):
        return True, None   # a program already parsed keeps the tree's verdict (PC900)
    tree = parse(data, grammar) if tree is None else tree
    root = tree.root_node
    if root.has_error:
        return False, tree
    if _closed_by_another_name(root, data):
        return False, tree
    prog = Program(data=data, root=root)
    module: dict = {}
    for stmt in _import_statements(root, data):
        for b in import_bindings(prog, stmt):
            module[b.name] = b
    if module and _declared_elsewhere(prog, module) or may_add_trait(prog):
        return False, tree
    prog.scopes[0] = module
    _add_import_traits(prog, facts)
    return True, None


def _settled_by_bytes(data: bytes, facts: FileFacts) -> bool:
    """The facts of a program whose bytes prove its import bindings (light_bytes) and
    that no other trait can be added, without a parse."""
    found = light_bytes.bindings(data)
    if found is None:
        return False
    verdict = may_add_trait_by_bytes(data)
    if verdict or verdict is None and light_bytes.default_may_export_object(data):
        return False
    module = {name: Binding(name, 0, "import", module=spec) for name, spec in found}
    _add_import_traits(SimpleNamespace(scopes={0: module}), facts)
    return True


def _add_import_traits(prog, facts: FileFacts) -> None:
    """The traits of the module scope's import bindings, as scopes.build_scopes gives them."""
    for spec in project_imports(prog):
        facts.add(Trait("import", None, spec))
    harness = test_harness_import(prog)
    if harness is not None:
        facts.add(Trait("test-harness", None, harness))


def _import_statements(root, data: bytes) -> list:
    """Every import statement of the tree, in tree order (at any depth: `declare module`
    bodies and blocks hold them too): the ones whose `import` keyword is at an occurrence
    of the bytes `import`."""
    out = []
    i = data.find(b"import")
    while i >= 0:
        parent = root.descendant_for_byte_range(i, i + 6).parent
        if parent is not None and parent.type == "import_statement" and parent.start_byte == i:
            out.append(parent)
        i = data.find(b"import", i + 6)
    return out


def _closed_by_another_name(root, data: bytes) -> bool:
    """A JSX element closed by another name (`errors.mismatched_jsx_closings`), found from
    the `</` that starts each closing tag."""
    i = data.find(b"</")
    while i >= 0:
        node = root.descendant_for_byte_range(i, i + 2)
        closing = node if node.type == "jsx_closing_element" else node.parent
        if closing is not None and closing.type == "jsx_closing_element":
            element = closing.parent
            if element is not None and element.type == "jsx_element" and \
                    mismatched_jsx_closings((element,), data):
                return True
        i = data.find(b"</", i + 2)
    return False


def _declared_elsewhere(prog: Program, module: dict) -> bool:
    """Some import's local name is also the name of a function or class declaration, or a
    name a variable declarator binds (ts_model.pattern_names, as the model reads them):
    the declarations are found from their keywords."""
    root = prog.root
    for start, end in declaring_keywords(prog.data):
        parent = root.descendant_for_byte_range(start, end).parent
        kind = parent.type if parent is not None else None
        if kind in _NAMED_DECLARATIONS:
            name = parent.child_by_field_name("name")
            if name is not None and prog.text(name) in module:
                return True
        elif kind in _DECLARATOR_LISTS:
            for declarator in parent.named_children:
                if declarator.type == "variable_declarator" and _binds(prog, declarator, module):
                    return True
    return False


def declaring_keywords(data: bytes) -> list[tuple[int, int]]:
    r"""The spans of the whole-word `function`, `class`, `const`, `let` and `var` of `data`, in
    order (`(?<![\w$])(?:function|class|const|let|var)(?![\w$])`: a match the byte before
    rejects is all identifier bytes, so no whole word starts inside it)."""
    return [m.span() for m in _DECLARING.finditer(data)
            if m.start() == 0 or data[m.start() - 1] not in IDENTIFIER_BYTES]


def _binds(prog: Program, declarator, module: dict) -> bool:
    name = declarator.child_by_field_name("name")
    if name is None:
        return False
    if name.type == "identifier":
        return prog.text(name) in module
    return any(bound in module for bound, _, _ in pattern_names(prog, name))
