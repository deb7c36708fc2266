"""core.atomic.replace_with: the caches' one way to write a file."""

import os
import stat

import pytest

from poolcheck.core.atomic import replace_with


def test_writes_whole_file_private(tmp_path):
    target = tmp_path / "index-x.pickle"
    replace_with(target, b"payload", ".index-")
    assert target.read_bytes() == b"payload"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["index-x.pickle"]


def test_failure_keeps_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "store"
    target.write_bytes(b"old")

    def broken(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        replace_with(target, b"new", ".store-")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]
