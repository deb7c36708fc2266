"""Does a one-file run report exactly what the full run reports for that file?

    .venv/bin/python bench/one_file_check.py /work/corpus/documenso /work/corpus/trigger.dev [--sample 20]

For each tree: one full run (`poolcheck --no-cache --format json .`, from inside the
tree), then one-file runs (`poolcheck --format json FILE`, what pre-commit and editors
run) on every file the full run reports a finding in (or a related location of one in),
plus `--sample` files drawn (seeded) from the files the tree's walk finds, preferring
files that pass the prefilter. A one-file run must report exactly the full run's findings
located in that file or with a related location in it (the partial-run rule of
engine.filtering.touches_given), compared on every key but `fix` and `help`.

Each file is run twice: with `--no-cache`, and with a cache primed by one full run (the
warm call pre-commit makes); `--mode` picks one. Exit status 1 when any run differs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

IGNORED_KEYS = ("fix", "help")


def _poolcheck() -> list[str]:
    return [sys.executable, "-m", "poolcheck"]


def _key(d: dict) -> str:
    return json.dumps({k: v for k, v in d.items() if k not in IGNORED_KEYS}, sort_keys=True)


def _run_json(tree: Path, args: list[str]) -> list[dict]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        out = tmp.name
    try:
        proc = subprocess.run(_poolcheck() + ["--quiet", "--exit-zero", "--format", "json",
                                             "--output-file", out] + args,
                              cwd=tree, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"poolcheck {' '.join(args)} in {tree} exited {proc.returncode}: {proc.stderr[-2000:]}")
        with open(out, encoding="utf-8") as fh:
            return json.load(fh)
    finally:
        os.unlink(out)


def _touches(d: dict, rel: str) -> bool:
    return d["path"] == rel or any(r.get("path") == rel for r in d.get("related", ()))


def _sample(tree: Path, n: int, seed: int) -> list[str]:
    """`n` files of the walk, half of them (when there are enough) files that mention
    Prisma, so the sample reaches the files whose context matters."""
    if n <= 0:
        return []
    proc = subprocess.run(_poolcheck() + ["--show-files", "."], cwd=tree, capture_output=True, text=True)
    files = []
    for line in proc.stdout.splitlines():
        path = line.split("\t", 1)[0]
        files.append(os.path.relpath(path, tree) if os.path.isabs(path) else path)
    rng = random.Random(seed)
    prisma = []
    for f in files:
        try:
            if b"risma" in (tree / f).read_bytes():
                prisma.append(f)
        except OSError:
            pass
    chosen = rng.sample(prisma, min(len(prisma), n // 2))
    rest = [f for f in files if f not in set(chosen)]
    chosen += rng.sample(rest, min(len(rest), n - len(chosen)))
    return sorted(chosen)


def check_tree(tree: Path, sample: int, seed: int, modes: list[str]) -> tuple[int, int]:
    """(files checked, runs that differ) for one tree; prints each difference."""
    full = _run_json(tree, ["--no-cache", "."])
    files = {d["path"] for d in full} | {r["path"] for d in full for r in d.get("related", ())}
    files = sorted(f for f in files if (tree / f).is_file()) + [f for f in _sample(tree, sample, seed)
                                                              if f not in files]
    cache = tempfile.mkdtemp(prefix="poolcheck-onefile-")
    if "cached" in modes:
        _run_json(tree, ["--cache-dir", cache, "."])
    bad = 0
    for rel in files:
        want = sorted(_key(d) for d in full if _touches(d, rel))
        for mode in modes:
            args = ["--no-cache", rel] if mode == "no-cache" else ["--cache-dir", cache, rel]
            got = sorted(_key(d) for d in _run_json(tree, args))
            if got != want:
                bad += 1
                print(f"DIFFERS {tree.name} {mode} {rel}")
                for k in sorted(set(want) - set(got)):
                    print(f"  only in the full run: {k}")
                for k in sorted(set(got) - set(want)):
                    print(f"  only in the one-file run: {k}")
    print(f"{tree.name}: {len(full)} findings in the full run; {len(files)} files, "
          f"{len(files) * len(modes)} one-file runs ({', '.join(modes)}), {bad} differ")
    return len(files), bad


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("trees", nargs="+", type=Path)
    ap.add_argument("--sample", type=int, default=20, help="files drawn from the walk besides those with findings")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--mode", choices=("both", "no-cache", "cached"), default="both")
    args = ap.parse_args(argv)
    modes = ["no-cache", "cached"] if args.mode == "both" else [args.mode]
    total = bad = 0
    for tree in args.trees:
        n, b = check_tree(tree.resolve(), args.sample, args.seed, modes)
        total, bad = total + n, bad + b
    print(f"all: {total} files, {bad} one-file runs differ from the full run")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
