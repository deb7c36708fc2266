"""core.method_cache: dataclass methods compiled once per installation, the same methods."""

import dataclasses
import json
import marshal
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from poolcheck.core import method_cache

SRC = str(Path(method_cache.__file__).resolve().parents[2])

# Every dataclass of every poolcheck module, and each method dataclasses wrote for it.
_FINGERPRINTS = textwrap.dedent("""
    import dataclasses, importlib, json, pkgutil, sys
    table = None
    if sys.argv[1] != "-":
        from poolcheck.core import method_cache
        table = method_cache.install(sys.argv[1])
    import poolcheck
    for info in pkgutil.walk_packages(poolcheck.__path__, "poolcheck."):
        if info.name.endswith("__main__") or ".lsp" in info.name:
            continue
        importlib.import_module(info.name)

    def code(c):
        consts = [code(k) if hasattr(k, "co_code") else repr(k) for k in c.co_consts]
        return [c.co_code.hex(), consts, c.co_names, c.co_varnames, c.co_freevars, c.co_flags, c.co_name,
                c.co_qualname, c.co_filename]

    out = {}
    for name, module in sorted(sys.modules.items()):
        if not name.startswith("poolcheck."):
            continue
        for value in vars(module).values():
            if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == name:
                methods = {}
                for m in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__lt__"):
                    f = value.__dict__.get(m)
                    if f is not None and hasattr(f, "__code__"):
                        methods[m] = [code(f.__code__), repr(f.__defaults__), repr(f.__kwdefaults__),
                                      f.__globals__ is vars(module), repr(getattr(f, "__annotations__", None))]
                out[f"{name}.{value.__qualname__}"] = methods
    print(json.dumps({"classes": out, "compiled": None if table is None else sorted(table.used),
                      "new": None if table is None else table.new}))
""")


def _fingerprints(table: str, write: bool = True) -> dict:
    env = {**os.environ, "PYTHONPATH": SRC, "PYTHONHASHSEED": "0"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not write:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    done = subprocess.run([sys.executable, "-c", _FINGERPRINTS, table], capture_output=True, text=True, env=env,
                          check=True)
    return json.loads(done.stdout)


def test_the_tables_methods_are_the_ones_dataclasses_compiles(tmp_path):
    table = tmp_path / "methods.marshal"
    plain = _fingerprints("-")["classes"]
    first = _fingerprints(str(table))  # compiles every text, writes the table at exit
    assert table.exists() and first["new"]
    again = _fingerprints(str(table))  # every text from the table
    assert again["new"] is False
    assert len(plain) > 100
    assert first["classes"] == plain
    assert again["classes"] == plain


def test_nothing_is_written_where_bytecode_is_not(tmp_path):
    table = tmp_path / "methods.marshal"
    _fingerprints(str(table), write=False)
    assert not table.exists()


@pytest.fixture
def installed(tmp_path):
    method_cache.uninstall()
    yield lambda path: method_cache.install(str(path))
    method_cache.uninstall()


def _point():
    @dataclasses.dataclass(frozen=True)
    class Point:
        x: int
        y: int = 2
        tags: list = dataclasses.field(default_factory=list)
    return Point


@pytest.mark.parametrize("content", [b"", b"garbage", b"poolcheck-methods 1\n" + b"\0" * 16,
                                     method_cache._HEADER + method_cache._magic() + marshal.dumps({"a": 1}),
                                     method_cache._HEADER + method_cache._magic() + marshal.dumps([1, 2])])
def test_a_corrupt_or_foreign_table_is_ignored(tmp_path, installed, content):
    path = tmp_path / "methods.marshal"
    path.write_bytes(content)
    table = installed(path)
    assert table.codes == {}
    Point = _point()
    assert Point(1) == Point(1, 2, []) and repr(Point(1)).endswith("Point(x=1, y=2, tags=[])")
    with pytest.raises(dataclasses.FrozenInstanceError):
        Point(1).x = 3
    assert table.new


def test_another_interpreters_table_is_ignored(tmp_path, installed):
    path = tmp_path / "methods.marshal"
    path.write_bytes(method_cache._HEADER + b"\x00\x00\r\n" + marshal.dumps({}))
    assert installed(path).codes == {}


def test_a_saved_table_is_read_back_and_an_unwritable_one_is_no_error(tmp_path, installed, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    path = tmp_path / "methods.marshal"
    table = installed(path)
    _point()
    table.save()
    texts = set(table.codes)
    method_cache.uninstall()
    again = installed(path)
    assert set(again.codes) == texts
    _point()
    assert not again.new
    method_cache.uninstall()
    blocked = installed(tmp_path / "a-file" / "methods.marshal")
    (tmp_path / "a-file").write_text("not a folder")
    _point()
    blocked.save()  # no exception, nothing written


def test_the_table_keeps_only_this_process_s_texts_past_its_bound(tmp_path, installed, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(method_cache, "MAX_ENTRIES", 3)
    path = tmp_path / "methods.marshal"
    table = installed(path)
    table.codes.update({f"x{i} = {i}": compile(f"x{i} = {i}", "<string>", "exec") for i in range(5)})
    _point()
    table.save()
    assert set(method_cache._read(str(path))) == table.used


def test_the_command_line_installs_it_after_the_replay(tmp_path):
    env = {**os.environ, "PYTHONPATH": SRC}
    code = ("import dataclasses\nfrom poolcheck.cli import main\ntry:\n    main(['--version'])\n"
            "except SystemExit:\n    pass\nprint(type(dataclasses.__dict__.get('exec')).__name__)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.stdout.strip().splitlines()[-1] == "method"


def test_an_entry_that_is_not_code_is_compiled_instead(tmp_path, installed, monkeypatch):
    """Entries are unmarshalled when first used: one that does not hold a code object
    (a truncated or foreign blob) is compiled as if it were missing."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    path = tmp_path / "methods.marshal"
    table = installed(path)
    _point()
    table.save()
    method_cache.uninstall()
    saved = method_cache._read(str(path))
    assert saved and all(type(v) is bytes for v in saved.values())
    path.write_bytes(method_cache._HEADER + method_cache._magic()
                     + marshal.dumps({text: b"\xff" if i % 2 else marshal.dumps(42)
                                      for i, text in enumerate(saved)}))
    again = installed(path)
    Point = _point()
    assert Point(1) == Point(1, 2, []) and repr(Point(1)).endswith("Point(x=1, y=2, tags=[])")
    assert again.new and all(type(again.codes[t]) is type(_point.__code__) for t in again.used)
