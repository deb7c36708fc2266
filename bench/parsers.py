"""Parse speed of the schema and .env front-ends, in seconds per MB.

    python bench/parsers.py                 # synthetic files of about 1 MB each
    python bench/parsers.py --corpus DIR    # also every *.prisma / env file under DIR

Targets (issue 17): schema <= 1 s/MB, .env <= 0.3 s/MB, on the project's 2-core machine.
The .env figures are for a Node project (Prisma's loader and dotenv: one parse, two
expansions) and a Python project (python-dotenv and Prisma's loader: two parses), as
`poolcheck` reads a .env, with the comparison between the readers. Median of --repeat runs.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

if not any(p.endswith("/src") for p in sys.path):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from poolcheck.frontends import dotenv, prisma_schema  # noqa: E402

FIELD_TYPES = ["String", "Int", "DateTime", "Boolean", "Json", "Float", "BigInt", "Decimal", "Bytes"]


def synthetic_schema(size: int, seed: int = 17) -> str:
    rnd = random.Random(seed)
    out = ['generator client {\n  provider = "prisma-client-js"\n  previewFeatures = ["fullTextSearch"]\n}\n\n',
           'datasource db {\n  provider  = "postgresql"\n  url       = env("DATABASE_URL")\n'
           '  directUrl = env("DIRECT_URL") /* migrations */\n}\n\n']
    n = 0
    while sum(map(len, out)) < size:
        n += 1
        out.append(f"/// A model of the shop, number {n}.\nmodel Model{n} {{\n")
        out.append('  id        String   @id @default(cuid())\n')
        for f in range(rnd.randint(4, 14)):
            t = rnd.choice(FIELD_TYPES) + rnd.choice(["", "?", "[]"]) if rnd.random() < 0.9 else f"Model{max(1, n - 1)}"
            attrs = rnd.choice(["", ' @default("x")', " @unique", ' @map("col_%d")' % f, " @db.VarChar(255)",
                                " @default(now())", " @updatedAt"])
            comment = rnd.choice(["", "", "", " // note", " /* block note */"])
            out.append(f"  field{f} {t}{attrs}{comment}\n")
        if rnd.random() < 0.3:
            out.append("  /* a comment\n     over two lines */\n")
        out.append(f'  createdAt DateTime @default(now())\n\n  @@index([createdAt])\n  @@map("model_{n}")\n}}\n\n')
        if rnd.random() < 0.2:
            out.append(f"enum Kind{n} {{\n  A\n  B // second\n  C\n}}\n\n")
    return "".join(out)


def synthetic_env(size: int, seed: int = 17) -> str:
    rnd = random.Random(seed)
    forms = [
        "KEY{i}=value{i}",
        'KEY{i}="quoted value {i}"',
        "KEY{i}='single {i}'",
        "export KEY{i}=exported{i}",
        "# a comment line {i}",
        "",
        'DATABASE_URL_{i}="postgresql://user:pw{i}@db-{i}.example.com:5432/app?schema=public&connection_limit=5"',
        "URL_{i}=postgresql://u:p@h:5432/db_{i}?sslmode=require",
        "REF_{i}=${{KEY{j}}}/path",
        "KEY{i} = spaced value {i} # trailing comment",
    ]
    out, i = [], 0
    while sum(map(len, out)) + len(out) < size:
        i += 1
        out.append(rnd.choice(forms).format(i=i, j=max(1, i - 3)))
    return "\n".join(out) + "\n"


def _time(fn, text: str, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(text)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def schema_parse(text: str) -> None:
    prisma_schema.parse(text)


def env_parse(text: str, runtime: str = dotenv.NODE) -> None:
    """What `poolcheck` does with a .env of a Node (Prisma <= 6) or Python project: read it
    as each of the project's readers does, expand, compare."""
    model = dotenv.parse(text, runtime)
    for reader in model.readers:
        model.values(reader)


def env_parse_python(text: str) -> None:
    env_parse(text, dotenv.PYTHON)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=1_000_000, help="bytes of each synthetic file")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--corpus", type=Path, help="also time every *.prisma and *.env file under this folder")
    args = ap.parse_args()
    schema_parse("model A {\n  id Int @id\n}\n")  # build the parsers once, outside the timing
    env_parse("A=1\n")
    env_parse_python("A=1\n")
    rows = []
    env_text = synthetic_env(args.size)
    for label, fn, text, target in (
            ("schema (synthetic)", schema_parse, synthetic_schema(args.size), 1.0),
            (".env (synthetic), Node project", env_parse, env_text, 0.3),
            (".env (synthetic), Python project", env_parse_python, env_text, 0.3)):
        mb = len(text.encode()) / 1e6
        rows.append((label, mb, _time(fn, text, args.repeat) / mb, target))
    if args.corpus:
        for label, pattern, fn, target in (("schema (corpus)", "*.prisma", schema_parse, 1.0),
                                            (".env (corpus), Node project", "*.env", env_parse, 0.3)):
            texts = []
            for p in sorted(args.corpus.rglob(pattern)):
                try:
                    texts.append(p.read_bytes().decode("utf-8"))
                except (OSError, UnicodeDecodeError):
                    continue
            mb = sum(len(t.encode()) for t in texts) / 1e6
            if not texts:
                continue
            start = time.perf_counter()
            for t in texts:
                fn(t)
            rows.append((f"{label}, {len(texts)} files", mb, (time.perf_counter() - start) / mb, target))
    print(f"{'front-end':42} {'MB':>7} {'s/MB':>7} {'target':>7}")
    for label, mb, per, target in rows:
        print(f"{label:42} {mb:7.2f} {per:7.3f} {target:7.2f}  {'met' if per <= target else 'MISSED'}")


if __name__ == "__main__":
    main()
