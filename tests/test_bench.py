"""The benchmark scripts run: no timing is asserted here (speed is measured by bench/run.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import calibrate  # noqa: E402
import synth  # noqa: E402


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("shape", sorted(synth.SHAPES))
def test_generator_is_deterministic_and_sized(tmp_path, shape):
    a = synth.generate(tmp_path / "a", 20, seed=3, shape=shape)
    b = synth.generate(tmp_path / "b", 20, seed=3, shape=shape)
    files = _snapshot(a)
    assert files == _snapshot(b)
    assert len(files) == 20
    assert _snapshot(synth.generate(tmp_path / "c", 20, seed=4, shape=shape)) != files


def test_calibrated_tree_has_a_client_module_and_files_using_it(tmp_path):
    root = synth.generate(tmp_path / "t", 60, seed=1)
    m = calibrate.measure_tree(root)
    assert m["ts_js_files"] > 40
    assert m["schemas"] == 1 and m["env_files"] == 1
    assert 0 < m["ts_touching_db"] < 1
    assert m["python_files"] == 0


def test_python_shape_measures_as_python(tmp_path):
    m = calibrate.measure_tree(synth.generate(tmp_path / "p", 20, seed=1, shape="python"))
    assert m["python_files"] == 17 and m["ts_js_files"] == 0
    assert m["py_importing_client"] > 0


def test_run_help():
    out = subprocess.run([sys.executable, str(BENCH / "run.py"), "--help"], capture_output=True, text=True)
    assert out.returncode == 0
    assert "--tree" in out.stdout


def test_run_rejects_a_missing_tree(tmp_path):
    out = subprocess.run([sys.executable, str(BENCH / "run.py"), "--tree", str(tmp_path / "nope")],
                         capture_output=True, text=True)
    assert out.returncode == 2
    assert "not a folder" in out.stderr


def test_run_measures_a_tiny_tree_and_reprints_it(tmp_path):
    out = tmp_path / "r.json"
    run = subprocess.run([sys.executable, str(BENCH / "run.py"), "--files", "20", "--repeat", "1",
                          "--out", str(out), "--markdown", "tiny"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "| tiny | 20 (" in run.stdout
    import json

    results = json.loads(out.read_text())
    assert results["tree"]["files_read"] == 20
    assert set(results["poolcheck"]["wall"]) >= {"cold", "warm", "one_cached", "one_uncached",
                                                 "cold_no_link", "warm_linked", "warm_no_link"}
    # what linking adds, and the link phase's own report of each linked run
    link = results["link"]
    assert set(link) == {"cold", "warm"} and link["cold"]["phase_cpu"] is not None
    assert link["warm"]["cached"] == ["unchanged"]   # primed by the plain run, linked from the cache
    assert "linking adds to a cold run" in run.stdout and "link_adds_to_cold" in run.stdout
    assert results["machine"]["nproc"]
    again = subprocess.run([sys.executable, str(BENCH / "run.py"), "--report", str(out), "--markdown", "tiny"],
                           capture_output=True, text=True)
    assert again.returncode == 0 and "| tiny | 20 (" in again.stdout


@pytest.mark.slow
def test_lsp_bench_drives_a_real_session(tmp_path):
    tree = synth.generate(tmp_path / "t", 20, seed=1)
    run = subprocess.run([sys.executable, str(BENCH / "lsp.py"), "--tree", str(tree), "--repeat", "1",
                          "--keystrokes", "2"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "first diagnostics:" in run.stdout and "keystroke (after the" in run.stdout
    assert "over 2" in run.stdout  # both keystrokes were answered by a publication


def test_dump_facts_lists_facts_and_prefilter_figures(tmp_path):
    root = tmp_path / "p"
    (root / "lib").mkdir(parents=True)
    (root / "lib/db.ts").write_text("import { PrismaClient } from '@prisma/client'\n"
                                    "export const prisma = new PrismaClient()\n", encoding="utf-8")
    (root / "lib/users.ts").write_text("import { prisma } from './db'\n"
                                       "export const all = () => prisma.user.findMany()\n", encoding="utf-8")
    (root / "lib/plain.ts").write_text("export const x = 1\n", encoding="utf-8")
    facts = subprocess.run([sys.executable, str(BENCH / "dump_facts.py"), str(root)],
                           capture_output=True, text=True)
    assert facts.returncode == 0, facts.stderr
    assert '"lib/db.ts", "ClientConstruction"' in facts.stdout
    stats = subprocess.run([sys.executable, str(BENCH / "dump_facts.py"), "--stats", str(root)],
                           capture_output=True, text=True)
    assert "'TS/JS files': 3" in stats.stdout and "'passing the prefilter': 2" in stats.stdout


def test_one_file_check_compares_one_file_runs_with_the_full_run(tmp_path):
    # Two module-level clients: PC103 on one, with a related location in the other, so a
    # one-file run on either file must report it.
    root = tmp_path / "p"
    (root / "src").mkdir(parents=True)
    (root / "package.json").write_text('{"dependencies": {"express": "4", "@prisma/client": "6.2.0"}}')
    client = "import { PrismaClient } from '@prisma/client'\nexport const {name} = new PrismaClient()\n"
    (root / "src/a.ts").write_text(client.replace("{name}", "a"), encoding="utf-8")
    (root / "src/b.ts").write_text(client.replace("{name}", "b"), encoding="utf-8")
    (root / "src/plain.ts").write_text("export const x = 1\n", encoding="utf-8")
    run = subprocess.run([sys.executable, str(BENCH / "one_file_check.py"), str(root), "--sample", "0"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "p: 1 findings in the full run; 2 files, 4 one-file runs (no-cache, cached), 0 differ" in run.stdout
