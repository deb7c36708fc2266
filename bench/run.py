"""poolcheck benchmark: cold, warm and one-file runs against parse-everything baselines.

    python bench/run.py                  # 5,000-file synthetic monorepo, 3 repetitions
    python bench/run.py --files 20000
    python bench/run.py --path ~/src/some-checkout

Every figure is a median over the repetitions with its min-max spread. Ratios compare
poolcheck to the baseline (tree-sitter parse of every TS/JS file + LibCST parse of every
Python file, in one process) and to flake8 on the Python files. Results go to
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
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synth import generate  # noqa: E402

BIN = Path(sys.executable).parent
TS_SUFFIXES = {".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts"}
SKIP = {"node_modules", ".git", ".venv", "dist", "build", ".next"}

BASELINE_TS = r"""
import sys, time, tree_sitter as ts, tree_sitter_typescript as tst
files = sys.argv[1:]
t0 = time.perf_counter()
ts_parser = ts.Parser(ts.Language(tst.language_typescript()))
tsx_parser = ts.Parser(ts.Language(tst.language_tsx()))
for f in files:
    data = open(f, 'rb').read()
    (ts_parser if f.endswith(('.ts', '.mts', '.cts')) else tsx_parser).parse(data)
print(time.perf_counter() - t0)
"""
# flake8 with its default plugins only: poolcheck's own plugin is installed in the same
# environment, so it is filtered out of plugin discovery for the baseline.
FLAKE8_DEFAULT = (
    "import sys, flake8.plugins.finder as f; orig = f.find_plugins; "
    "f.find_plugins = lambda *a, **k: [p for p in orig(*a, **k) if p.package != 'poolcheck']; "
    "from flake8.main.cli import main; sys.exit(main())"
)
BASELINE_PY = r"""
import sys, time, libcst
files = sys.argv[1:]
t0 = time.perf_counter()
for f in files:
    try:
        libcst.parse_module(open(f, 'rb').read())
    except Exception:
        pass
print(time.perf_counter() - t0)
"""


def _files(root: Path, suffixes: set[str]) -> list[str]:
    out = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP)
        out += [os.path.join(folder, n) for n in sorted(names) if Path(n).suffix in suffixes]
    return out


def _timed(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int, str]:
    """Wall seconds, peak RSS in MB (of the child and its workers), stdout."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out, _ = proc.communicate()
    wall = time.perf_counter() - t0
    try:
        import resource
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    except ImportError:  # pragma: no cover - not on Linux
        peak = 0.0
    return wall, int(peak), out.decode(errors="replace")


def _stats(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "runs": values}


def _fmt(s: dict) -> str:
    return f"{s['median']:.3f} s (min {s['min']:.3f}, max {s['max']:.3f})"


def _in_process(script: str, files: list[str]) -> float:
    if not files:
        return 0.0
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
        fh.write("\n".join(files))
        listing = fh.name
    try:
        code = script.replace("files = sys.argv[1:]", f"files = open({listing!r}).read().split('\\n')")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        return float(out.stdout.strip().splitlines()[-1])
    finally:
        os.unlink(listing)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=5000, help="size of the synthetic tree")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--path", type=Path, help="benchmark this checkout instead of a synthetic tree")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path, default=HERE / "results" / "latest.json")
    ap.add_argument("--skip-flake8", action="store_true")
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="poolcheck-bench-"))
    try:
        root = args.path.resolve() if args.path else generate(work / "tree", args.files, args.seed)
        ts_files = _files(root, TS_SUFFIXES)
        py_files = _files(root, {".py"})
        size = sum(os.path.getsize(f) for f in ts_files + py_files)
        print(f"tree: {root} — {len(ts_files)} TS/JS files, {len(py_files)} Python files, "
              f"{size / 1e6:.1f} MB of code")
        poolcheck = str(BIN / "poolcheck")
        results: dict = {"tree": {"path": str(root), "synthetic": args.path is None,
                                  "ts_js_files": len(ts_files), "python_files": len(py_files),
                                  "code_mb": round(size / 1e6, 2)},
                         "machine": {"cpus": os.cpu_count(), "python": platform.python_version()}}

        cold, warm, single, single_cached, peaks = [], [], [], [], []
        one_file = next((f for f in ts_files if "route.ts" in f), ts_files[0] if ts_files else py_files[0])
        for _ in range(args.repeat):
            cache = work / "cache"
            shutil.rmtree(cache, ignore_errors=True)
            t, peak, out_cold = _timed([poolcheck, "--quiet", "--exit-zero", "--cache-dir", str(cache), "."], root)
            cold.append(t)
            peaks.append(peak)
            t, _, out_warm = _timed([poolcheck, "--quiet", "--exit-zero", "--cache-dir", str(cache), "."], root)
            warm.append(t)
            assert out_cold == out_warm, "warm run changed the output"
            t, _, _ = _timed([poolcheck, "--quiet", "--exit-zero", "--no-cache", one_file], root)
            single.append(t)
            # pre-commit's usual case: the cache (on by default) holds the rest of the project.
            t, _, _ = _timed([poolcheck, "--quiet", "--exit-zero", "--cache-dir", str(cache), one_file], root)
            single_cached.append(t)
        findings = len(out_cold.splitlines())

        base_ts = [_in_process(BASELINE_TS, ts_files) for _ in range(args.repeat)]
        base_py = [_in_process(BASELINE_PY, py_files) for _ in range(args.repeat)]
        baseline = [a + b for a, b in zip(base_ts, base_py)]
        py_only, flake = [], []
        for _ in range(args.repeat):
            listing = py_files
            t, _, _ = _timed([poolcheck, "--quiet", "--exit-zero", "--no-cache", *listing], root) if listing else (0.0, 0, "")
            py_only.append(t)
            if not args.skip_flake8 and listing:
                t, _, _ = _timed([sys.executable, "-c", FLAKE8_DEFAULT, "--exit-zero", "-j",
                                  str(os.cpu_count() or 1), *listing], root)
                flake.append(t)

        results["poolcheck"] = {"cold": _stats(cold), "warm": _stats(warm), "one_file": _stats(single),
                                "one_file_cached": _stats(single_cached),
                                "peak_rss_mb": max(peaks), "findings": findings,
                                "python_files_only": _stats(py_only)}
        results["baseline"] = {"tree_sitter_ts_js": _stats(base_ts), "libcst_python": _stats(base_py),
                               "parse_everything": _stats(baseline)}
        b = results["baseline"]["parse_everything"]["median"] or float("nan")
        ratios = {"cold_vs_baseline": cold and statistics.median(cold) / b,
                  "warm_vs_baseline": statistics.median(warm) / b}
        if flake:
            results["baseline"]["flake8_python"] = _stats(flake)
            ratios["python_vs_flake8"] = statistics.median(py_only) / statistics.median(flake)
        results["ratios"] = ratios
        targets = {"cold_vs_baseline": 0.15, "warm_vs_baseline": 0.05, "python_vs_flake8": 0.3}

        print(f"baseline (tree-sitter TS/JS + LibCST Python): {_fmt(results['baseline']['parse_everything'])}")
        print(f"  tree-sitter {_fmt(results['baseline']['tree_sitter_ts_js'])}; LibCST {_fmt(results['baseline']['libcst_python'])}")
        print(f"poolcheck cold:     {_fmt(results['poolcheck']['cold'])}   ({findings} findings)")
        print(f"poolcheck warm:     {_fmt(results['poolcheck']['warm'])}")
        print(f"one-file, no cache: {_fmt(results['poolcheck']['one_file'])}   (target <= 0.25 s)")
        print(f"one-file, cached:   {_fmt(results['poolcheck']['one_file_cached'])}   (target <= 0.25 s)")
        print(f"peak memory:        {max(peaks)} MB   (target <= 300 MB)")
        if flake:
            print(f"flake8 on Python:   {_fmt(results['baseline']['flake8_python'])}")
            print(f"poolcheck on Python:{_fmt(results['poolcheck']['python_files_only'])}")
        for name, value in ratios.items():
            target = targets.get(name)
            verdict = "" if target is None else (" ok" if value <= target else f" MISSED (target {target})")
            print(f"ratio {name}: {value:.3f}{verdict}")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2) + "\n")
        print(f"wrote {args.out}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
