"""The big time/memory cases of issue 19: hostile or generated inputs, at the default limits
and with max-file-size raised to 64 MiB, plus a 200 MB tree of 20,000 generated files.

    python bench/big_cases.py                # every case
    python bench/big_cases.py --only tree    # one case (names below)

Each case runs the installed `poolcheck` (no cache, default --jobs unless the case says)
on a generated folder and reports wall time, peak memory (the proportional set size, PSS, summed over
poolcheck's processes, sampled every 50 ms), the input size, the per-MB and x-input
ratios against the targets (<= 2 s per MB, <= 50x the input; the tree: <= 60 s cold,
<= 500 MB), the exit code and whether any internal error was printed. Results go to
bench/results/big_cases.json. The small variants of these cases are tests
(tests/test_bounded_cost.py); the figures are in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import _tree_rss_mb  # noqa: E402  (PSS: forked workers' shared pages counted once)
from synth import generate  # noqa: E402

BIN = Path(sys.executable).parent
MB = 1024 * 1024
RAISED = "max-file-size = 67108864\n"
PKG = '{"dependencies": {"@prisma/client": "^6.1.0"}}\n'
ROUTE = ("import { PrismaClient } from '@prisma/client'\n"
         "export async function GET() {\n  const p = new PrismaClient()\n  return p\n}\n")


def _python_lines(lines: int) -> str:
    return ("from fastapi import FastAPI\nfrom prisma import Prisma\napp = FastAPI()\n" + "x\n" * lines
            + "@app.get('/')\nasync def h():\n    db = Prisma()\n    return 1\n")


def _url_literal(size: int, n: int) -> str:
    return f"export const u{n} = 'postgresql://u:pw@h:6543/db?" + "a=b&" * (size // 4) + "x=1'\n"


def _nested_package(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


# name -> (files to write, config text or None, note)
def cases() -> dict:
    return {
        "py-1M-lines": ({"main.py": _python_lines(1_000_000)}, None, "2 MB Python, one million short lines"),
        "ts-1M-semicolons": ({"package.json": PKG, "app/api/x/route.ts": ROUTE + ";\n" * 1_000_000}, None,
                             "2 MB TS, one million `;` lines"),
        "env-100KB-url": ({"package.json": PKG,
                           ".env": "DATABASE_URL=postgresql://u:pw@h:6543/db?" + "k" * 100_000 + "=1\n"},
                          None, ".env with a 100 KB URL"),
        "package-json-1000-deep": ({"package.json": _nested_package(1000), "app/api/x/route.ts": ROUTE},
                                   None, "package.json nested 1,000 deep"),
        "raised-py-1M-lines-4MB": ({"main.py": _python_lines(1_000_000).replace("x\n", "xyz\n")}, RAISED,
                                   "4 MB Python, one million lines, max-file-size 64 MiB"),
        "raised-ts-30MB": ({"package.json": PKG, "app/api/x/route.ts":
                            ROUTE + "export const f = (a: number) => a + 1;\n" * 760_000}, RAISED,
                           "30 MB TS, max-file-size 64 MiB"),
        "raised-three-5MB-urls": ({"package.json": PKG,
                                   "app/api/x/route.ts": ROUTE + "".join(_url_literal(5 * MB, n) for n in range(3))},
                                  RAISED, "three 5 MB URL literals, max-file-size 64 MiB"),
    }


def _tree(root: Path, files: int = 20_000, target_mb: int = 200) -> None:
    generate(root, files=files)
    code = [p for p in root.rglob("*") if p.suffix in (".ts", ".tsx", ".js", ".py")]
    have = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    pad = max(0, (target_mb * MB - have) // max(1, len(code)))
    for p in code:
        mark = "#" if p.suffix == ".py" else "//"
        line = f"{mark} generated filler line to make the tree the size of a large monorepo\n"
        p.write_text(p.read_text() + line * (pad // len(line)))


def measure(folder: Path, args: list[str]) -> dict:
    # Output goes to files: a pipe nobody reads while we sample would fill and block.
    with tempfile.TemporaryFile("w+") as out_file, tempfile.TemporaryFile("w+") as err_file:
        start = time.perf_counter()
        proc = subprocess.Popen([str(BIN / "poolcheck"), "--no-cache", "--exit-zero", *args, "."],
                                cwd=folder, stdout=out_file, stderr=err_file, text=True)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, _tree_rss_mb(proc.pid) * MB)
            time.sleep(0.05)
        wall = time.perf_counter() - start
        out_file.seek(0)
        err_file.seek(0)
        out, err = out_file.read(), err_file.read()
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return {"seconds": round(wall, 2), "peak_mb": round(peak / MB, 1), "input_mb": round(size / MB, 2),
            "s_per_mb": round(wall / max(size / MB, 1e-9), 2), "x_input": round(peak / max(size, 1), 1),
            "exit": proc.returncode, "internal_error": "internal error" in err or "Traceback" in err,
            "findings": out.count("\n"), "summary": err.strip().splitlines()[-1] if err.strip() else ""}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="one case: " + ", ".join([*cases(), "tree"]))
    args = parser.parse_args()
    results = {}
    work = Path(tempfile.mkdtemp(prefix="poolcheck-big-"))
    try:
        for name, (files, config, note) in cases().items():
            if args.only and args.only != name:
                continue
            folder = work / name
            for rel, text in files.items():
                (folder / rel).parent.mkdir(parents=True, exist_ok=True)
                (folder / rel).write_text(text)
            if config:
                (folder / "poolcheck.toml").write_text(config)
            results[name] = {"case": note, **measure(folder, ["--select", "ALL"])}
            print(name, json.dumps(results[name]), flush=True)
            shutil.rmtree(folder)
        if not args.only or args.only == "tree":
            folder = work / "tree"
            _tree(folder)
            results["tree-200MB-20k-files"] = {"case": "200 MB tree of 20,000 generated files, cold",
                                               **measure(folder, [])}
            print("tree", json.dumps(results["tree-200MB-20k-files"]), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    target = out / "big_cases.json"
    if args.only and target.exists():  # one case: keep the others' last figures
        results = {**json.loads(target.read_text()), **results}
    target.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
