"""poolcheck benchmark: cold, warm and one-file runs against a parse-everything baseline.

    make bench                                       # calibrated 4,000-file synthetic monorepo
    make bench BENCH_ARGS="--tree ~/src/some-checkout"
    python bench/run.py --files 20000 --shape app    # shapes: app (default), python, legacy
    python bench/run.py --tree PATH --markdown       # also print a row for docs/performance.md

Every figure is the median of `--repeat` repetitions (default 3) with its min-max spread,
and every repetition measures everything once, interleaved, so a ratio compares runs made
under the same load. Measured, on the files poolcheck's own discovery finds in the tree:

- baseline: a tree-sitter parse of every TS/JS file (and of the script blocks of Vue,
  Svelte and Astro files) plus a LibCST parse of every Python file, in one process,
  parsers built before the clock starts;
- poolcheck cold (`--no-cache`), warm (the cache primed by a first run, nothing changed),
  one file with the project cache primed (pre-commit, editors) and without any cache;
- peak memory: the largest process (its maximum RSS), and the sum over poolcheck and its
  workers of their proportional set size, sampled every 20 ms;
- CPU seconds (user + system, poolcheck and its workers), less sensitive than wall time
  to other load on a shared machine;
- for Python trees (at least 90 % of the code files are Python): flake8 reporting syntax
  errors only (`--select=E999`, its default plugins, poolcheck's own plugin left out) on
  the tree's Python files, against the cold poolcheck run. In a mixed tree the ratio would
  mean little: poolcheck given the Python files still reads their whole project.

The ratios are printed against the acceptance targets of the speed issue. Results go to
bench/results/latest.json. There are no timing assertions anywhere in the test suite:
this script is where speed is measured.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from files import discovered, split  # noqa: E402
from synth import SHAPES, generate  # noqa: E402

BIN = Path(sys.executable).parent

# The speed issue's acceptance, as (ratio or figure, target, what it applies to).
TARGETS = {
    "cold_vs_baseline": (0.5, "documenso-sized monorepo (0.6 for a 4,000-file one)"),
    "warm_vs_baseline": (0.05, ""),
    "one_file_cached_s": (0.25, "seconds"),
    "one_file_uncached_s": (0.6, "seconds"),
    "peak_mb": (300, "MB"),
    "python_vs_flake8": (0.3, "Python tree"),
}
# The linker issue's: linking adds at most 10 % to a cold run, and a warm run is linked from
# the cache. Measured against the same run with the link left out (`symbols.LINK_OFF`), and
# by the link phase's own report (`engine.linking.BENCH_LINK_STATS`).
LINK_TARGET = 0.10
NO_LINK = {"POOLCHECK_BENCH_NO_LINK": "1"}
LINK_STATS = "POOLCHECK_BENCH_LINK_STATS"
LARGE_TREE = 3500  # TS/JS files from which the 4,000-file-monorepo cold target applies
PYTHON_TREE = 0.9  # share of Python among the code files from which flake8 is compared

BASELINE = r"""
import sys, time
from pathlib import PurePosixPath
import tree_sitter as ts, tree_sitter_typescript as tst
from poolcheck.frontends.typescript import grammar_for
try:
    from poolcheck.frontends.typescript.embedded import astro_frontmatter, script_blocks
except ImportError:  # the embedded extractor moved: parse the whole file instead
    astro_frontmatter = script_blocks = None
rows = [line.split('\t', 1) for line in open(sys.argv[1]).read().splitlines() if line]
parsers = {'typescript': ts.Parser(ts.Language(tst.language_typescript())),
           'tsx': ts.Parser(ts.Language(tst.language_tsx()))}
python = [p for k, p in rows if k == 'python']
if python:
    import libcst
    libcst.parse_module(b'x = 1\n')  # native parser loaded before the clock starts
def blank(data, start, end):  # as poolcheck does: keep offsets, blank the rest
    out = bytearray(b' ' * len(data))
    out[start:end] = data[start:end]
    return bytes(out)
t0, cpu0 = time.perf_counter(), time.process_time()
for kind, path in rows:
    data = open(path, 'rb').read()
    if kind == 'python':
        continue
    if kind in ('vue', 'svelte') and script_blocks:
        for start, end, grammar, _tag in script_blocks(data):
            parsers[grammar].parse(blank(data, start, end))
    elif kind == 'astro' and astro_frontmatter:
        rng = astro_frontmatter(data)
        if rng:
            parsers['typescript'].parse(blank(data, *rng))
    else:
        parsers[grammar_for(kind, PurePosixPath(path))].parse(data)
ts_time = time.perf_counter() - t0
t1 = time.perf_counter()
for path in python:
    try:
        libcst.parse_module(open(path, 'rb').read())
    except Exception:
        pass
print(ts_time, time.perf_counter() - t1, time.process_time() - cpu0)
"""
# flake8 with its default plugins only: poolcheck's own plugin is installed in the same
# environment, so it is filtered out of plugin discovery for the baseline.
FLAKE8_DEFAULT = (
    "import sys, flake8.plugins.finder as f; orig = f.find_plugins; "
    "f.find_plugins = lambda *a, **k: [p for p in orig(*a, **k) if p.package != 'poolcheck']; "
    "from flake8.main.cli import main; sys.exit(main())"
)


def _tree_rss_mb(pid: int) -> float:
    """Memory of a process and all its descendants, from /proc (Linux).

    Proportional set size where the kernel has it: forked workers share their parent's
    pages, and summing plain RSS would count those pages once per worker."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            for name, field in ((f"/proc/{p}/smaps_rollup", "Pss:"), (f"/proc/{p}/status", "VmRSS:")):
                try:
                    with open(name) as fh:
                        value = next((line for line in fh if line.startswith(field)), None)
                except OSError:
                    continue
                if value:
                    total += int(value.split()[1])
                    break
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    stack += [int(c) for c in fh.read().split()]
        except (OSError, ValueError):
            continue
    return total / 1024


class Run:
    """One timed command: wall seconds, CPU seconds, peak memory, stdout."""

    def __init__(self, cmd: list[str], cwd: Path, env: dict | None = None):
        out = tempfile.TemporaryFile()
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.DEVNULL,
                                env={**os.environ, **env} if env else None)
        peak_sum = [0.0]
        done = threading.Event()

        def sample():
            while not done.wait(0.02):
                peak_sum[0] = max(peak_sum[0], _tree_rss_mb(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        if os.path.isdir("/proc"):
            sampler.start()
        # wait4 reports the child's own usage plus that of the workers it reaped.
        _, status, usage = os.wait4(proc.pid, 0)
        self.wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        if sampler.is_alive():
            sampler.join()
        self.cpu = usage.ru_utime + usage.ru_stime
        self.peak_process_mb = usage.ru_maxrss / 1024
        self.peak_sum_mb = max(peak_sum[0], self.peak_process_mb)
        out.seek(0)
        self.stdout = out.read().decode(errors="replace")
        out.close()
        self.returncode = proc.returncode


def _stats(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "runs": [round(v, 4) for v in values]}


def _fmt(s: dict) -> str:
    return f"{s['median']:.3f} s ({s['min']:.3f}-{s['max']:.3f})"


def _baseline(rows: list[tuple[str, str]]) -> tuple[float, float, float]:
    """(tree-sitter s, LibCST s, CPU s) for parsing every file once, in one process."""
    if not rows:
        return 0.0, 0.0, 0.0
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
        fh.write("".join(f"{k}\t{p}\n" for k, p in rows))
        listing = fh.name
    try:
        out = subprocess.run([sys.executable, "-c", BASELINE, listing], capture_output=True,
                             text=True, check=True)
        ts_s, py_s, cpu_s = out.stdout.split()
        return float(ts_s), float(py_s), float(cpu_s)
    finally:
        os.unlink(listing)


def _one_file(ts_files: list[str], py_files: list[str]) -> str | None:
    """The file pre-commit or an editor would check: the first that queries the client."""
    for path in ts_files + py_files:
        try:
            data = Path(path).read_bytes()
        except OSError:
            continue
        if b"prisma." in data and (b".find" in data or b".create" in data or b"$transaction" in data):
            return path
    return (ts_files or py_files or [None])[0]


def machine() -> dict:
    model = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    except OSError:
        nproc = str(os.cpu_count())
    return {"nproc": nproc, "cpu": model or platform.processor(), "python": platform.python_version(),
            "system": platform.platform()}


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=HERE, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def _load() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def _byte_compile() -> None:
    """Byte-compile poolcheck's modules first, as pip does when it installs the wheel: an
    editable checkout under PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module
    it imports on every run, a cost no installed user pays (0.06 s of a one-file run)."""
    import compileall

    import poolcheck

    compileall.compile_dir(os.path.dirname(poolcheck.__file__), quiet=1)
    # and the dataclass methods' table a first run writes beside that bytecode
    # (core.method_cache), which PYTHONDONTWRITEBYTECODE=1 would keep every run from writing
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-c", PRIME_METHODS], env=env, check=False)


PRIME_METHODS = """
import importlib, pkgutil
from poolcheck.core.method_cache import install
install()
import poolcheck
for info in pkgutil.walk_packages(poolcheck.__path__, "poolcheck."):
    if info.name.endswith("__main__"):
        continue
    try:
        importlib.import_module(info.name)
    except Exception:
        pass
"""


def measure(root: Path, repeat: int, skip_flake8: bool, one_file: str | None, work: Path) -> dict:
    found = discovered(root)
    ts_files, py_files, embedded = split(found)
    rows = [(f.kind, str(f.path)) for f in found if f.kind in
            ("typescript", "tsx", "javascript", "vue", "svelte", "astro", "python")]
    size = sum(os.path.getsize(p) for _, p in rows)
    one = one_file or _one_file(ts_files, py_files)
    print(f"tree: {root}: {len(found)} files poolcheck reads, {len(ts_files)} TS/JS, "
          f"{len(embedded)} Vue/Svelte/Astro, {len(py_files)} Python, {size / 1e6:.1f} MB of code")
    print(f"one file: {os.path.relpath(one, root) if one else '-'}")
    poolcheck = str(BIN / "poolcheck")
    base = [poolcheck, "--quiet", "--exit-zero"]
    _byte_compile()
    python_tree = bool(py_files) and len(py_files) >= PYTHON_TREE * (len(py_files) + len(ts_files) + len(embedded))
    runs: dict[str, list[Run]] = {k: [] for k in ("cold", "warm", "one_cached", "one_uncached",
                                                  "py_poolcheck", "flake8", "cold_no_link", "warm_linked",
                                                  "warm_no_link")}
    link_stats = work / "link-stats.jsonl"
    link_phase: dict[str, list[dict]] = {"cold": [], "warm": []}
    base_ts, base_py, base_cpu = [], [], []
    load = [_load()]
    for i in range(repeat):
        t, p, c = _baseline(rows)
        base_ts.append(t)
        base_py.append(p)
        base_cpu.append(c)
        cache = work / "cache"
        shutil.rmtree(cache, ignore_errors=True)
        runs["cold"].append(_linked_run([*base, "--no-cache", "."], root, link_stats, link_phase["cold"]))
        runs["cold_no_link"].append(Run([*base, "--no-cache", "."], root, NO_LINK))
        primed = Run([*base, "--cache-dir", str(cache), "."], root)  # primes the cache
        runs["warm"].append(Run([*base, "--cache-dir", str(cache), "."], root))
        # the link's share of a warm run that is not replayed (the report's variable is
        # part of the replay's key): every file from the result cache, the link from its own
        runs["warm_linked"].append(_linked_run([*base, "--cache-dir", str(cache), "."], root, link_stats,
                                               link_phase["warm"]))
        # Without the link in a cache of its own: the switch is part of the per-file cache
        # key, so sharing one would leave the one-file run below a cache of foreign entries.
        no_link_cache = work / "cache-no-link"
        shutil.rmtree(no_link_cache, ignore_errors=True)
        Run([*base, "--cache-dir", str(no_link_cache), "."], root, NO_LINK)
        runs["warm_no_link"].append(Run([*base, "--cache-dir", str(no_link_cache), "."], root,
                                        {**NO_LINK, LINK_STATS: str(link_stats)}))
        if runs["warm"][-1].stdout != runs["cold"][-1].stdout or primed.stdout != runs["cold"][-1].stdout:
            print("WARNING: the cached run's findings differ from the cold run's")
        if one:
            runs["one_uncached"].append(Run([*base, "--no-cache", one], root))
            runs["one_cached"].append(Run([*base, "--cache-dir", str(cache), one], root))
        if python_tree and not skip_flake8:
            runs["py_poolcheck"].append(runs["cold"][-1])
            runs["flake8"].append(Run([sys.executable, "-c", FLAKE8_DEFAULT, "--select=E999", "--exit-zero",
                                       "-j", str(os.cpu_count() or 1), *py_files], root))
        load.append(_load())
        print(f"  repetition {i + 1}/{repeat}: baseline {t + p:.2f} s, cold {runs['cold'][-1].wall:.2f} s "
              f"(without the link {runs['cold_no_link'][-1].wall:.2f} s), "
              f"warm {runs['warm'][-1].wall:.2f} s (load {load[-1]:.1f})", flush=True)

    wall = {k: _stats([r.wall for r in v]) for k, v in runs.items() if v}
    cpu = {k: _stats([r.cpu for r in v]) for k, v in runs.items() if v}
    baseline = [a + b for a, b in zip(base_ts, base_py)]
    b = statistics.median(baseline) or float("nan")
    cold = runs["cold"]
    results = {
        "tree": {"path": str(root), "files_read": len(found), "ts_js_files": len(ts_files),
                 "embedded_files": len(embedded), "python_files": len(py_files),
                 "code_mb": round(size / 1e6, 2), "one_file": one and os.path.relpath(one, root)},
        "baseline": {"tree_sitter": _stats(base_ts), "libcst": _stats(base_py),
                     "parse_everything": _stats(baseline), "cpu": _stats(base_cpu)},
        "poolcheck": {"wall": wall, "cpu": cpu, "findings": len(cold[-1].stdout.splitlines()),
                      "peak_process_mb": round(max(r.peak_process_mb for r in cold)),
                      "peak_sum_mb": round(max(r.peak_sum_mb for r in cold))},
        "load_average": {"min": min(load), "max": max(load)},
    }
    ratios = {"cold_vs_baseline": wall["cold"]["median"] / b,
              "warm_vs_baseline": wall["warm"]["median"] / b,
              "cold_cpu_vs_baseline_cpu": cpu["cold"]["median"] / (statistics.median(base_cpu) or float("nan")),
              "warm_cpu_vs_baseline_cpu": cpu["warm"]["median"] / (statistics.median(base_cpu) or float("nan"))}
    if "flake8" in wall:
        results["baseline"]["flake8_e999"] = wall["flake8"]
        ratios["python_vs_flake8"] = wall["py_poolcheck"]["median"] / wall["flake8"]["median"]
    results["ratios"] = ratios
    results["large_tree"] = len(ts_files) >= LARGE_TREE
    results["link"] = _link_figures(wall, cpu, link_phase)
    return results


def _linked_run(cmd: list[str], root: Path, stats: Path, into: list) -> Run:
    """A run that reports its link phase (one JSON line in `stats`), kept in `into`."""
    stats.unlink(missing_ok=True)
    run = Run(cmd, root, {LINK_STATS: str(stats)})
    try:
        lines = stats.read_text().splitlines()
    except OSError:
        lines = []
    into.append(json.loads(lines[-1]) if lines else {})
    return run


def _link_figures(wall: dict, cpu: dict, phase: dict) -> dict:
    """What linking adds to a cold and a warm run (against the same runs without it), the
    link phase's own seconds, and whether each warm run's link came from the cache."""
    out = {}
    for kind in ("cold", "warm"):
        linked = "warm_linked" if kind == "warm" else kind
        w, c = wall[linked]["median"], cpu[linked]["median"]
        w0, c0 = wall[f"{kind}_no_link"]["median"], cpu[f"{kind}_no_link"]["median"]
        own = [p for p in phase[kind] if p]
        out[kind] = {"adds_wall": w / w0 - 1 if w0 else float("nan"),
                     "adds_cpu": c / c0 - 1 if c0 else float("nan"),
                     "phase_cpu": statistics.median(p["cpu"] for p in own) if own else None,
                     "phase_wall": statistics.median(p["wall"] for p in own) if own else None,
                     "cached": [p.get("cached") for p in phase[kind]]}
    return out


def verdicts(results: dict, clock: str = "wall") -> dict[str, tuple[float, float, bool]]:
    """name -> (value, target, met) for every acceptance figure this run measured.

    clock "cpu": the same figures in CPU seconds (poolcheck and its workers against the
    baseline's), which other load on the machine does not inflate."""
    r, w = results["ratios"], results["poolcheck"][clock]
    out = {}
    cold_target = 0.6 if results["large_tree"] else TARGETS["cold_vs_baseline"][0]
    suffix = "_cpu_vs_baseline_cpu" if clock == "cpu" else "_vs_baseline"
    out["cold_vs_baseline"] = (r["cold" + suffix], cold_target)
    out["warm_vs_baseline"] = (r["warm" + suffix], TARGETS["warm_vs_baseline"][0])
    if "one_cached" in w:
        out["one_file_cached_s"] = (w["one_cached"]["median"], TARGETS["one_file_cached_s"][0])
        out["one_file_uncached_s"] = (w["one_uncached"]["median"], TARGETS["one_file_uncached_s"][0])
    out["peak_mb"] = (results["poolcheck"]["peak_sum_mb"], TARGETS["peak_mb"][0])
    link = results.get("link")
    if link:
        out["link_adds_to_cold"] = (link["cold"]["adds_cpu" if clock == "cpu" else "adds_wall"], LINK_TARGET)
    if "python_vs_flake8" in r and clock == "wall":
        out["python_vs_flake8"] = (r["python_vs_flake8"], TARGETS["python_vs_flake8"][0])
    elif "flake8" in w:
        out["python_vs_flake8"] = (w["py_poolcheck"]["median"] / w["flake8"]["median"],
                                   TARGETS["python_vs_flake8"][0])
    return {k: (v, t, v <= t) for k, (v, t) in out.items()}


def report(results: dict) -> None:
    b, p = results["baseline"], results["poolcheck"]
    w, c = p["wall"], p["cpu"]
    print(f"baseline, parse of every file: {_fmt(b['parse_everything'])}  "
          f"(tree-sitter {b['tree_sitter']['median']:.3f} s, LibCST {b['libcst']['median']:.3f} s)")
    print(f"poolcheck cold (--no-cache):   {_fmt(w['cold'])}  cpu {c['cold']['median']:.2f} s  "
          f"({p['findings']} findings)")
    print(f"poolcheck warm:                {_fmt(w['warm'])}  cpu {c['warm']['median']:.2f} s")
    if "one_cached" in w:
        print(f"one file, cache primed:        {_fmt(w['one_cached'])}  cpu {c['one_cached']['median']:.2f} s")
        print(f"one file, no cache:            {_fmt(w['one_uncached'])}  cpu {c['one_uncached']['median']:.2f} s")
    print(f"peak memory (cold):            {p['peak_sum_mb']} MB all processes, "
          f"{p['peak_process_mb']} MB largest process")
    if "flake8_e999" in b:
        print(f"flake8 --select=E999 (Python): {_fmt(b['flake8_e999'])}")
        print(f"poolcheck cold, same tree:     {_fmt(w['py_poolcheck'])}")
    print(f"CPU seconds: baseline {b['cpu']['median']:.2f} s; ratio cold {results['ratios']['cold_cpu_vs_baseline_cpu']:.3f}, "
          f"warm {results['ratios']['warm_cpu_vs_baseline_cpu']:.3f} (load-independent; the targets are on wall time)")
    link = results.get("link")
    if link:
        for kind in ("cold", "warm"):
            k = link[kind]
            phase = f"; link phase {k['phase_cpu']:.3f} s cpu, {k['phase_wall']:.3f} s wall" \
                if k["phase_cpu"] is not None else ""
            print(f"linking adds to a {kind} run:    {k['adds_wall']:+.1%} wall, {k['adds_cpu']:+.1%} cpu "
                  f"({_fmt(w['warm_linked' if kind == 'warm' else kind])}, without it: "
                  f"{_fmt(w[kind + '_no_link'])}){phase}")
        cached = link["warm"]["cached"]
        print(f"warm runs (not replayed) linked from the cache: {sum(1 for c in cached if c)}/{len(cached)} "
              f"{cached}")
    cpu = verdicts(results, "cpu")
    print(f"{'':<30} {'wall':>8}            {'':<6} {'cpu':>8}")
    for name, (value, target, met) in verdicts(results).items():
        cv, _, cmet = cpu[name]
        print(f"{name:<30} {value:8.3f} {'met' if met else 'MISSED':<6}   {cv:8.3f} {'met' if cmet else 'MISSED':<6}"
              f"   target <= {target}")


MARKDOWN_HEADER = (
    "| tree | files read | baseline parse | cold (`--no-cache`) | warm | one file, cached "
    "| one file, no cache | peak memory | Python vs flake8 E999 |\n"
    "|---|---|---|---|---|---|---|---|---|")


def markdown_row(results: dict, label: str) -> str:
    """A docs/performance.md row: each cell "wall (cpu)", ✓/✗ against the target."""
    b, p = results["baseline"], results["poolcheck"]
    w, c = p["wall"], p["cpu"]
    vw, vc = verdicts(results), verdicts(results, "cpu")

    def cell(key: str, wall: str, cpu: str) -> str:
        mark = lambda v: "" if key not in v else (" ✓" if v[key][2] else " ✗")  # noqa: E731
        return f"{wall}{mark(vw)} ({cpu}{mark(vc)})"

    def ratio(kind: str, key: str) -> str:
        digits = 3 if vw[key][1] < 0.1 else 2  # enough digits to compare with the target
        return cell(key, f"{w[kind]['median']:.2f} s = {vw[key][0]:.{digits}f}×", f"{vc[key][0]:.{digits}f}×")

    def secs(kind: str, key: str) -> str:
        return cell(key, f"{w[kind]['median']:.2f} s", f"{c[kind]['median']:.2f} s") if kind in w else "—"

    flake = cell("python_vs_flake8", f"{vw['python_vs_flake8'][0]:.2f}×", f"{vc['python_vs_flake8'][0]:.2f}×") \
        if "python_vs_flake8" in vw else "—"
    t = results["tree"]
    return (f"| {label} | {t['files_read']:,} ({t['ts_js_files']:,} TS/JS, {t['python_files']:,} py) | "
            f"{b['parse_everything']['median']:.2f} s ({b['cpu']['median']:.2f} s) | "
            f"{ratio('cold', 'cold_vs_baseline')} | {ratio('warm', 'warm_vs_baseline')} | "
            f"{secs('one_cached', 'one_file_cached_s')} | {secs('one_uncached', 'one_file_uncached_s')} | "
            f"{p['peak_sum_mb']} MB{' ✓' if vw['peak_mb'][2] else ' ✗'} | {flake} |")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tree", "--path", dest="tree", type=Path,
                    help="benchmark this checkout instead of a synthetic tree")
    ap.add_argument("--files", type=int, default=4000, help="size of the synthetic tree (default 4000)")
    ap.add_argument("--shape", choices=sorted(SHAPES), default="app",
                    help="shape of the synthetic tree (default: app, calibrated; see bench/synth.py)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--one-file", help="the file for the one-file runs, relative to the tree "
                         "(default: the first file that queries the client)")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "latest.json")
    ap.add_argument("--skip-flake8", action="store_true")
    ap.add_argument("--markdown", metavar="LABEL", help="also print a docs/performance.md table row")
    ap.add_argument("--report", type=Path, metavar="JSON", help="print the report of a saved run instead of running")
    args = ap.parse_args(argv)
    if args.report:
        results = json.loads(args.report.read_text())
        report(results)
        if args.markdown:
            print(MARKDOWN_HEADER)
            print(markdown_row(results, args.markdown))
        return 0
    if args.tree is not None and not args.tree.is_dir():
        ap.error(f"--tree: not a folder: {args.tree}")
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")

    work = Path(tempfile.mkdtemp(prefix="poolcheck-bench-"))
    try:
        if args.tree:
            root = args.tree.resolve()
        else:
            root = generate(work / "tree", args.files, args.seed, args.shape)
        one = str((root / args.one_file).resolve()) if args.one_file else None  # relative to the tree
        results = measure(root, args.repeat, args.skip_flake8, one, work)
        results["synthetic"] = None if args.tree else {"shape": args.shape, "files": args.files, "seed": args.seed}
        results["machine"] = machine()
        results["commit"] = _git("rev-parse", "--short", "HEAD") + (" (dirty)" if _git("status", "--porcelain", "--", "src") else "")
        results["date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        m = results["machine"]
        print(f"machine: {m['nproc']} CPUs, {m['cpu']}, Python {m['python']}; poolcheck {results['commit']}; "
              f"load average {results['load_average']['min']:.1f}-{results['load_average']['max']:.1f}")
        report(results)
        if args.markdown:
            print(markdown_row(results, args.markdown))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2) + "\n")
        print(f"wrote {args.out}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
