"""The worker pool is decided by the files that need a model: a Python tree's files the gate
closes are settled in the parent (`frontends.python.screen`), and only what is left (TS/JS
files, Python files past the gate) can start workers. Same findings either way."""

import concurrent.futures
from pathlib import Path

import pytest

from poolcheck.config import Settings
from poolcheck.core.sources import Source
from poolcheck.engine import PARALLEL_THRESHOLD, run
from poolcheck.frontends import python

from conftest import write_tree

GATED = ("from fastapi import FastAPI\nfrom prisma import Prisma\n\napp = FastAPI()\n\n\n"
         "@app.get('/users')\nasync def handler():\n"
         "    db = Prisma()\n    await db.connect()\n    return await db.user.find_many()\n")
CLOSED = "import prisma  # noqa\n\n\ndef add(a, b):\n    return a + b\n"


@pytest.mark.parametrize("data,past_the_gate", [
    (CLOSED.encode(), False),
    (GATED.encode(), True),
    (b"import prisma\ndef f(:\n", True),                      # a syntax error: LibCST places it
    (b"\xff\xfeimport prisma\n", True),                       # UTF-16: the ordinary path says so
    (b"import prisma\n" + b"x = 1\n" * 6000, True),           # big: `reduce` cuts it first
    (b"import prisma\nx = " + b"(" * 250 + b")" * 250 + b"\n", True),  # nesting CPython refuses
], ids=["closed", "gated", "syntax-error", "utf16", "big", "deep"])
def test_screen_tells_the_files_past_the_gate(data, past_the_gate):
    assert python.screen(Path("app/m.py"), data) is past_the_gate


@pytest.mark.parametrize("symbols", [False, True])
def test_a_screened_file_is_analysed_as_an_unscreened_one_without_a_second_parse(symbols, monkeypatch):
    path = Path("app/m.py")
    text = CLOSED + "from .db import client\n\n\ndef get():\n    return client.user.find_many()\n"
    fresh = python.analyse(Source.from_bytes(path, "python", text.encode()), Settings(), symbols=symbols)
    assert python.screen(path, text.encode()) is False
    parsed = []
    monkeypatch.setattr(python.gate, "cpython_parse", lambda t: parsed.append(t))
    again = python.analyse(Source.from_bytes(path, "python", text.encode()), Settings(), symbols=symbols)
    assert parsed == []
    assert again.facts == fresh.facts == []
    assert (again.symbols is None) is (not symbols)
    assert again.symbols == fresh.symbols


def test_the_kept_tree_serves_only_the_same_file():
    python.screen(Path("a.py"), CLOSED.encode())
    assert python._screened_tree(Path("b.py"), CLOSED) is None
    assert python._screened_tree(Path("a.py"), CLOSED + "\n") is None
    assert python._screened_tree(Path("a.py"), CLOSED) is not None
    assert python._screened_tree(Path("a.py"), CLOSED) is None  # taken out


class _Pool(concurrent.futures.ProcessPoolExecutor):
    started: list = []

    def __init__(self, *args, **kwargs):
        _Pool.started.append(kwargs.get("max_workers"))
        super().__init__(*args, **kwargs)


def _lines(result):
    return [(d.path.as_posix(), d.span.line, d.code) for d in result.diagnostics]


@pytest.mark.parametrize("gated,pooled", [(3, False), (PARALLEL_THRESHOLD, True)],
                         ids=["few-past-the-gate", "many-past-the-gate"])
def test_the_pool_is_decided_by_the_files_past_the_gate(tmp_path, monkeypatch, gated, pooled):
    files = {f"api/plain_{i}.py": CLOSED for i in range(PARALLEL_THRESHOLD + 20)}
    files.update({f"api/handler_{i}.py": GATED for i in range(gated)})
    files.update({f"db{i}/schema.prisma": "datasource db {\n  provider = \"postgresql\"\n"
                                          "  url = env(\"DATABASE_URL\")\n}\n" for i in range(10)})
    write_tree(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    serial = run([tmp_path], Settings(), jobs=1)
    monkeypatch.setattr(_Pool, "started", [])
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _Pool)
    parallel = run([tmp_path], Settings(), jobs=2)
    assert _lines(parallel) == _lines(serial)
    assert len({path for path, *_ in _lines(serial) if "handler_" in path}) == gated
    assert _Pool.started == ([2] if pooled else [])


def test_a_typescript_tree_still_pools_every_file(tmp_path, monkeypatch):
    route = ("import { PrismaClient } from '@prisma/client'\n"
             "export async function GET() {\n  const prisma = new PrismaClient()\n  return 1\n}\n")
    files = {f"app/api/r{i}/route.ts": route for i in range(PARALLEL_THRESHOLD)}
    files.update({f"py/plain_{i}.py": CLOSED for i in range(5)})
    write_tree(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(_Pool, "started", [])
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _Pool)
    screened = []
    monkeypatch.setattr(python, "screen", lambda *a: screened.append(a) or True)
    run([tmp_path], Settings(), jobs=2)
    assert _Pool.started == [2] and screened == []


def test_many_light_files_beside_python_still_pool(tmp_path, monkeypatch):
    """Schemas, .env and closed Python files weigh LIGHT_WEIGHT to one file that needs a
    model: enough of them pay for the workers again."""
    from poolcheck.engine.parallel import LIGHT_WEIGHT

    schema = "datasource db {\n  provider = \"postgresql\"\n  url = env(\"DATABASE_URL\")\n}\n"
    files = {f"db{i}/schema.prisma": schema for i in range(LIGHT_WEIGHT * PARALLEL_THRESHOLD)}
    files.update({"api/handler.py": GATED, "api/plain.py": CLOSED})
    write_tree(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(_Pool, "started", [])
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _Pool)
    parallel = run([tmp_path], Settings(), jobs=2)
    assert _Pool.started == [2]
    assert _lines(parallel) == _lines(run([tmp_path], Settings(), jobs=1))


@pytest.mark.parametrize("extra,pooled", [(0, False), (1, True)], ids=["below", "at-the-weight"])
def test_a_large_python_tree_pools_without_screening_in_the_parent(tmp_path, monkeypatch, extra,
                                                                   pooled):
    """Python files weigh a heavy file in PYTHON_WEIGHT whatever the gate would say: a tree
    of that many goes to the workers unscreened; one file fewer is screened here first."""
    from poolcheck.engine.parallel import PYTHON_WEIGHT

    count = PYTHON_WEIGHT * PARALLEL_THRESHOLD - 1 + extra
    files = {f"api/plain_{i}.py": CLOSED for i in range(count - 1)}
    files["api/handler.py"] = GATED
    write_tree(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    serial = run([tmp_path], Settings(), jobs=1)
    monkeypatch.setattr(_Pool, "started", [])
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _Pool)
    screened = []
    real_screen = python.screen
    monkeypatch.setattr(python, "screen", lambda *a: screened.append(a) or real_screen(*a))
    parallel = run([tmp_path], Settings(), jobs=2)
    assert _lines(parallel) == _lines(serial)
    assert {Path(path).name for path, *_ in _lines(serial)} == {"handler.py"}
    assert _Pool.started == ([2] if pooled else [])
    assert len(screened) == (0 if pooled else count)
