"""Where poolcheck's time goes on a tree: a cProfile of one cold run, in one process.

    .venv/bin/python bench/profile_run.py /work/corpus/trigger.dev [--top 40] [--out prof.pstats]
    .venv/bin/python bench/profile_run.py TREE --one-file path/in/tree.ts   # warm one-file run

Runs `poolcheck --no-cache --jobs 1 --quiet --exit-zero .` inside this process under
cProfile with a CPU-time clock (with --one-file: `poolcheck --cache-dir C FILE` after an
unprofiled full run primed the cache C, which is what pre-commit and editors pay) (so other load on a shared machine does not inflate the
figures), then prints the functions with the largest cumulative time, the largest own
time, and a grouping of own time by poolcheck module (plus tree-sitter, LibCST, Lark,
pathlib and the rest). bench/PROFILE.md records one such profile.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path


def _group(filename: str, name: str) -> str:
    if "poolcheck" in filename and "site-packages" not in filename:
        tail = filename.split("poolcheck", 1)[1].lstrip("/\\")
        return "poolcheck/" + tail
    if filename == "~":  # built-ins: C functions and methods
        if "tree_sitter" in name or name.startswith(("<method 'parse' of 'tree_sitter",)):
            return "tree-sitter (C)"
        return f"built-in {name}"
    for lib in ("libcst", "lark", "pathspec", "pathlib", "yaml", "json", "re", "posixpath",
                "concurrent", "multiprocessing", "importlib"):
        if f"/{lib}/" in filename or filename.endswith(f"/{lib}.py"):
            return lib
    return "other: " + os.path.basename(filename)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tree", type=Path)
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--out", type=Path, help="also keep the raw pstats file")
    ap.add_argument("--one-file", help="profile a one-file run with a primed cache instead")
    args = ap.parse_args(argv)
    if not args.tree.is_dir():
        ap.error(f"not a folder: {args.tree}")

    from poolcheck.cli import main as poolcheck_main

    os.chdir(args.tree)
    devnull = open(os.devnull, "w")
    argv = ["--no-cache", "--jobs", "1", "--quiet", "--exit-zero", "."]
    if args.one_file:
        import tempfile

        cache = tempfile.mkdtemp(prefix="poolcheck-profile-")
        subprocess.run([sys.executable, "-m", "poolcheck", "--quiet", "--exit-zero", "--cache-dir", cache, "."],
                       stdout=subprocess.DEVNULL, check=True)
        argv = ["--cache-dir", cache, "--jobs", "1", "--quiet", "--exit-zero", args.one_file]
    profile = cProfile.Profile(time.process_time)
    wall = time.perf_counter()
    stdout, sys.stdout = sys.stdout, devnull
    try:
        profile.runcall(poolcheck_main, argv)
    finally:
        sys.stdout = stdout
        if args.one_file:
            import shutil

            shutil.rmtree(cache, ignore_errors=True)
    wall = time.perf_counter() - wall
    if args.out:
        profile.dump_stats(str(args.out))

    stats = pstats.Stats(profile)
    total = stats.total_tt
    print(f"profiled `poolcheck {' '.join(argv)}` in {args.tree}: {total:.2f} s CPU under the profiler ({wall:.2f} s wall)\n")
    for key, title in (("cumulative", "largest cumulative time"), ("tottime", "largest own time")):
        buf = io.StringIO()
        pstats.Stats(profile, stream=buf).sort_stats(key).print_stats(args.top)
        lines = buf.getvalue().splitlines()
        start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
        print(f"## {title}\n")
        print("\n".join(line.replace(str(Path(sys.prefix)), "<venv>") for line in lines[start:] if line.strip()))
        print()
    groups: dict[str, float] = defaultdict(float)
    for (filename, _line, name), (_cc, _nc, tt, _ct, callers) in stats.stats.items():
        group = _group(filename, name)
        if group.startswith("built-in") and callers:
            # list.append, dict.get, isinstance...: charged to the module that calls them
            for (cfile, _cline, cname), caller_stats in callers.items():
                groups[_group(cfile, cname)] += caller_stats[2]
        else:
            groups[group] += tt
    print("## own time by module (built-in calls charged to their caller)\n")
    for group, tt in sorted(groups.items(), key=lambda kv: -kv[1])[:30]:
        print(f"{tt:8.2f} s {tt / total:6.1%}  {group}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
