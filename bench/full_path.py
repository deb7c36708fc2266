"""What the TS/JS files that need the model cost, phase by phase, in one process.

    .venv/bin/python bench/full_path.py /work/corpus/documenso [--repeat 3] [--passes]

Finds the tree's TS/JS files with poolcheck's own discovery and prefilter, then runs the
TS front-end's steps on each file as `analyser.analyse` does (the cheap path first, then
for the files it hands over: the gates refined on its tree, the cheap path again when
they close them all, else the model, the scopes, the passes of `analyser.run`, and the
symbols when the file seeds the link), timing each step with the CPU clock
(`time.process_time`: other load on a shared machine does not count). Prints seconds per
step, the minimum of --repeat runs, beside the tree-sitter parse of every TS/JS file.
With --passes, `run`'s passes are timed one by one too (their sum includes the clock
reads). No cProfile: its per-call overhead would rank Python work against C work wrongly.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path, PurePosixPath

if not any(p.endswith("/src") for p in sys.path):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from files import TS_KINDS, discovered  # noqa: E402
from poolcheck.core.sources import Source  # noqa: E402
from poolcheck.facts import FileFacts, Trait  # noqa: E402
from poolcheck.frontends import passes_prefilter  # noqa: E402
from poolcheck.frontends.ts_model import build  # noqa: E402
from poolcheck.frontends.ts_tree import parse  # noqa: E402
from poolcheck.frontends.typescript import analyser, caches, clients, constructions, light, nest, targets, urls  # noqa: E402
from poolcheck.frontends.typescript.context import TsFile  # noqa: E402
from poolcheck.frontends.typescript.gates import file_gates  # noqa: E402
from poolcheck.frontends.typescript.scopes import build_scopes  # noqa: E402
from poolcheck.frontends.typescript.symbols import extract, seeds_link  # noqa: E402

clock = time.process_time


def _passes(tf, g, acc) -> None:
    """`analyser.run`, each pass on the clock (the same passes in the same order)."""
    def timed(name, fn, *args):
        t = clock()
        fn(*args)
        acc[name] += clock() - t

    if g.classes:
        timed("classes", constructions.classes, tf)
    if g.calls:
        timed("clientlike", clients.collect_clientlike, tf)
    for name, node, detail in tf.scopes.traits:
        tf.facts.add(Trait(name, tf.span(node) if node is not None else None, detail))
    if g.globals:
        timed("global_caches", caches.global_caches, tf)
    if g.nest:
        timed("nest", nest.providers, tf)
    if g.classes:
        timed("constructions", lambda: [constructions.construction(tf, n) for n in tf.prog.nodes("new_expression")])
    if g.calls:
        timed("calls", lambda: [analyser.dispatch_call(tf, c)
                                for c in targets.dispatch_calls(tf.prog.root, tf.prog.data)])
    if g.literals or g.appended:
        timed("urls", urls.scan_urls, tf, g.literals, g.appended)


def one_run(sources, by_pass: bool):
    acc: dict[str, float] = defaultdict(float)
    full = 0
    for source in sources:
        path = PurePosixPath(source.path.as_posix())
        grammar = analyser.grammar_for(source.kind, path)
        facts = FileFacts(path=source.path, language="typescript")
        t0 = clock()
        g = file_gates(source.data)
        done, tree = light.imports_only(source.data, grammar, facts, g)
        t1 = clock()
        acc["cheap path (incl. its parse)"] += t1 - t0
        if done:
            continue
        full += 1
        if tree is None:
            tree = parse(source.data, grammar)
        t2 = clock()
        acc["parse (full path)"] += t2 - t1
        refined = analyser.refined_gates(g, tree.root_node, source.data)
        if refined != g and light.imports_only(source.data, grammar, facts, refined, tree)[0]:
            acc["gates refined on the tree"] += clock() - t2
            acc["(files the refined gates make cheap)"] += 1
            continue
        g = refined
        t2b = clock()
        acc["gates refined on the tree"] += t2b - t2
        t2 = t2b
        prog = build(source.data, grammar, tree)
        t3 = clock()
        acc["ts_model.build"] += t3 - t2
        scopes = build_scopes(prog, path, source.span, None, facts.path)
        tf = TsFile(prog, path, source.span, facts, scopes)
        t4 = clock()
        acc["build_scopes"] += t4 - t3
        if by_pass:
            _passes(tf, g, acc)
        else:
            analyser.run(tf, g)
        t5 = clock()
        acc["run (passes)"] += t5 - t4
        if seeds_link(facts):
            if g.calls is False and file_gates(source.data).calls:
                clients.collect_clientlike(tf)
            extract(tf)
            acc["symbols (seeding files)"] += clock() - t5
    return acc, full


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tree", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--passes", action="store_true", help="time run's passes one by one")
    args = ap.parse_args(argv)
    found = [f for f in discovered(args.tree) if f.kind in TS_KINDS]
    sources = []
    for f in found:
        data = f.path.read_bytes()
        if len(data) > 1_000_000 or not passes_prefilter(f.kind, data):
            continue
        sources.append(Source.from_bytes(f.path, f.kind, data))
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        acc, full = one_run(sources, args.passes)
        for k, v in acc.items():
            best[k] = min(best.get(k, v), v)
    t = clock()
    for f in found:
        data = f.path.read_bytes()
        if len(data) <= 1_000_000:
            parse(data, analyser.grammar_for(f.kind, PurePosixPath(f.path.as_posix())))
    every = clock() - t
    print(f"{args.tree}: {len(found)} TS/JS files, {len(sources)} pass the prefilter, {full} take the full path")
    print(f"{'parse of every TS/JS file':34s} {every:7.3f} s")
    for k, v in best.items():
        print(f"{k:34s} {v:7.3f}" + ("" if k.startswith("(") else " s"))
    model = sum(v for k, v in best.items() if k in ("ts_model.build", "build_scopes", "run (passes)"))
    print(f"{'model + scopes + passes':34s} {model:7.3f} s = {model / every:.2f}x the parse of every file")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
