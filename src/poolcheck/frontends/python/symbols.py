"""Python symbols for the linker, from CPython's `ast` (the C parser, not LibCST).

Every Python file the link needs gets them, also the files the gate sends nowhere near
LibCST (`from app.db import db` then `await db.user.find_many()` is exactly the helper a
transaction two files away must see). One walk per file: imports (absolute, relative with
their level, `import a.b as c`), the top-level names (a Python module exports all of them;
an `__init__.py`'s imports are its re-exports), functions and methods named as the LibCST
front-end names them (`Cls.method`, `outer.<locals>.inner`, id `qualname@line of the name`),
their call sites and local effects, `Depends(x)`/`Security(x)`/`Provide(x)` as request-scope
registrations. Which functions run per request, at start-up, in a script or a test comes
from `symbol_scopes` (the framework tables of `vocabulary.frameworks_py`).

Columns: `ast` gives UTF-8 byte offsets; spans go through `Source` (the one line model),
so they agree with the LibCST facts on non-ASCII lines.
"""

from __future__ import annotations

import ast

from ...core.diagnostics import Span
from ...symbols import (CallSite, CalleeRef, ClassInfo, Function, Import, Instance, MarkerUse, ModuleSymbols,
                        Registration)
from . import symbol_scopes as py_marks
from .dependencies import capitalised as _capitalised, marker_names
from .symbol_calls import CallSites, _assignment, _chain
from .symbol_classes import _factory, built_with, class_fields, param_defaults, param_fields
from .symbol_numbers import module_numbers
from .symbol_effects import FUNCS, LocalEffects, _Fn, is_prisma_class
from ...vocabulary.clients import PY_CLIENT_EVIDENCE

def extract(tree: ast.Module, source, path) -> ModuleSymbols:
    return _Extractor(tree, source, path).run()


class _Extractor(CallSites, LocalEffects):
    def __init__(self, tree: ast.Module, source, path):
        self.tree = tree
        self.source = source
        self.path = path
        self.parent: dict[ast.AST, ast.AST] = {}
        self.qn: dict[str, str] = {}          # imported local name -> dotted qualified name
        self.imports: list[Import] = []
        self._bound: set[str] = set()   # the local names `imports` binds
        self.fns: dict[ast.AST, _Fn] = {}
        self.by_name: dict[str, _Fn] = {}     # module-level function name -> _Fn
        self.classes: dict[str, ast.ClassDef] = {}
        self.clients: set[str] = set()        # module-level names bound to a client
        self.aliases: list[tuple[str, str]] = []
        self.instances: list[Instance] = []
        self.held: list[tuple[str, Span]] = []   # `repo = make_repo(db)`: (name, the call's span)
        self.module_calls: list[CallSite] = []
        self.registrations: list[Registration] = []
        self.children: dict[tuple[int, str], _Fn] = {}   # (id of the enclosing _Fn, name) -> closure
        self.calls: list[ast.Call] = []
        self.import_locals: set[str] = set()
        self.query_roots: set[str] = set()
        self.methods: dict[tuple[str, str], _Fn] = {}   # (class name, method name) -> method
        self.module_types: dict[str, str] = {}   # module-level name -> the package call it holds
        self.class_fields: dict[str, tuple] = {}  # class name -> (injections, client fields)
        self.self_clients: set = set()   # `self.<field>` holding a client, any class
        self.self_aliases: dict[str, str] = {}   # `self.<field>` = an imported name (`self.db = db`)

    # -- positions -------------------------------------------------------------------
    def pos(self, line: int, col: int) -> tuple[int, int]:
        if self.source.is_ascii:
            return line, col + 1
        starts = self.source._starts()
        if line - 1 >= len(starts):
            return line, col + 1
        return self.source.position(starts[line - 1] + col)

    def span(self, node) -> Span:
        line, col = self.pos(node.lineno, node.col_offset)
        end_line, end_col = self.pos(node.end_lineno or node.lineno, node.end_col_offset or 0)
        return Span(line, col, end_line, end_col)

    def name_span(self, fn) -> Span:
        """The span of a def's name (LibCST's Scope.span): the name follows `def` on its line."""
        text = self.source.line_text(fn.lineno) if fn.lineno else ""
        start = _byte_col(text, fn.col_offset, self.source.is_ascii)
        i = text.find(fn.name, text.find("def", start) + 3) if "def" in text[start:] else -1
        if i < 0:
            s = self.span(fn)
            return Span(s.line, s.col, s.line, s.col)
        return Span(fn.lineno, i + 1, fn.lineno, i + 1 + len(fn.name))

    # -- structure -------------------------------------------------------------------
    def run(self) -> ModuleSymbols:
        self._index(self.tree, None, None)
        self._module_level()
        self.import_locals = {i.local for i in self.imports}
        self.names = self.clients | {n for n, _ in (*self.aliases, *self.held)} | {i.name for i in self.instances}
        for c in self.classes.values():
            _, clients, aliases = class_fields(self, c)
            self.self_clients |= clients | set(aliases)
            self.self_aliases.update(aliases)
        self.query_roots = {r for r in (self._query_root(c.func) for c in self.calls) if r is not None}
        # `db.tx()` of an imported `db`: used as only a client is (PY_CLIENT_EVIDENCE)
        self.query_roots.update(c.func.value.id for c in self.calls if type(c.func) is ast.Attribute
                                and type(c.func.value) is ast.Name and c.func.attr in PY_CLIENT_EVIDENCE)
        marks = py_marks.Marks(self)
        for node in self.calls:
            self._call(node, marks)
        functions = tuple(self._function(f, marks) for f in self.fns.values())
        classes = tuple(self._class(c) for c in self.classes.values())
        registrations = tuple(self.registrations) + marks.registrations
        return ModuleSymbols(
            ecosystem="python", imports=tuple(self.imports), functions=functions, classes=classes,
            instances=tuple(self.instances), module_calls=tuple(self.module_calls),
            registrations=registrations, marker_uses=self._marker_uses(registrations),
            client_bindings=tuple(sorted(self.clients)), aliases=tuple(self.aliases), held=tuple(self.held),
            exports_all=True, numbers=module_numbers(self.tree))

    def _index(self, node, fn: _Fn | None, cls: str | None, own: _Fn | None = None) -> None:
        """Parents, functions (with LibCST's qualnames), imports, calls, and the nodes each
        function runs itself (`own`: its body, not nested functions, lambdas or classes),
        in one walk, in source order."""
        for child in ast.iter_child_nodes(node):
            self._visit(child, node, fn, cls, own)

    def _visit(self, child, node, fn: _Fn | None, cls: str | None, own: _Fn | None) -> None:
        self.parent[child] = node
        t = type(child)
        if own is not None:
            own.nodes.append(child)
        if t in FUNCS:
            f = self._new_function(child, fn, cls)
            body = {id(b) for b in child.body}
            for sub in ast.iter_child_nodes(child):   # decorators and defaults run outside
                self._visit(sub, child, f, None, f if id(sub) in body else own)
            return
        if t is ast.ClassDef:
            if fn is None and cls is None:
                self.classes.setdefault(child.name, child)
            self._index(child, fn, child.name, None)
            return
        if t is ast.Import or t is ast.ImportFrom:
            self._import(child, fn is None)
        elif t is ast.Call:
            self.calls.append(child)
        self._index(child, fn, cls, None if t is ast.Lambda else own)

    def _new_function(self, child, fn: _Fn | None, cls: str | None) -> _Fn:
        if cls is not None:
            qual = f"{cls}.{child.name}"
        elif fn is not None:
            qual = f"{fn.qualname}.<locals>.{child.name}"
        else:
            qual = child.name
        a = child.args
        positional = [*a.posonlyargs, *a.args]
        # keyword-only parameters come last: only keywords reach them
        params = [x.arg for x in (*positional, *a.kwonlyargs)]
        defaults = dict(zip([x.arg for x in positional[len(positional) - len(a.defaults):]], a.defaults))
        defaults.update((x.arg, d) for x, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None)
        if cls is not None and params[:1] in (["self"], ["cls"]) and not _static(child):
            params = params[1:]
        f = _Fn(child, child.name, qual, f"{qual}@{child.lineno}", fn, cls, tuple(params))
        f.local["defaults"] = defaults
        self.fns[child] = f
        if fn is not None and cls is None:
            self.children.setdefault((id(fn), child.name), f)
        if fn is None and cls is None:
            self.by_name.setdefault(child.name, f)
        if cls is not None:
            self.methods.setdefault((cls, child.name), f)
        return f

    def _import(self, node, top: bool) -> None:
        span = self.span(node)
        if type(node) is ast.Import:
            for a in node.names:
                if a.asname:
                    self._bind(Import(a.asname, a.name, "*", span=span), a.name, top)
                    continue
                root = a.name.split(".")[0]
                self._bind(Import(root, root, "*", span=span), root, top)
                if a.name != root:  # `import a.b`: calls spell `a.b.f()` (see _ref)
                    self._bind(Import(a.name, a.name, "*", span=span), a.name, top)
            return
        module = node.module or ""
        dots = "." * (node.level or 0)
        for a in node.names:
            if a.name == "*":
                continue
            local = a.asname or a.name
            qual = f"{dots}{module}.{a.name}" if module else f"{dots}{a.name}"
            self._bind(Import(local, module, a.name, level=node.level or 0, span=span), qual, top)

    def _bind(self, imp: Import, qual: str, top: bool) -> None:
        """An import inside a function (`from app.db import get_client` in a handler, the
        usual way out of an import cycle) binds its name for the calls after it as a
        top-level one does: the file imports that module at run time either way; the first
        binding of a name wins."""
        if self.qn.setdefault(imp.local, qual) == qual and (top or imp.local not in self._bound):
            self._bound.add(imp.local)
            self.imports.append(imp)

    def qname(self, expr) -> str | None:
        """The dotted qualified name an expression spells through the file's imports."""
        parts = []
        while type(expr) is ast.Attribute:
            parts.append(expr.attr)
            expr = expr.value
        if type(expr) is not ast.Name or expr.id not in self.qn:
            return None
        return ".".join([self.qn[expr.id], *reversed(parts)])

    def _module_level(self) -> None:
        """Module-level clients, aliases and instances (`db = Prisma()`, `prisma = db`,
        `users = UserService()`)."""
        self.module_names = {t.id for stmt in self.tree.body for t in _assignment(stmt)[0] if type(t) is ast.Name}
        for stmt in self.tree.body:
            targets, value = _assignment(stmt)
            if value is None:
                if type(stmt) is ast.AnnAssign and type(stmt.target) is ast.Name \
                        and is_prisma_class(self.qname(stmt.annotation) or ""):
                    self.clients.add(stmt.target.id)   # `db: Prisma` filled at start-up
                continue
            for t in targets:
                if type(t) is not ast.Name:
                    continue
                if self.is_client_source(value):
                    self.clients.add(t.id)
                elif type(value) is ast.Name:
                    self.aliases.append((t.id, value.id))
                elif type(value) is ast.Call and type(value.func) is ast.Name and _capitalised(value.func) \
                        and (value.func.id in self.classes or value.func.id in self.qn):
                    name = value.func.id   # `users = UserService()`: a module instance
                    kind = "name" if name in self.classes else "import"
                    self.instances.append(Instance(t.id, CalleeRef(kind, name), self.span(stmt),
                                                   built_with(self, value)))
                    if kind == "import":
                        self._package_value(t.id, value)
                elif type(value) in (ast.Call, ast.Await):
                    self._package_value(t.id, value)
                    if type(value) is ast.Call and type(value.func) is ast.Name \
                            and (value.func.id in self.by_name or value.func.id in self.qn):
                        # `repo = make_repo(db)`: what it holds is what the call returns (linker.returns)
                        self.held.append((t.id, self.site_span(value)))
                    if type(value) is ast.Call and type(value.func) is ast.Attribute \
                            and (_capitalised(value.func) or _factory(value.func)):
                        # `client = httpx.AsyncClient()`, `s3 = boto3.client("s3")`: its methods
                        # are that class's wherever the name is imported (the binder decides
                        # whether the class is a package's or the project's)
                        ref = self._ref_of(value.func)
                        if ref is not None and ref.kind == "import" \
                                and not is_prisma_class(self.qname(value.func) or ""):
                            self.instances.append(Instance(t.id, ref, self.span(stmt)))
        for name, target in self.aliases:
            if target in self.clients:
                self.clients.add(name)

    def _package_value(self, name: str, value) -> None:
        """`s3 = boto3.client("s3")`, `http = httpx.AsyncClient()`: a module-level object of a
        package, whose method calls are that package's (`s3.put_object` is `boto3.client...`)."""
        q = self._package_call(value)
        if q is not None:
            self.module_types[name] = q

    def _package_call(self, value) -> str | None:
        if type(value) is ast.Await:
            value = value.value
        if type(value) is not ast.Call:
            return None
        q = self.qname(value.func)
        return None if q is None or q.startswith(".") or is_prisma_class(q) else q

    def is_construction(self, call) -> bool:
        return type(call) is ast.Call and is_prisma_class(self.qname(call.func) or "")

    def is_client_source(self, value) -> bool:
        """`Prisma(...)`, `get_client()`, `Prisma(...)` awaited or in parentheses."""
        if type(value) is ast.Await:
            value = value.value
        if type(value) is not ast.Call:
            return False
        q = self.qname(value.func) or ""
        return is_prisma_class(q) or q in ("prisma.get_client", "prisma.client.get_client")

    # -- functions ---------------------------------------------------------------------
    def enclosing(self, node) -> _Fn | None:
        """The function whose body runs `node` (decorators, defaults and annotations run in
        the scope around the def)."""
        child, p = node, self.parent.get(node)
        while p is not None:
            if type(p) in FUNCS and child in p.body:
                return self.fns[p]
            child, p = p, self.parent.get(p)
        return None

    def signature_of(self, node) -> _Fn | None:
        """The function whose decorators or parameters hold `node` (`Depends(get_db)`)."""
        child, p = node, self.parent.get(node)
        while p is not None:
            if type(p) in FUNCS:
                return None if child in p.body else self.fns[p]
            child, p = p, self.parent.get(p)
        return None

    def _function(self, f: _Fn, marks) -> Function:
        effects = self._effects(f)
        return Function(
            id=f.id, name=f.name, qualname=f.qualname, span=self.name_span(f.node),
            body=self.span(f.node), kind="method" if f.cls else "function", owner=f.cls,
            params=f.params, direct_scope=marks.scope_of(f), memoised=marks.memoised(f),
            parent=f.parent.id if f.parent is not None else None, calls=tuple(f.calls),
            effects=effects)

    def _marker_uses(self, registrations) -> tuple[MarkerUse, ...]:
        """Parameters naming an imported name, or one of this file's markers or aliases
        (`db: DbDep`, `db = DB`): the linker keeps those that name a marker."""
        own = {r.alias for r in registrations if r.alias} | {n for n, _ in self.aliases}
        out = []
        for f in self.fns.values():
            for expr in marker_names(f.node):
                root, path = _chain(expr)
                if root in self.qn or root in own:
                    ref = CalleeRef("import" if root in self.qn else "name", root, path, ast.unparse(expr))
                    out.append(MarkerUse(ref, f.id, self.span(expr)))
        return tuple(out)

    def _class(self, c: ast.ClassDef) -> ClassInfo:
        methods = tuple((s.name, self.fns[s].id) for s in c.body if type(s) in FUNCS)
        bases = tuple(r for r in (self._ref_of(b) for b in c.bases) if r is not None)
        init = next((s for s in c.body if type(s) in FUNCS and s.name == "__init__"), None)
        return ClassInfo(c.name, self.span(c), methods, bases, class_fields(self, c)[0],
                         param_fields(init) if init is not None else (),
                         param_defaults=param_defaults(self, init) if init is not None else ())

    def _ref_of(self, expr) -> CalleeRef | None:
        root, path = _chain(expr)
        if root is None:
            return None
        if root in self.qn:
            return CalleeRef("import", root, path, ast.unparse(expr))
        if root in self.classes or root in self.by_name:
            return CalleeRef("name", root, path, ast.unparse(expr))
        return None


def _static(fn) -> bool:
    return any(getattr(d, "id", None) == "staticmethod" for d in fn.decorator_list)


def _byte_col(text: str, col: int, ascii_only: bool) -> int:
    """A character index of a UTF-8 byte column of `text`."""
    if ascii_only:
        return col
    return len(text.encode("utf-8")[:col].decode("utf-8", errors="replace"))
