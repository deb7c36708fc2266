"""Lark's analysis of poolcheck's own grammars, kept between processes.

Building the LALR tables of `grammars/prisma.lark` takes Lark ~0.16 s, and compiling the
schema fast path's two terminals as much again; every process that reads a schema (each
`--jobs` worker too) paid it. Lark's supported serialisation (`Lark.save` / `Lark.load`,
what its own `cache=` option uses) restores the parser in ~2 ms. poolcheck keeps that file
itself rather than through `cache=`, which writes into the shared temp folder, in place
and without a check:

- in poolcheck's cache folder (`$POOLCHECK_CACHE_DIR`, else the user cache folder),
  `grammars/`, created readable by its owner only; never in the tree being checked.
  These are poolcheck's build products, keyed by the grammar's text, the options and
  the Lark version, not results: `--no-cache` leaves them on;
- written to a temporary file and renamed over (a concurrent worker reads the old file or
  the new one, never half of one), with a digest of the payload checked before use;
- read back by an unpickler that accepts no class at all (Lark's serialised form is
  plain dicts, lists and strings), so a corrupt, foreign or tampered file is rebuilt from
  the grammar, and an unwritable folder just means building each time.

tests/test_grammar_cache.py checks the corrupt, tampered and unwritable cases.
"""

from __future__ import annotations

import io
import pickle
from pathlib import Path
from typing import Callable, TypeVar

from .atomic import replace_with
from .digest import blake2b
from .resources import default_cache_dir

T = TypeVar("T")
FORMAT = b"poolcheck-grammar-cache 1"


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"refusing {module}.{name} in a grammar cache")


def plain_loads(payload: bytes):
    """Unpickle data made of builtin containers and scalars only."""
    return _PlainUnpickler(io.BytesIO(payload)).load()


def cache_path(name: str, key: str) -> Path:
    digest = blake2b(key.encode(), digest_size=16).hexdigest()
    return default_cache_dir() / "grammars" / f"{name}-{digest}.pickle"


def cached(name: str, key: str, build: Callable[[], T], dump: Callable[[T], bytes],
           load: Callable[[bytes], T]) -> T:
    """`load(payload)` of the bytes kept for (`name`, `key`) when they are intact and load,
    else `build()` (keeping `dump(result)` for next time when the folder allows)."""
    try:
        path = cache_path(name, key)
    except Exception:  # no cache folder on this platform
        return build()
    data = _read(path)
    if data is not None:
        try:
            return load(data)
        except Exception:  # loads but is no parser of ours: build afresh and replace it
            pass
    result = build()
    try:
        _write(path, dump(result))
    except Exception:  # read-only home, full disk, a value that does not pickle
        pass
    return result


def _read(path: Path):
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    head, _, rest = raw.partition(b"\n")
    digest, _, payload = rest.partition(b"\n")
    if head != FORMAT or digest != blake2b(payload, digest_size=16).hexdigest().encode():
        return None
    return payload


def _write(path: Path, payload: bytes) -> None:
    folder = path.parent
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    replace_with(path, FORMAT + b"\n" + blake2b(payload, digest_size=16).hexdigest().encode()
                 + b"\n" + payload, ".grammar-")


def terminals(name: str, grammar: str, source: str) -> dict[str, str]:
    """{terminal name: regular expression source} of a grammar's terminals, as Lark
    compiles them (the schema fast path's lines, the .env readers' tokens), cached."""
    def build() -> dict[str, str]:
        from lark.load_grammar import GrammarBuilder

        builder = GrammarBuilder()
        builder.load_grammar(grammar, source)
        compiled, _, _ = builder.build().compile(["start"], "*")
        return {t.name: t.pattern.to_regexp() for t in compiled}

    def load(payload: bytes) -> dict[str, str]:
        table = plain_loads(payload)
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            raise TypeError("not a pattern table")
        return table

    return cached(name, lark_key(grammar, source=source), build,
                  lambda table: pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL), load)


def lark_key(grammar_text: str, **options) -> str:
    """What a Lark parser's tables depend on: the grammar, the options, Lark's version."""
    import lark

    return "|".join((lark.__version__, grammar_text, repr(sorted(options.items()))))


def lark_parser(name: str, grammar_text: str, **options):
    """`lark.Lark(grammar_text, **options)` (LALR), its tables from the cache when kept."""
    from lark import Lark

    def dump(parser):
        buf = io.BytesIO()
        parser.save(buf)
        return buf.getvalue()

    def load(payload: bytes):
        # Lark.load takes the unpickled dict as well as a file: unpickled here, plainly
        saved = plain_loads(payload)
        if not isinstance(saved, dict):
            raise TypeError("not a saved parser")
        return Lark.load(saved)

    return cached(name, lark_key(grammar_text, **options), lambda: Lark(grammar_text, **options),
                  dump, load)
