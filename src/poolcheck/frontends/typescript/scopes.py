"""Which TS/JS functions run per request, per process, per script run or in tests.

`Scopes` holds the marks of one program (function id -> Scope) and answers `at(node)`;
`build_scopes` fills it: the framework pass (frameworks.py) marks handlers, hooks and
scripts, then same-file functions called from a per-request function inherit its scope
(a few levels, cycle-safe), with the call chain kept for related locations.
"""

from __future__ import annotations

import bisect
from pathlib import PurePosixPath

from ...core.diagnostics import Related
from ...vocabulary.layout import health_url, path_role
from ...facts import Scope, ScopeKind
from ..ts_model import FUNCTION_TYPES, Program, function_name, resolve, strip
from . import frameworks
from .exports import project_imports, test_harness_import

MAX_CALL_DEPTH = 4


class Scopes:
    def __init__(self, prog: Program, path: PurePosixPath, span, report_path=None):
        self.prog = prog
        self.path = path
        self.report_path = report_path if report_path is not None else path
        self.span = span            # (start_byte, end_byte) -> Span
        self.marks: dict[int, Scope] = {}
        self.registered_elsewhere: list[tuple[object, Scope]] = []  # (value node, scope): the linker's
        self.traits: list[tuple[str, object, str]] = []  # (name, node, detail)
        self.framework_hint = frameworks.framework_hint(self)
        self.worker = False
        self.test_file = self.script_file = self.calls_own_main = False
        self.main_guarded = False  # main() is called under `if (require.main === module)` and the like
        self.default: Scope | None = None
        self.module_scope = Scope(ScopeKind.MODULE)
        self._memo: dict[int, Scope] = {}
        self.sorted_fns: list | None = None  # functions by start byte (functions_within)
        self.starts: list[int] = []
        self.imported_modules: set[str] | None = None  # modules the program imports (rows.py)
        # build_scopes collects the traits; the marks (which function runs per request, at
        # startup, ...) wait for the first question (`at`, `of_function`): most files that
        # reach the parse never ask one. `marking` says which of the two a pass is doing.
        self.marking = False
        self._module_scope_given: Scope | None = None

    def _ensure_marks(self) -> None:
        if self.marking:
            return
        self.marking = True
        traits, self.traits, self.worker = self.traits, [], False
        frameworks.mark_all(self)
        self.traits = traits  # the traits pass found the same ones
        if self.test_file:
            self.default = Scope(ScopeKind.TEST, None, None)
        elif self.script_file or self.calls_own_main and not exports_anything(self.prog) \
                and not any(m.per_request for m in self.marks.values()):
            # a module that calls its own function at the top and exports nothing runs as a
            # script; one that exports its client (`testConnection().catch(...)` beside
            # `module.exports = prisma`) is a library other modules load into their process,
            # and one that registers handlers (`start()` of an Express entry) is the server
            self.default = Scope(ScopeKind.SCRIPT, None, None)
        self.module_scope = self._module_scope_given or self.default or Scope(ScopeKind.MODULE)
        propagate(self)

    def fn_span(self, fn):
        name = fn.child_by_field_name("name")
        anchor = name if name is not None else fn
        if name is None and fn.type != "method_definition":
            parent = fn.parent
            while parent is not None and parent.type in ("parenthesized_expression", "as_expression"):
                parent = parent.parent
            if parent is not None and parent.type == "variable_declarator":
                anchor = parent.child_by_field_name("name") or fn
        end = min(anchor.end_byte, anchor.start_byte + 200)
        if anchor is fn:
            end = fn.start_byte + 1
        return self.span(anchor.start_byte, end)
    def functions_of(self, value, depth: int = 0) -> list:
        """The functions a value stands for: a literal, a same-file name, or a wrapped one
        (`withAuth(async (req) => ...)`, `defineEventHandler(fn)`)."""
        value = strip(value)
        if value is None or depth > 3:
            return []
        if value.type in FUNCTION_TYPES:
            return [value]
        if value.type == "identifier":
            b = resolve(self.prog, self.prog.text(value), value)
            if b is None:
                return []
            if b.kind == "function":
                return [b.node]
            if b.kind in ("local", "module") and not b.path:
                return self.functions_of(b.init, depth + 1)
            return []
        if value.type == "call_expression":
            args = value.child_by_field_name("arguments")
            out = []
            for a in (args.named_children if args is not None else ()):
                if strip(a) is not None and strip(a).type in FUNCTION_TYPES | {"identifier"}:
                    out.extend(self.functions_of(a, depth + 1))
            return out
        if value.type == "object":
            return []
        return []
    def mark(self, value, kind: ScopeKind, framework: str | None, name: str | None = None,
             *, methods_of_object: bool = False, anonymous: str | None = None,
             route: str | None = None) -> None:
        """`anonymous`: the name for a function that has none of its own (`GET /users`);
        `route`: the path it serves, a health check's or not (Scope.health)."""
        value = strip(value)
        if value is None or not self.marking:
            return
        health = health_url(route)
        if methods_of_object and value.type == "object":
            for member in value.named_children:
                if member.type == "method_definition":
                    self.mark(member, kind, framework, function_name(self.prog, member))
                elif member.type == "pair":
                    key = member.child_by_field_name("key")
                    self.mark(member.child_by_field_name("value"), kind, framework,
                              self.prog.text(key) if key is not None else None)
            return
        targets = self.functions_of(value)
        if not targets:
            # an imported handler (`router.get("/x", handlers.list)`), also through a
            # wrapper (`AsyncWrapper(authController.signUp)`): the linker resolves it
            args = value.child_by_field_name("arguments") if value.type == "call_expression" else None
            for v in ([value] if args is None else [strip(a) for a in args.named_children]):
                if v is not None and v.type in ("identifier", "member_expression"):
                    self.registered_elsewhere.append((v, Scope(kind, framework, name or anonymous,
                                                               health=health)))
        for fn in targets:
            if fn.id in self.marks and self.marks[fn.id].kind is not ScopeKind.FUNCTION:
                continue
            fname = name or function_name(self.prog, fn) or anonymous
            self.marks[fn.id] = Scope(kind, framework, fname, self.fn_span(fn), health=health)
    # -- queries -----------------------------------------------------------------
    def of_function(self, fn) -> Scope:
        self._ensure_marks()
        if self.test_file:
            mark = self.marks.get(fn.id)
            return mark if mark is not None and mark.kind is ScopeKind.TEARDOWN else self.default
        if self.script_file:
            return self.default
        chain = []
        node = fn
        result = None
        while node is not None:
            if node.id in self._memo:
                result = self._memo[node.id]
                break
            mark = self.marks.get(node.id)
            if mark is not None:
                result = mark
                break
            chain.append(node)
            node = self.prog.enclosing(node)
        if result is None:
            result = self.default or Scope(ScopeKind.FUNCTION)
        for n in chain:
            self._memo[n.id] = result
        return result
    def at(self, node) -> Scope:
        self._ensure_marks()
        fn = self.prog.enclosing(node)
        if fn is None:
            return self.module_scope
        return self.of_function(fn)


def build_scopes(prog: Program, path: PurePosixPath, span, module_scope: Scope | None = None,
                 report_path=None) -> Scopes:
    s = Scopes(prog, path, span, report_path)
    for module in project_imports(prog):
        # PC103 counts which module's client the project imports (rules: canonical client).
        s.traits.append(("import", None, module))
    harness = test_harness_import(prog)
    if harness is not None:
        # A testcontainers helper or test-runner setup, wherever it lives (rules.file_role).
        s.traits.append(("test-harness", None, harness))
    role = path_role(path)
    s.test_file = role == "test" or harness is not None
    s.script_file = role == "script"
    s._module_scope_given = module_scope
    frameworks.mark_all(s)  # the traits only: the marks follow on the first question
    return s


# -- propagation through same-file calls ---------------------------------------
def propagate(s) -> None:
    prog = s.prog
    calls_in: dict[int, list] = {}
    for call in prog.nodes("call_expression"):
        fn = strip(call.child_by_field_name("function"))
        if fn is None or fn.type != "identifier":
            continue
        owner = prog.enclosing(call)
        if owner is None:
            continue
        calls_in.setdefault(owner.id, []).append(call)
    # a nested function's calls count for the handler that contains it
    frontier = []
    for fid, scope in s.marks.items():
        if scope.per_request:
            frontier.append((prog.functions[fid], scope, 0))
    # health-check routes at the bottom of the stack: a helper an ordinary route reaches is
    # judged by that route (PC105), as the linker orders its seeds
    frontier.sort(key=lambda item: not item[1].health)
    seen = set(s.marks)
    while frontier:
        fn, scope, depth = frontier.pop()
        if depth >= MAX_CALL_DEPTH:
            continue
        for inner_id in functions_within(s, fn):
            for call in calls_in.get(inner_id, ()):
                callee = strip(call.child_by_field_name("function"))
                for target in s.functions_of(callee):
                    if target.id in seen or contains(fn, target):
                        continue
                    seen.add(target.id)
                    name = prog.text(callee)
                    via = scope.via + (Related(s.report_path, s.span(call.start_byte, call.end_byte),
                                               f"`{scope.name or 'the handler'}` calls `{name}` here"),)
                    new = Scope(scope.kind, scope.framework, scope.name, scope.span, via,
                                callee=name, health=scope.health)
                    s.marks[target.id] = new
                    frontier.append((target, new, depth + 1))


def functions_within(s, fn):
    """`fn` and the unmarked functions nested in it (sorted by start: a bisect range)."""
    if s.sorted_fns is None:
        s.sorted_fns = sorted(s.prog.functions.values(), key=lambda n: n.start_byte)
        s.starts = [n.start_byte for n in s.sorted_fns]
    out = [fn.id]
    i = bisect.bisect_left(s.starts, fn.start_byte)
    while i < len(s.sorted_fns) and s.starts[i] < fn.end_byte:
        other = s.sorted_fns[i]
        if other.id != fn.id and other.end_byte <= fn.end_byte and other.id not in s.marks:
            out.append(other.id)
        i += 1
    return out


def contains(outer, inner) -> bool:
    return inner.start_byte >= outer.start_byte and inner.end_byte <= outer.end_byte


def exports_anything(prog) -> bool:
    """An `export` statement or a `module.exports` / `exports.x` assignment at the top level."""
    for stmt in prog.root.named_children:
        if stmt.type == "export_statement":
            return True
        expr = stmt.named_children[0] if stmt.type == "expression_statement" and stmt.named_children else None
        left = expr.child_by_field_name("left") if expr is not None and expr.type == "assignment_expression" else None
        if left is not None and prog.text(left).startswith(("module.exports", "exports.")):
            return True
    return False

