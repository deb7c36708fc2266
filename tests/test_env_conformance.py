"""Conformance: poolcheck's .env readers against the real ones, run here.

Every file under tests/fixtures/dotenv/ (real-shaped files written for this suite and the
edge cases the readers disagree on) is read by
- dotenv 18 (npm), as a Node app's `import "dotenv/config"` reads it,
- Prisma 6.19's own loader (@prisma/internals tryLoadEnvs: its bundled dotenv and the
  expander Prisma vendors), as `env()` in the schema sees it,
- python-dotenv 1.2 (`dotenv_values`), as prisma-client-py reads it,
and poolcheck must give each key the same value for each reader. The pinned Node packages
are installed by `make test` (tests/conformance/node); see tests/conformance/oracles.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.oracles import needs_node, run_node, run_python_dotenv
from poolcheck.frontends.dotenv import DOTENV, PRISMA, PYDOTENV, parse
from poolcheck.core.sources import Source

FIXTURES = Path(__file__).parent / "fixtures" / "dotenv"
FILES = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and ".env" in p.name)
ALL = (PRISMA, DOTENV, PYDOTENV)


def _ours(path: Path):
    text = Source.from_bytes(path, "dotenv", path.read_bytes()).text
    return parse(text, readers=ALL)


@pytest.fixture(scope="module")
def node_results() -> dict:
    return run_node("read_env.js", *map(str, FILES))


@pytest.fixture(scope="module")
def python_results() -> dict:
    return run_python_dotenv(*map(str, FILES))


def test_the_corpus_is_there():
    assert len(FILES) >= 30
    assert (FIXTURES / "conformance" / "self_reference.env") in FILES


@needs_node
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_dotenv_values(path, node_results):
    assert _ours(path).values(DOTENV) == node_results[str(path)]["dotenv"]


@needs_node
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_prisma_loader_values(path, node_results):
    theirs = node_results[str(path)]
    model = _ours(path)
    if theirs["prisma"] is None:
        # Prisma's loader fails on the whole file (a reference cycle: RangeError).
        assert theirs["prisma_error"] == "RangeError"
        assert any("Maximum call stack" in w.message for w in model.warnings)
        return
    assert not any("Maximum call stack" in w.message for w in model.warnings)
    assert model.values(PRISMA) == theirs["prisma"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_python_dotenv_values(path, python_results):
    theirs = python_results[str(path)]
    model = _ours(path)
    from poolcheck.frontends.dotenv import expand_python
    assert expand_python(model.of(PYDOTENV)) == theirs
