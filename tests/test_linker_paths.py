"""The link's memo of absolute paths (`linker.modules.AbsPaths`) gives exactly what
`os.path.abspath` gives, for the plain relative paths it joins itself and for everything
it hands to `abspath` (dots, empty segments, absolute paths, `Path` objects)."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import given, settings, strategies as st

from poolcheck.linker.modules import AbsPaths, ModuleIndex

SEGMENTS = st.sampled_from(["a", "b.ts", ".", "..", "", ".github", "x.y", "...", "index.tsx"])


def _expected(path) -> str:
    return os.path.abspath(path).replace(os.sep, "/")


@settings(derandomize=True, max_examples=300)
@given(st.lists(SEGMENTS, min_size=0, max_size=6), st.booleans())
def test_same_as_abspath(segments, absolute):
    path = ("/" if absolute else "") + "/".join(segments)
    assert AbsPaths()[path] == _expected(path)


def test_paths_objects_and_memo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    memo = AbsPaths()
    p = Path("apps/web/src/db.ts")
    assert memo[p] == f"{os.getcwd()}/apps/web/src/db.ts".replace(os.sep, "/")
    assert memo[p] is memo[p]                    # computed once
    assert memo[Path("./a/../b.ts")] == _expected("b.ts")


def test_index_files_use_the_memo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    index = ModuleIndex([Path("lib/db.ts"), "lib/../app/page.tsx"])
    assert index.files == {_expected("lib/db.ts"), _expected("app/page.tsx")}
    assert index.abs[Path("lib/db.ts")] == _expected("lib/db.ts")
    assert index.is_dir(_expected("lib"))


def test_project_file_probes_are_recorded(tmp_path, monkeypatch):
    """An absent tsconfig.json is answered by one stat, and recorded as absent: the run
    replay and the link cache must notice when one appears."""
    from poolcheck.core import safeio
    from poolcheck.linker.modules import _read_bytes

    monkeypatch.chdir(tmp_path)
    (tmp_path / "tsconfig.json").write_text("{}")
    safeio.start_recording()
    try:
        assert _read_bytes(str(tmp_path / "app" / "tsconfig.json")) is None
        assert _read_bytes(str(tmp_path / "tsconfig.json")) == b"{}"
    finally:
        reads, _ = safeio.stop_recording()
    assert reads[str(tmp_path / "app" / "tsconfig.json")] is None
    assert reads[str(tmp_path / "tsconfig.json")] is not None
