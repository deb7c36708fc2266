"""The Python front-end holds the cyclic collector off while it analyses one file, and
leaves the collector as it found it (on after the file, still off under an outer pause,
on again when the analysis raises)."""

import gc
from pathlib import Path

import pytest

from poolcheck.config import Settings
from poolcheck.core.sources import Source
from poolcheck.frontends import python as py

CODE = b"from prisma import Prisma\n\ndef handler():\n    db = Prisma()\n    return db\n"


def _source(data: bytes = CODE) -> Source:
    return Source.from_bytes(Path("app/handler.py"), "python", data)


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    (gc.enable if was else gc.disable)()


def test_collector_off_during_the_file_and_on_after(collector_on, monkeypatch):
    seen = []
    real = py.gate.may_have_facts

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(py.gate, "may_have_facts", spy)
    facts = py.analyse(_source(), Settings())
    assert seen == [False]
    assert gc.isenabled()
    assert facts.facts  # the construction is still found


def test_an_outer_pause_is_kept(collector_on):
    gc.disable()
    py.analyse(_source(), Settings())
    assert not gc.isenabled()


def test_collector_back_on_when_the_analysis_raises(collector_on, monkeypatch):
    def boom(*args, **kwargs):
        raise ValueError("front-end bug")

    monkeypatch.setattr(py.gate, "may_have_facts", boom)
    with pytest.raises(ValueError):
        py.analyse(_source(), Settings())
    assert gc.isenabled()
