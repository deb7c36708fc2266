"""Measure the shape of a real tree, to calibrate the synthetic benchmark tree against it.

    .venv/bin/python bench/calibrate.py /work/corpus/documenso [more trees...] [--json OUT]

For the files poolcheck would read (its own discovery: .gitignore, skipped folders), it
reports the mix of file kinds, the share of TS/JS files that import the Prisma client (or
a project module that re-exports it) and the share that query it, queries and
transactions per such file, functions per file, file sizes, folder nesting depth, the
share of test files and of files passing poolcheck's byte prefilter. The figures that
`bench/synth.py` is shaped after are written down in bench/CALIBRATION.md.

Definitions (syntactic, from a tree-sitter parse, not regexes over the text):
- imports the client: an `import`/`export ... from`/`require()`/`import()` whose module
  names Prisma (`@prisma/client`, `@documenso/prisma`, `~/lib/prisma`, a generated client)
  or is a local database module (`~/db.server`, `@/lib/db`, `../database`).
- queries: a call `<x>.<model>.<query method>(...)` (findMany, create, upsert, ... as in
  poolcheck's own vocabulary), `<x>.$transaction(...)` or a raw query `<x>.$queryRaw`.
- functions: function declarations and expressions, arrow functions, methods.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from files import EMBEDDED_KINDS, PYTHON_KINDS, TS_KINDS, discovered  # noqa: E402

from poolcheck.vocabulary.layout import path_role  # noqa: E402
from poolcheck.frontends import passes_prefilter  # noqa: E402
from poolcheck.frontends.ts_model import FUNCTION_TYPES, QUERY_METHODS, RAW_METHODS  # noqa: E402

DB_MODULE_TAILS = ("db", "db.server", "database", "db.ts", "prisma", "prisma.server")
PERCENTILES = (10, 25, 50, 75, 90, 99)


def _names_db_module(spec: str) -> bool:
    if "prisma" in spec.lower():
        return True
    tail = spec.rstrip("/").rsplit("/", 1)[-1]
    local = spec.startswith((".", "~", "@/", "#")) or spec.count("/") >= 1
    return local and tail in DB_MODULE_TAILS


QUERY = """
(import_statement source: (string (string_fragment) @module))
(export_statement source: (string (string_fragment) @module))
(call_expression function: (identifier) @fn (#eq? @fn "require")
  arguments: (arguments (string (string_fragment) @module)))
(call_expression function: (import) arguments: (arguments (string (string_fragment) @module)))
(call_expression function: (member_expression
   object: (member_expression) property: (property_identifier) @method))
(call_expression function: (member_expression property: (property_identifier) @dollar))
"""


def _function_pattern(language) -> str:
    # FUNCTION_TYPES also names node kinds of older grammars; keep the ones this one has.
    kinds = [t for t in sorted(FUNCTION_TYPES) if language.id_for_node_kind(t, True) is not None]
    return "[" + " ".join(f"({t})" for t in kinds) + "] @function"


class _TsMeasure:
    def __init__(self):
        import tree_sitter as ts
        import tree_sitter_typescript as tst

        self.ts = ts
        self.languages = {"ts": ts.Language(tst.language_typescript()),
                          "tsx": ts.Language(tst.language_tsx())}
        self.parsers = {k: ts.Parser(v) for k, v in self.languages.items()}
        self.queries = {k: ts.Query(v, QUERY + _function_pattern(v)) for k, v in self.languages.items()}

    def measure(self, path: str, data: bytes) -> dict:
        key = "ts" if path.endswith((".ts", ".mts", ".cts")) else "tsx"
        tree = self.parsers[key].parse(data)
        caps = self.ts.QueryCursor(self.queries[key]).captures(tree.root_node)
        text = lambda n: data[n.start_byte:n.end_byte].decode("utf-8", "replace")  # noqa: E731
        modules = [text(n) for n in caps.get("module", [])]
        queries = sum(1 for n in caps.get("method", []) if text(n) in QUERY_METHODS)
        dollars = [text(n) for n in caps.get("dollar", [])]
        transactions = dollars.count("$transaction")
        raw = sum(1 for d in dollars if d in RAW_METHODS)
        return {"imports_client": any(_names_db_module(m) for m in modules),
                "imports_prisma_client_pkg": any(m.startswith("@prisma/client") for m in modules),
                "queries": queries + transactions + raw, "transactions": transactions,
                "functions": len(caps.get("function", [])), "imports": len(modules)}


PY_QUERY_METHODS = frozenset({
    "find_many", "find_unique", "find_unique_or_raise", "find_first", "find_first_or_raise",
    "create", "create_many", "update", "update_many", "upsert", "delete", "delete_many",
    "count", "group_by", "query_raw", "query_first", "execute_raw",
})


def _measure_python(data: bytes) -> dict:
    import ast

    try:
        tree = ast.parse(data)
    except (SyntaxError, ValueError):
        return {"imports_client": False, "queries": 0, "transactions": 0, "functions": 0}
    functions = queries = transactions = 0
    imports_client = False
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            functions += 1
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "prisma":
            imports_client = True
        elif isinstance(node, ast.Import) and any(a.name.split(".")[0] == "prisma" for a in node.names):
            imports_client = True
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "tx":
                transactions += 1
            elif node.func.attr in PY_QUERY_METHODS and isinstance(node.func.value, ast.Attribute):
                queries += 1
    return {"imports_client": imports_client, "queries": queries + transactions,
            "transactions": transactions, "functions": functions}


def _pct(values: list[float]) -> dict:
    if not values:
        return {}
    ordered = sorted(values)
    out = {f"p{p}": ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] for p in PERCENTILES}
    out["max"] = ordered[-1]
    out["mean"] = round(statistics.fmean(ordered), 2)
    return out


def measure_tree(root: Path) -> dict:
    root = root.resolve()
    found = discovered(root)
    kinds = Counter(f.kind for f in found)
    code = [f for f in found if f.kind in TS_KINDS | EMBEDDED_KINDS | PYTHON_KINDS]
    ts_measure = _TsMeasure()
    rows = []
    for f in code:
        try:
            data = Path(f.path).read_bytes()
        except OSError:
            continue
        rel = Path(os.path.relpath(f.path, root))
        row = {"kind": f.kind, "bytes": len(data), "lines": data.count(b"\n") + 1,
               "depth": len(rel.parts) - 1, "role": path_role(rel),
               "prefilter": passes_prefilter(f.kind, data)}
        if f.kind in TS_KINDS:
            row.update(ts_measure.measure(str(f.path), data))
        elif f.kind in PYTHON_KINDS:
            row.update(_measure_python(data))
        rows.append(row)
    ts_rows = [r for r in rows if r["kind"] in TS_KINDS]
    py_rows = [r for r in rows if r["kind"] in PYTHON_KINDS]
    db_rows = [r for r in ts_rows if r["imports_client"] or r["queries"]]
    querying = [r for r in ts_rows if r["queries"]]
    n_code = len(rows) or 1
    n_ts = len(ts_rows) or 1
    share = lambda part, whole: round(len(part) / (whole or 1), 3)  # noqa: E731
    return {
        "tree": str(root),
        "files_found": len(found),
        "code_files": len(rows),
        "kinds": dict(sorted(kinds.items())),
        "kind_shares_of_code": {k: round(v / n_code, 3) for k, v in sorted(Counter(r["kind"] for r in rows).items())},
        "python_share_of_code": share([r for r in rows if r["kind"] in PYTHON_KINDS], len(rows)),
        "ts_js_files": len(ts_rows),
        "ts_importing_client": share([r for r in ts_rows if r["imports_client"]], n_ts),
        "ts_importing_prisma_client_pkg": share([r for r in ts_rows if r.get("imports_prisma_client_pkg")], n_ts),
        "ts_querying": share(querying, n_ts),
        "ts_touching_db": share(db_rows, n_ts),
        "ts_passing_prefilter": share([r for r in ts_rows if r["prefilter"]], n_ts),
        "code_passing_prefilter": share([r for r in rows if r["prefilter"]], len(rows)),
        "queries_per_querying_file": _pct([r["queries"] for r in querying]),
        "transactions_per_querying_file": round(sum(r["transactions"] for r in querying) / (len(querying) or 1), 3),
        "querying_files_with_a_transaction": share([r for r in querying if r["transactions"]], len(querying)),
        "functions_per_ts_file": _pct([r["functions"] for r in ts_rows]),
        "functions_per_db_file": _pct([r["functions"] for r in db_rows]),
        "bytes_per_code_file": _pct([r["bytes"] for r in rows]),
        "bytes_per_db_file": _pct([r["bytes"] for r in db_rows]),
        "lines_per_code_file": _pct([r["lines"] for r in rows]),
        "depth": _pct([r["depth"] for r in rows]),
        "depth_histogram": dict(sorted(Counter(r["depth"] for r in rows).items())),
        "python_files": len(py_rows),
        "py_importing_client": share([r for r in py_rows if r["imports_client"]], len(py_rows)),
        "py_querying": share([r for r in py_rows if r["queries"]], len(py_rows)),
        "py_passing_prefilter": share([r for r in py_rows if r["prefilter"]], len(py_rows)),
        "functions_per_py_file": _pct([r["functions"] for r in py_rows]),
        "bytes_per_py_file": _pct([r["bytes"] for r in py_rows]),
        "test_share_of_code": share([r for r in rows if r["role"] == "test"], len(rows)),
        "script_share_of_code": share([r for r in rows if r["role"] == "script"], len(rows)),
        "package_json": kinds.get("package-json", 0),
        "schemas": kinds.get("prisma", 0),
        "env_files": kinds.get("dotenv", 0),
        "code_mb": round(sum(r["bytes"] for r in rows) / 1e6, 2),
    }


def summary(m: dict) -> str:
    pct = lambda d: " ".join(f"{k}={v}" for k, v in d.items())  # noqa: E731
    return "\n".join([
        f"{m['tree']}: {m['files_found']} files found, {m['code_files']} code files "
        f"({m['ts_js_files']} TS/JS), {m['code_mb']} MB",
        f"  kinds: {m['kind_shares_of_code']}",
        f"  TS/JS importing the client {m['ts_importing_client']:.1%} (@prisma/client itself "
        f"{m['ts_importing_prisma_client_pkg']:.1%}), querying {m['ts_querying']:.1%}, either "
        f"{m['ts_touching_db']:.1%}, passing the prefilter {m['ts_passing_prefilter']:.1%}",
        f"  queries per querying file: {pct(m['queries_per_querying_file'])}",
        f"  transactions per querying file {m['transactions_per_querying_file']}, "
        f"querying files with one: {m['querying_files_with_a_transaction']:.1%}",
        f"  functions per TS/JS file: {pct(m['functions_per_ts_file'])}",
        f"  functions per DB file: {pct(m['functions_per_db_file'])}",
        f"  bytes per code file: {pct(m['bytes_per_code_file'])}",
        f"  bytes per DB file: {pct(m['bytes_per_db_file'])}",
        f"  folder depth: {pct(m['depth'])}",
        *([f"  Python: {m['python_files']} files, importing prisma {m['py_importing_client']:.1%}, "
           f"querying {m['py_querying']:.1%}, passing the prefilter {m['py_passing_prefilter']:.1%}; "
           f"functions {pct(m['functions_per_py_file'])}; bytes {pct(m['bytes_per_py_file'])}"]
          if m["python_files"] else []),
        f"  tests {m['test_share_of_code']:.1%}, scripts {m['script_share_of_code']:.1%}, "
        f"Python {m['python_share_of_code']:.1%}; package.json {m['package_json']}, "
        f"schemas {m['schemas']}, env files {m['env_files']}",
    ])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("trees", nargs="+", type=Path)
    ap.add_argument("--json", type=Path, help="also write the full measurements here")
    args = ap.parse_args(argv)
    results = []
    for tree in args.trees:
        if not tree.is_dir():
            ap.error(f"not a folder: {tree}")
        m = measure_tree(tree)
        results.append(m)
        print(summary(m))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
