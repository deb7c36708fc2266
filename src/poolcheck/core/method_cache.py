"""The methods `@dataclass` writes, compiled once per installation instead of once per process.

The standard library's `dataclasses` builds each class's `__init__`, `__repr__`, `__eq__`,
`__hash__` and, when frozen, `__setattr__`/`__delattr__` as source text and compiles it
with `exec`. poolcheck defines over a hundred dataclasses (facts, symbols, settings,
rules), so every process paid ~600 compilations before its first file: 23 % of the
instructions of a one-file run served from the result cache (documenso), a third of
the time its imports take.

`install()` (the command line's start-up, after the replay) gives `dataclasses` an `exec`
that looks the text up in a table of code objects and compiles only a text it has not
seen, with the flags `exec` of a string would use there (none: `dataclasses` has no
`__future__` import). The code object of a text is a pure function of the text and the
interpreter, so the methods, their names, defaults and globals are those `dataclasses`
would have made. The table is kept beside poolcheck's own bytecode (the `__pycache__`
folder `importlib` uses for `poolcheck/__init__.py`, honouring `PYTHONPYCACHEPREFIX`),
with the interpreter's magic number: the same place and the same trust as the `.pyc`
files Python already runs from there, and, like them, written only when bytecode may be
written (not under `PYTHONDONTWRITEBYTECODE`). A missing, foreign or unreadable table
means compiling as before; a table that does not unmarshal to texts and bytes is
ignored. Each text's code is marshalled on its own and unmarshalled the first time the
text is compiled: a one-file run uses under half of the table (572 of 1,265 entries on
documenso), and unmarshalling all of it was 7 ms; an entry that does not unmarshal to a
code object is compiled instead. New texts are written at exit by the process that
installed the table, atomically (a temporary file renamed over). tests/test_method_cache.py checks the
methods against plain `dataclasses`, and the corrupt, foreign and read-only cases.
"""

import marshal
import os
import sys

_HEADER = b"poolcheck-methods 2\n"  # 2: each code marshalled on its own, read when used
_FLAGS = 0  # what dataclasses' own `exec(text)` compiles with: it has no __future__ import
_CODE_TYPE = type(compile("", "<string>", "exec"))
MAX_ENTRIES = 4096  # texts kept across versions before the table keeps only this process's


class _Table:
    def __init__(self, path):
        self.path = path
        self.codes = _read(path) if path else {}
        self.used: set = set()
        self.new = False
        self.pid = os.getpid()

    def exec(self, source, globals=None, locals=None):
        """`exec` for dataclasses: the code of `source`, compiled once."""
        if not isinstance(source, str):
            return exec(source, globals, locals)
        code = self.codes.get(source)
        if type(code) is bytes:  # as read from the table: unmarshalled when first used
            code = _code(code)
            if code is not None:
                self.codes[source] = code
        if code is None:
            code = self.codes[source] = compile(source, "<string>", "exec", _FLAGS, True)
            self.new = True
        self.used.add(source)
        return exec(code, globals, locals)

    def save(self) -> None:
        if not (self.new and self.path) or os.getpid() != self.pid or sys.dont_write_bytecode:
            return
        codes = self.codes
        if len(codes) > MAX_ENTRIES:
            codes = {text: codes[text] for text in self.used}
        _write(self.path, {text: c if type(c) is bytes else marshal.dumps(c) for text, c in codes.items()})


def _magic() -> bytes:
    from importlib.util import MAGIC_NUMBER
    return MAGIC_NUMBER


def table_path():
    """Where the table lives: beside the bytecode of poolcheck/__init__.py."""
    try:
        from importlib.util import cache_from_source

        import poolcheck
        pyc = cache_from_source(poolcheck.__file__)
    except Exception:  # no source file (a zip import), no cache tag
        return None
    return os.path.join(os.path.dirname(pyc), f"dataclass-methods.{sys.implementation.cache_tag}.marshal")


def _read(path) -> dict:
    try:
        with open(path, "rb") as f:
            raw = f.read()
        head = _HEADER + _magic()
        if not raw.startswith(head):
            return {}
        codes = marshal.loads(raw[len(head):])
    except Exception:  # missing, unreadable, truncated
        return {}
    if not isinstance(codes, dict) or not all(type(k) is str and type(v) is bytes for k, v in codes.items()):
        return {}
    return codes


def _code(blob: bytes):
    """The code object a table entry holds; None for one that does not unmarshal to one."""
    try:
        code = marshal.loads(blob)
    except Exception:
        return None
    return code if type(code) is _CODE_TYPE else None


def _write(path, codes: dict) -> None:
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(_HEADER + _magic() + marshal.dumps(codes))
        os.replace(tmp, path)
    except Exception:  # a read-only installation: compile each time, as before
        try:
            os.unlink(tmp)
        except OSError:
            pass


_TABLE = None


def install(path=None):
    """Route `dataclasses`' compilations through the table (once per process)."""
    global _TABLE
    if _TABLE is not None:
        return _TABLE
    import atexit
    import dataclasses

    _TABLE = _Table(table_path() if path is None else path)
    dataclasses.exec = _TABLE.exec  # a module global shadows the builtin for dataclasses alone
    atexit.register(_TABLE.save)
    return _TABLE


def uninstall() -> None:
    """Back to the builtin `exec` (tests)."""
    global _TABLE
    import dataclasses

    if _TABLE is not None:
        import atexit

        atexit.unregister(_TABLE.save)
        dataclasses.__dict__.pop("exec", None)
        _TABLE = None
