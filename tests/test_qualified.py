"""Qualified names from the module's bindings (frontends/python/qualified.py) must be what
LibCST's ScopeProvider gives, on every node the resolver answers for, and it must leave to
ScopeProvider what it cannot show. Both run over generated programs (a seeded generator and
a derandomised Hypothesis property) built from what decides the difference: imports of
every form and in every scope, defs and classes reusing those names, every other kind of
binding, uses before and after the binding, in defaults, decorators, bases, lambdas,
comprehensions and class bodies, dotted imports, string annotations; and over reduced real
files, where the analyser's facts must not change either."""

from __future__ import annotations

import ast
import random
from pathlib import Path

import libcst as cst
from hypothesis import given, settings, strategies as st
from libcst.metadata import MetadataWrapper, ScopeProvider

from poolcheck.config.settings import Settings
from poolcheck.core.sources import Source
from poolcheck.frontends.python import analyse, context
from poolcheck.frontends.python.index import Index, root_name
from poolcheck.frontends.python.qualified import Resolver

NAMES = ["prisma", "Prisma", "os", "db", "open", "f", "C", "g"]
ATTRS = ["Prisma", "environ", "client", "register", "a"]
IMPORTS = [
    "import {n}", "import {n} as {k}", "import {n}.{a}", "import {n}.{a} as {k}", "import {n}.{a}.{b}",
    "from {n} import {k}", "from {n} import {a} as {k}", "from {n}.{a} import {k}", "from . import {k}",
    "from .{n} import {a} as {k}", "from {n} import *", "from typing import cast as {k}",
]
USES = [
    "{n}()", "{n}.{a}()", "{n}.{a}.{b}()", "x = {n}.{a}", "{n}().{a}", "{n}[0].{a}()", "{n}.{a}({k})",
    "y = [{n}.{a} for _ in z]", "y = [q for q in {n}.{a}]", "y = lambda: {n}.{a}()",
    "y = lambda {k}={n}: {k}", "print({n}.environ['X'])", "y = {n} if z else {k}.{a}",
    "w = ({n}.{a}[{k}.{b}]).c", "v = {n}.{a}().{b}.c", "{n}.{a}.{b} = {k}", "t = ({n}.{a}, {k}.{b}.c)",
    "u = cast('{n}', {k})", "s = {{k2: {n}.{a} for k2 in {k}}}", "r = ({n} + {k}).{a}",
]
BINDINGS = [
    "{n} = 1", "{n} += 1", "{n}: int = 2", "for {n} in z: pass", "with z as {n}: pass",
    "try:\n    pass\nexcept E as {n}:\n    pass", "global {n}", "[{n} for {n} in z]", "del {n}",
    "(w := {n})", "({n} := 1)", "y: '{n} = 1'", "y: 'List[{n}]'", "y: '{n} | None'",
    "match z:\n    case {n}:\n        pass", "y: List['import {n}'] = []",
]
COMPOUND = [
    "def {n}({p}):", "async def {n}({p}):", "@{k}.{a}\ndef {n}({p}):", "@{k}\ndef {n}({p}):",
    "class {n}:", "class {n}({k}.{a}):", "if z:", "try:", "for q in {k}.{a}:", "with {k}.{a}() as w:",
    "def {n}(self, x={k}.{a}, *args, y: {k} = None, **kw) -> {k}.{b}:",
]
PARAMS = ["", "{k}", "x={k}", "x: {k}.{a} = None", "*args, **{k}"]


def _fill(rng: random.Random, template: str) -> str:
    return template.format(n=rng.choice(NAMES), k=rng.choice(NAMES), a=rng.choice(ATTRS),
                           b=rng.choice(ATTRS), p=rng.choice(PARAMS).format(
                               k=rng.choice(NAMES), a=rng.choice(ATTRS)))


def _block(rng: random.Random, depth: int, indent: str) -> list[str]:
    lines: list[str] = []
    for _ in range(rng.randint(1, 5)):
        roll = rng.random()
        if depth < 3 and roll < 0.25:
            head = _fill(rng, rng.choice(COMPOUND))
            lines += [indent + h for h in head.splitlines()]
            lines += _block(rng, depth + 1, indent + "    ")
            if head == "try:":
                lines += [indent + "except Exception:", indent + "    pass"]
            continue
        pool = IMPORTS if roll < 0.45 else USES if roll < 0.92 else BINDINGS
        lines += [indent + piece for piece in _fill(rng, rng.choice(pool)).splitlines()]
        if depth and rng.random() < 0.1:
            lines.append(indent + "nonlocal " + rng.choice(NAMES))
    return lines


def _program(rng: random.Random) -> str:
    return "\n".join(_block(rng, 0, "")) + "\n"


def _compare(text: str) -> tuple[int, int]:
    """(answered, left to ScopeProvider) over every node a pass could ask about; fails on
    any answer that differs from ScopeProvider's."""
    try:
        tree = ast.parse(text)
        module = cst.parse_module(text)
    except (SyntaxError, cst.ParserSyntaxError):
        return 0, 0
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    index = Index()
    wrapper.module.visit(index)
    resolver = Resolver(index, tree)
    try:
        scopes = wrapper.resolve(ScopeProvider)
    except Exception:
        scopes = None  # ScopeProvider fails on this module: the resolver must not answer
    answered = left = 0
    for node in index.order:
        if type(node) not in (cst.Name, cst.Attribute, cst.Call, cst.Subscript):
            continue
        root = root_name(node)
        if root is None or root not in index.import_roots and root not in index.defined:
            continue
        got = resolver.resolve(node, root)
        if got is None:
            left += 1
            continue
        assert scopes is not None, text
        scope = scopes.get(node)
        expected = set(scope.get_qualified_names_for(node)) if scope is not None else set()
        assert set(got) == expected, (text, wrapper.module.code_for_node(node))
        answered += 1
    return answered, left


def test_seeded_programs_get_the_names_scopeprovider_gives():
    rng = random.Random(15)
    answered = left = 0
    for _ in range(250):
        a, b = _compare(_program(rng))
        answered += a
        left += b
    # the generator reaches both sides, or the comparison would prove nothing
    assert answered > 500 and left > 500, (answered, left)


@settings(derandomize=True, max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(IMPORTS + USES + BINDINGS), st.sampled_from(NAMES),
                          st.sampled_from(NAMES), st.sampled_from(ATTRS), st.integers(0, 2)),
                max_size=10))
def test_generated_programs_get_the_names_scopeprovider_gives(pieces):
    lines, depth = [], 0
    for template, n, k, a, nest in pieces:
        if nest == 1 and depth < 2:
            lines.append("    " * depth + f"def {n}():")
            depth += 1
        elif nest == 2 and depth:
            depth -= 1
        for line in template.format(n=n, k=k, a=a, b=a, p="").splitlines():
            lines.append("    " * depth + line)
    lines.append("    " * depth + "pass")
    _compare("\n".join(lines) + "\n")


# -- the cases that decide the difference, each pinned
def _names(text: str, code: str) -> set[str] | None:
    """What the resolver answers for the first node spelled `code` (None: left to
    ScopeProvider), after checking it against ScopeProvider."""
    tree, module = ast.parse(text), cst.parse_module(text)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    index = Index()
    wrapper.module.visit(index)
    resolver = Resolver(index, tree)
    scopes = wrapper.resolve(ScopeProvider)
    for node in index.order:
        if type(node) in (cst.Name, cst.Attribute) and wrapper.module.code_for_node(node) == code \
                and type(index.parent[node]) is cst.Call:
            got = resolver.resolve(node, root_name(node))
            if got is not None:
                assert set(got) == set(scopes[node].get_qualified_names_for(node))
                return {q.name for q in got}
            return None
    raise AssertionError(code)


def test_a_module_level_use_before_the_import_is_the_builtin_or_nothing():
    assert _names("open()\nfrom io import open\n", "open") == {"builtins.open"}
    assert _names("prisma()\nimport prisma\n", "prisma") == set()
    assert _names("def f():\n    prisma()\nimport prisma\n", "prisma") == {"prisma"}


def test_a_function_level_import_shadows_the_module_one_and_a_class_body_does_not():
    text = "import a as P\ndef f():\n    from prisma import Prisma as P\n    P()\n"
    assert _names(text, "P") == {"prisma.Prisma"}
    text = "import a as P\nclass K:\n    from prisma import Prisma as P\n    def m(self):\n        P()\n"
    assert _names(text, "P") == {"a"}


def test_a_dotted_import_moves_the_access_to_the_longest_bound_prefix():
    assert _names("import os.path\nos.path.join()\n", "os.path.join") == {"os.path.join"}
    assert _names("import prisma\nprisma.register()\n", "prisma.register") == {"prisma.register"}


def test_nested_defs_are_named_as_libcst_names_them():
    text = "def outer():\n    def inner():\n        pass\n    inner()\n"
    assert _names(text, "inner") == {"outer.<locals>.inner"}


def test_other_bindings_and_binding_string_annotations_are_left_to_scopeprovider():
    assert _names("from prisma import Prisma\nPrisma = 1\nPrisma()\n", "Prisma") is None
    assert _names("from prisma import Prisma\ndef f(Prisma):\n    Prisma()\n", "Prisma") is None
    assert _names("from prisma import Prisma\nx: '(Prisma := 1)' = 0\nPrisma()\n", "Prisma") is None
    assert _names("from prisma import Prisma\nx: 'List[Prisma]' = 0\nPrisma()\n", "Prisma") == {"prisma.Prisma"}


# -- reduced real files: the analyser's facts with and without the resolver
FASTAPI = '''from fastapi import FastAPI
from prisma import Prisma, register
import os

app = FastAPI()
db = Prisma(datasource={"url": os.environ["DATABASE_URL"] + "?connection_limit=1"})
register(db)


@app.on_event("startup")
async def startup() -> None:
    await db.connect()


@app.get("/users")
async def users():
    from prisma import Prisma as P
    client = P()
    await client.connect()
    async with db.tx() as tx:
        return await tx.user.find_many()
'''
TESTS = '''import pytest
from prisma import Prisma


@pytest.fixture(name="client")
async def client_fixture():
    client = Prisma()
    await client.connect()
    yield client
    await client.disconnect()


def test_alias() -> None:
    from prisma import Client, Prisma
    assert Client == Prisma
    Client().connect()
'''


def _facts(path: str, text: str, resolver: bool, monkeypatch):
    if not resolver:
        monkeypatch.setattr(context.PyFile, "_resolved", lambda self, node, root: None)
    facts = analyse(Source.from_bytes(Path(path), "python", text.encode()), Settings())
    monkeypatch.undo()
    return facts


def test_reduced_real_files_give_the_same_facts_with_and_without_the_resolver(monkeypatch):
    for path, text in (("app/main.py", FASTAPI), ("tests/test_client.py", TESTS)):
        with_resolver = _facts(path, text, True, monkeypatch)
        assert with_resolver == _facts(path, text, False, monkeypatch)
        assert with_resolver.facts, path


def test_reduced_real_files_never_run_scopeprovider(monkeypatch):
    def refuse(self, provider):
        raise AssertionError("ScopeProvider ran")

    for path, text in (("app/main.py", FASTAPI), ("tests/test_client.py", TESTS)):
        original = context.MetadataWrapper.resolve
        monkeypatch.setattr(context.MetadataWrapper, "resolve",
                            lambda self, p: refuse(self, p) if p is ScopeProvider else original(self, p))
        assert analyse(Source.from_bytes(Path(path), "python", text.encode()), Settings()).facts
        monkeypatch.undo()


def test_seeded_programs_give_the_same_facts_with_and_without_the_resolver(monkeypatch):
    rng = random.Random(7)
    uses = ["db = Prisma()", "await db.connect()", "register(db)", "with db.tx() as t: pass",
            "P().connect()", "prisma.Prisma()", "x = os.environ['U'] + '?pgbouncer=true'"]
    for _ in range(60):
        text = _program(rng) + "\n".join(rng.sample(uses, 3)) + "\n"
        try:
            ast.parse(text)
        except SyntaxError:
            continue
        assert _facts("app/x.py", text, True, monkeypatch) == _facts("app/x.py", text, False, monkeypatch), text


def test_a_deeply_nested_module_keeps_scopeprovider(monkeypatch):
    """Deep enough for LibCST's recursive passes to fail, a module is left to them: it
    must fail, or not, exactly where it did (the analyser reports it not analysed)."""
    text = "import prisma\nx = prisma" + "[0]" * 200 + "\ndb = prisma.Prisma()\n"
    called = []
    monkeypatch.setattr(context.PyFile, "_resolved",
                        lambda self, node, root, original=context.PyFile._resolved:
                        called.append(original(self, node, root)) or called[-1])
    analyse(Source.from_bytes(Path("app/x.py"), "python", text.encode()), Settings())
    assert called and all(c is None for c in called)
