"""Qualified names without LibCST's ScopeProvider, for the names where they provably agree.

ScopeProvider (with the ExpressionContextProvider it needs) visits every node twice in
Python and was ~60 % of the Python front-end's cost. The passes ask for the qualified names
of a few expressions (a call's callee, a decorator, a base class, `os.environ`), always
rooted at a name an import or a def binds. For such a root `r` this module answers without
a scope analysis when CPython's tree shows that every binding of `r` in the whole file is
of one kind at module level:

- only module-level `import`s bind `r` (the usual `from prisma import Prisma`, `import os`);
- or only module-level `def`/`class` statements bind it.

Then no function, class or comprehension scope binds `r`, and LibCST's resolution
(`Scope.get_qualified_names_for`, libcst/metadata/scope_provider.py) reduces to: inside any
local scope, every module-level binding; at module level, the bindings whose statement ends
before the expression (none: the builtin of that name, if any). What LibCST does with
dotted imports (`import a.b` binds `a.b` and `a`; an access of `a.b.c` moves to the longest
bound prefix) is followed step by step, with LibCST's own `ImportAssignment` computing the
names. Anything else returns None, and the caller asks ScopeProvider: another binding of
the root anywhere, `global`/`nonlocal` of it, a string annotation that could bind it (LibCST
parses those as code), an expression in a position this module does not model, an
expression at module level inside the def that binds its root, no CPython tree.

tests/test_qualified.py compares both on every resolvable node of seeded generated programs
and reduced real files.
"""

from __future__ import annotations

import ast
import builtins
import re

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import QualifiedName, QualifiedNameSource
from libcst.metadata.scope_provider import ImportAssignment, _gen_dotted_names

from .gate import walk

_IMPORT, _DEF, _OTHER = 1, 2, 4
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_TYPING_CALLS = frozenset({"cast", "TypeVar", "NewType"})  # whose arguments LibCST reads as type hints
_COMPS = (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp)
# The positions the passes ask about, all loads ScopeVisitor visits: (parent type, field).
_LOADS = {cst.Call: "func", cst.Attribute: "value", cst.Subscript: "value",
          cst.Decorator: "decorator", cst.Arg: "value"}
# A string LibCST may parse as an annotation can bind a name only with one of these.
_MAY_BIND = re.compile(r"[=:\s]")


class Bindings:
    """What CPython's tree says binds each name (imports, def/class statements, anything
    else), and the strings LibCST may read as annotations."""

    def __init__(self, tree: ast.Module):
        kinds: dict[str, int] = {}
        hint_roots: list = []  # subtrees whose strings LibCST may parse as annotations
        typing_aliases = set(_TYPING_CALLS)
        calls: list = []  # (last name, call): their arguments are hints once the aliases are known

        def mark(name, kind):
            kinds[name] = kinds.get(name, 0) | kind

        # One walk (gate.walk: the ctx/op singletons, which bind nothing, are not yielded);
        # a call's arguments are told hints after it, when every `cast as c` is known.
        for node in walk(tree):
            t = type(node)
            if t is ast.Name:
                if type(node.ctx) is not ast.Load:
                    mark(node.id, _OTHER)
            elif t is ast.Call:
                f = node.func
                last = f.id if type(f) is ast.Name else f.attr if type(f) is ast.Attribute else None
                if last is not None:
                    calls.append((last, node))
            elif t is ast.Subscript:
                hint_roots.append(node.slice)
            elif t is ast.arg:
                mark(node.arg, _OTHER)
                if node.annotation is not None:
                    hint_roots.append(node.annotation)
            elif t is ast.AnnAssign:
                hint_roots.append(node.annotation)
            elif t in _DEFS:
                mark(node.name, _DEF)
                if t is not ast.ClassDef and node.returns is not None:
                    hint_roots.append(node.returns)
            elif t is ast.Import or t is ast.ImportFrom:
                for alias in node.names:
                    if alias.name != "*":
                        mark(alias.asname or alias.name.split(".")[0], _IMPORT)
                    if t is ast.ImportFrom and alias.name in _TYPING_CALLS and alias.asname:
                        typing_aliases.add(alias.asname)
            elif t is ast.Global or t is ast.Nonlocal:
                for name in node.names:
                    mark(name, _OTHER)
            elif t is not ast.alias:
                for attr in ("name", "rest"):  # except ... as n, match patterns, type params
                    value = getattr(node, attr, None)
                    if isinstance(value, str):
                        mark(value, _OTHER)
        for last, node in calls:
            if last in typing_aliases:
                hint_roots.extend(node.args)
                hint_roots.extend(k.value for k in node.keywords)
        self.kinds = kinds
        # ScopeProvider raises on a module-level `nonlocal` (a compile error CPython's parser
        # lets through): such a module is left to it, to fail as it always did
        self.module_nonlocal = any(isinstance(s, ast.Nonlocal) for s in _module_statements(tree))
        strings = []
        for root in hint_roots:
            for n in walk(root):
                if type(n) is ast.Constant and isinstance(n.value, (str, bytes)):
                    v = n.value if isinstance(n.value, str) else n.value.decode("latin-1")
                    if _MAY_BIND.search(v):
                        strings.append(v)
        self.hint_strings = strings
        self._hazard: dict[str, bool] = {}

    def hazard(self, name: str) -> bool:
        """Whether a string LibCST may parse as an annotation could bind `name`."""
        found = self._hazard.get(name)
        if found is None:
            found = any(name in s and _may_bind(s) for s in self.hint_strings)
            self._hazard[name] = found
        return found


def _module_statements(tree: ast.Module):
    """The statements ScopeVisitor visits in the module's scope (not inside a def or class)."""
    stack = list(tree.body)
    while stack:
        s = stack.pop()
        yield s
        if isinstance(s, _DEFS):
            continue
        for name in ("body", "orelse", "finalbody"):
            stack.extend(getattr(s, name, None) or ())
        for h in getattr(s, "handlers", None) or ():
            stack.extend(h.body)
        for case in getattr(s, "cases", None) or ():
            stack.extend(case.body)


def _may_bind(text: str) -> bool:
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return True  # could be statements
    return any(isinstance(n, ast.NamedExpr) for n in ast.walk(tree))


class Resolver:
    """Qualified names of expressions of one LibCST module, as ScopeProvider would give
    them, or None where this cannot show it (the caller then asks ScopeProvider).

    A scope is the LibCST node that opens it (FunctionDef, Lambda, ClassDef, a
    comprehension) or the Module; LibCST's Scope methods are mirrored by `_lookup`
    (`_resolve_scope_for_access`: own bindings, then the enclosing scopes that are not
    classes) and `_parent` (`Scope.parent`)."""

    def __init__(self, index, tree: ast.Module):
        self.index = index
        self.bindings = Bindings(tree)
        self._scope: dict = {}
        # name (dotted too, for imports) -> scope -> the statements binding it there
        self.table: dict[str, dict] = {}
        for node in index.import_nodes:
            if isinstance(node.names, cst.ImportStar):
                continue
            scope = self._scope_of(node, load=False)
            for alias in node.names:
                bound = alias.asname.name if alias.asname is not None else alias.name
                for name, _ in _gen_dotted_names(bound):
                    self.table.setdefault(name, {}).setdefault(scope, []).append(node)
        for node in index.def_nodes:
            scope = self._scope_of(node, load=False)
            self.table.setdefault(node.name.value, {}).setdefault(scope, []).append(node)
        # the two trees must agree on what imports and defs bind
        kinds = self.bindings.kinds.items()
        imported = {n for n in self.table if "." not in n
                    and any(type(b) is not cst.FunctionDef and type(b) is not cst.ClassDef
                            for bs in self.table[n].values() for b in bs)}
        self.agree = not self.bindings.module_nonlocal and None not in self._scope.values() \
            and imported == {n for n, k in kinds if k & _IMPORT} \
            and {d.name.value for d in index.def_nodes} == {n for n, k in kinds if k & _DEF}

    def resolve(self, node, root: str):
        try:
            return self._resolve(node, root)
        except Exception:  # _Unmodelled, or LibCST's naming raising: ScopeProvider decides
            return None

    def _resolve(self, node, root: str):
        kind = self.bindings.kinds.get(root)
        if not self.agree or not kind or kind & _OTHER or self.bindings.hazard(root):
            return None
        scope = self._scope_of(node, load=True)
        if scope is None:
            return None
        full = get_full_name_for_node(node)
        if full is None:
            return ()
        access = self._access_name(node, root, scope)
        if access is not None:  # the node is where LibCST recorded an access of `access`
            where, bound = self._lookup(access, scope)
            if where is scope:
                if any(self._inside(node, b) for b in bound):
                    return None
                end, pos = self.index.end, self.index.pos[node]
                previous = [b for b in bound if end[b] <= pos]
            else:
                previous = bound
            if not previous and bound:
                where, previous = self._lookup(access, self._parent(scope))
            return self._names(where, previous, access)
        prefix = full
        while prefix:
            where, bound = self._lookup(prefix, scope)
            if bound:
                return self._names(where, bound, full)
            dot = prefix.rfind(".")
            prefix = prefix[:dot] if dot != -1 else None
        return ()

    def _lookup(self, name: str, scope):
        """(the scope, the statements) binding `name` as seen from `scope`; a builtin is
        ("builtins", [name])."""
        by_scope = self.table.get(name, {})
        while True:
            if scope is _BUILTINS:
                return _BUILTINS, ([name] if hasattr(builtins, name) else [])
            bound = by_scope.get(scope)
            if bound:
                return scope, bound
            scope = self._parent(scope)
            while type(scope) is cst.ClassDef:  # a class's names are not seen by nested scopes
                scope = self._parent(scope)

    def _parent(self, scope):
        if type(scope) is cst.Module:
            return _BUILTINS
        found = self._scope_of(scope, load=False)
        if found is None:
            raise _Unmodelled
        return found

    def _names(self, where, bound, full: str) -> tuple:
        if where is _BUILTINS:
            return tuple(QualifiedName(f"builtins.{n}", QualifiedNameSource.BUILTIN) for n in bound)
        out = set()
        for b in bound:
            if type(b) is cst.FunctionDef or type(b) is cst.ClassDef:
                prefix = self._prefix(where)
                out.add(QualifiedName(f"{prefix}.{full}" if prefix else full, QualifiedNameSource.LOCAL))
            else:
                out |= ImportAssignment(full, None, b, 0, None).get_qualified_names_for(full)
        return tuple(out)

    def _prefix(self, scope) -> str:
        """LibCST's `_name_prefix` of a scope: `f.<locals>`, `Cls`, `<comprehension>`."""
        t = type(scope)
        if t is cst.Module:
            return ""
        parent = self._prefix(self._parent(scope))
        if t is cst.FunctionDef:
            parts = [parent, scope.name.value, "<locals>"]
        elif t is cst.Lambda:
            parts = [parent, "<locals>"]
        elif t is cst.ClassDef:
            parts = [parent, scope.name.value]
        else:
            parts = [parent, "<comprehension>"]
        return ".".join(p for p in parts if p)

    def _access_name(self, node, root: str, scope) -> str | None:
        """The dotted name LibCST's access for `node` was recorded under when `node` is that
        access's node (ScopeVisitor.infer_accesses), else None."""
        parent = self.index.parent
        if type(node) is cst.Attribute:
            base = node.value
            while type(base) is cst.Attribute:
                base = base.value
            if type(base) is not cst.Name:
                return None
        elif type(node) is not cst.Name:
            return None
        chain_top = node
        p = parent.get(chain_top)
        while type(p) is cst.Attribute and p.value is chain_top:
            chain_top, p = p, parent.get(p)
        if chain_top is node and type(node) is cst.Name:
            return root
        # is `chain_top` the top-level attribute (no Attribute above before a Call)?
        a = parent.get(chain_top)
        while a is not None and type(a) is not cst.Call:
            if type(a) is cst.Attribute:
                return None if type(node) is cst.Attribute else root
            a = parent.get(a)
        for name, n in _gen_dotted_names(chain_top):
            if self._lookup(name, scope)[1]:
                return name if n is node else None
        return None

    def _inside(self, node, outer) -> bool:
        index = self.index
        return index.pos[outer] <= index.pos[node] < index.end[outer]

    def _scope_of(self, node, load: bool):
        """The scope ScopeVisitor visits `node` in; None when `node` is not in a position
        this module models (with `load`: not a load; inside an import, where ScopeVisitor
        does not look; PEP 695 scopes)."""
        found = self._scope.get(node, False) if not load else False
        if found is not False:
            return found
        parent = self.index.parent
        p = parent.get(node)
        if load:
            field = _LOADS.get(type(p))
            if field is None or getattr(p, field) is not node:
                return None
        grand, child = None, node
        found = None
        while p is not None:
            t = type(p)
            if (t is cst.FunctionDef or t is cst.ClassDef) and p.type_parameters is not None:
                break  # PEP 695 scopes: not modelled
            if t is cst.FunctionDef or t is cst.Lambda:
                if child is p.body:
                    found = p
                    break
                if child is p.params:
                    # a parameter's default and annotation are evaluated in the enclosing scope
                    if not (type(grand) is cst.Param
                            and _under(grand, node, parent, (grand.default, grand.annotation))):
                        found = p
                        break
            elif t is cst.ClassDef:
                if child is p.body:
                    found = p
                    break
            elif t in _COMPS:
                if not (child is p.for_in and _under(child, node, parent, (child.iter,))):
                    found = p
                    break
            elif load and t in (cst.Import, cst.ImportFrom, cst.ImportAlias) or t is cst.TypeAlias:
                break
            elif t is cst.Module:
                found = p
                break
            grand, child, p = child, p, parent.get(p)
        if not load:
            self._scope[node] = found
        return found


_BUILTINS = "builtins"


class _Unmodelled(Exception):
    """A scope on the way up is one this module does not model."""


def _under(top, node, parent, fields) -> bool:
    """Whether `node` lies in one of `fields` (direct children of `top`)."""
    n = node
    while n is not None and n is not top:
        if any(n is f for f in fields if f is not None):
            return True
        n = parent.get(n)
    return False
