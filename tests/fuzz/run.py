"""Long fuzzing runs, outside the test suite.

    python tests/fuzz/run.py                       # every kind, 100,000 inputs each
    python tests/fuzz/run.py --kind prisma --examples 20000

Prints how many inputs each front-end survived; the first failure is shrunk and shown.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, settings  # noqa: E402

from fuzzing import KINDS, check_config, check_input, config_inputs, inputs  # noqa: E402


def fuzz(kind: str, examples: int) -> int:
    count = 0

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(inputs(kind))
    def prop(data):
        nonlocal count
        count += 1
        check_input(kind, data)

    prop()
    return count


def fuzz_config(examples: int) -> int:
    count = 0

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(config_inputs())
    def prop(text):
        nonlocal count
        count += 1
        check_config(text)

    prop()
    return count


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kind", action="append", choices=sorted(KINDS) + ["poolcheck-config"])
    ap.add_argument("--examples", type=int, default=100_000)
    args = ap.parse_args()
    failed = False
    for kind in args.kind or [*sorted(KINDS), "poolcheck-config"]:
        start = time.perf_counter()
        try:
            n = fuzz_config(args.examples) if kind == "poolcheck-config" else fuzz(kind, args.examples)
            print(f"{kind}: survived {n} inputs in {time.perf_counter() - start:.0f} s", flush=True)
        except Exception as exc:  # hypothesis re-raises the shrunk failure(s)
            failed = True
            print(f"{kind}: FAILED: {type(exc).__name__}: {exc}", flush=True)
            for sub in getattr(exc, "exceptions", [exc]):
                print(f"  - {type(sub).__name__}: {str(sub)[:400]}", flush=True)
                for note in getattr(sub, "__notes__", []):
                    print(f"    {note[:600]}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
