"""Agreement of poolcheck's schema and .env readers with the real ones, on real files.

    python bench/corpus_agreement.py --schemas DIR --envs DIR [--show N]

Runs the same oracles as the conformance suites (tests/conformance: Prisma 6.19's
prisma-schema-wasm get_config; dotenv 18 and Prisma 6.19's .env loader; python-dotenv
1.2) over every *.prisma / env file in the folders and counts, per file, whether
poolcheck accepts and rejects the same schemas and extracts the same datasources
(provider, url, directUrl), and gives every key the same value as each env reader.
Files are never printed, only names (a .env may hold secrets); needs `make oracles`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from conformance.oracles import run_node, run_python_dotenv  # noqa: E402

from poolcheck.frontends.dotenv import DOTENV, PRISMA, PYDOTENV, expand_python, parse as parse_env  # noqa: E402
from poolcheck.frontends.prisma_schema import parse as parse_schema  # noqa: E402
from poolcheck.core.sources import Source, UnreadableSource  # noqa: E402

CHUNK = 400


def _chunks(files):
    for i in range(0, len(files), CHUNK):
        yield files[i:i + CHUNK]


def _setting(ds, role):
    u = ds.url(role)
    return None if u is None else {"fromEnvVar": u.env_var, "value": u.literal}


def schemas(folder: Path, show: int) -> dict:
    files = sorted(str(p) for p in folder.rglob("*.prisma"))
    theirs: dict = {}
    for chunk in _chunks(files):
        theirs.update(run_node("get_config.js", *chunk))
    stats = {"files": 0, "unreadable": 0, "verdict_agree": 0, "accepted_both": 0, "datasource_agree": 0}
    bad: list[str] = []
    for name in files:
        data = Path(name).read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            stats["unreadable"] += 1
            continue
        stats["files"] += 1
        model = parse_schema(text)
        t = theirs[name]
        if model.ok == (not t["errors"]):
            stats["verdict_agree"] += 1
        else:
            bad.append(f"verdict {Path(name).name}: prisma={'ok' if not t['errors'] else t['errors'][:2]} "
                       f"poolcheck={[p.message[:60] for p in model.problems + model.config_errors][:2]}")
            continue
        if model.ok:
            stats["accepted_both"] += 1
            ours = [{"provider": ds.provider, "url": _setting(ds, "url"), "directUrl": _setting(ds, "directUrl")}
                    for ds in model.datasources]
            if ours == [{k: d[k] for k in ("provider", "url", "directUrl")} for d in t["datasources"]]:
                stats["datasource_agree"] += 1
            else:
                bad.append(f"datasource {Path(name).name}")
    stats["disagreements"] = bad[:show]
    return stats


def envs(folder: Path, show: int) -> dict:
    files = sorted(str(p) for p in folder.rglob("*") if p.is_file())
    node: dict = {}
    py: dict = {}
    for chunk in _chunks(files):
        node.update(run_node("read_env.js", *chunk))
        py.update(run_python_dotenv(*chunk))
    stats = {"files": 0, "unreadable": 0, DOTENV: 0, PRISMA: 0, PYDOTENV: 0, "prisma_crash_agree": 0}
    bad: list[str] = []
    for name in files:
        try:
            text = Source.from_bytes(Path(name), "dotenv", Path(name).read_bytes()).text
        except UnreadableSource:
            stats["unreadable"] += 1
            continue
        stats["files"] += 1
        model = parse_env(text, readers=(PRISMA, DOTENV, PYDOTENV))
        n = node[name]
        if model.values(DOTENV) == n["dotenv"]:
            stats[DOTENV] += 1
        else:
            bad.append(f"dotenv {Path(name).name}")
        crashed = any("Maximum call stack" in w.message for w in model.warnings)
        if n["prisma"] is None:
            stats[PRISMA] += crashed
            stats["prisma_crash_agree"] += crashed
            if not crashed:
                bad.append(f"prisma-crash {Path(name).name}")
        elif not crashed and model.values(PRISMA) == n["prisma"]:
            stats[PRISMA] += 1
        else:
            bad.append(f"prisma {Path(name).name}")
        if name in py and expand_python(model.of(PYDOTENV)) == py[name]:
            stats[PYDOTENV] += 1
        else:
            bad.append(f"python-dotenv {Path(name).name}")
    stats["disagreements"] = bad[:show]
    return stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--schemas", type=Path)
    ap.add_argument("--envs", type=Path)
    ap.add_argument("--show", type=int, default=20, help="list at most this many disagreeing files")
    ap.add_argument("--fast-path-always", action="store_true",
                    help="use the schema fast path on every file (normally only on large ones)")
    args = ap.parse_args()
    if args.fast_path_always:
        from poolcheck.frontends import prisma_schema
        prisma_schema.FAST_PATH_MIN_LINES = 0
    out = {}
    if args.schemas:
        out["schemas"] = schemas(args.schemas, args.show)
    if args.envs:
        out["envs"] = envs(args.envs, args.show)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
