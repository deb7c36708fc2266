"""The `poolcheck` command line: flake8-style output, ruff-style selection flags.

Exit codes: 0 no findings, 1 findings, 2 usage or internal error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Sequence

from . import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # exit 2 with one clear line, like argparse but ours
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"poolcheck: error: {message}\n")


def _codes(value: str) -> list[str]:
    return [c.strip() for c in value.split(",") if c.strip()]


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def build_parser() -> argparse.ArgumentParser:
    from .reporters import FORMATS

    p = _Parser(
        prog="poolcheck",
        description="Find Prisma connection-pool mistakes in TypeScript, JavaScript, Python, "
                    "schema.prisma and .env files before they reach production.",
        epilog="Run `poolcheck lsp` to start the language server. Exit status: 0 clean, "
               "1 findings, 2 usage or internal error.",
    )
    p.add_argument("paths", nargs="*", type=Path, help="files or folders to check (default: .)")
    p.add_argument("--format", default="text", choices=sorted(FORMATS),
                   help="output format (default: text, flake8 style)")
    p.add_argument("--select", type=_codes, metavar="CODES",
                   help="comma-separated codes or prefixes to enable (replaces the defaults)")
    p.add_argument("--extend-select", type=_codes, default=[], metavar="CODES",
                   help="codes or prefixes to enable on top of the selection")
    p.add_argument("--ignore", type=_codes, default=[], metavar="CODES",
                   help="codes or prefixes to disable")
    p.add_argument("--output-file", "-o", type=Path, metavar="FILE",
                   help="write the report to FILE instead of standard output")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    p.add_argument("--list-rules", action="store_true", help="list every rule and its status")
    p.add_argument("--explain", metavar="CODE", help="print the documentation of a rule")
    p.add_argument("--version", action="version", version=f"poolcheck {__version__}")
    p.add_argument("--config", type=Path, metavar="FILE", help="use this config file")
    p.add_argument("--no-config", action="store_true", help="ignore every config file")
    p.add_argument("--quiet", "-q", action="store_true", help="no summary line on stderr")
    p.add_argument("--statistics", action="store_true", help="count findings per code")
    p.add_argument("--jobs", "-j", type=_positive_int, default=None, metavar="N",
                   help="parse large trees in N processes (default: the number of CPUs)")
    p.add_argument("--cache-dir", type=Path, metavar="DIR",
                   help="where to keep cached results (default: the user cache folder, "
                        "or $POOLCHECK_CACHE_DIR)")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    p.add_argument("--include-markdown", action="store_true",
                   help="also check ts/js code fences in .md/.mdx files")
    return p


def _relative(path: Path, cwd: Path) -> Path:
    try:
        return Path(os.path.relpath(path.absolute(), cwd))
    except ValueError:  # another drive on Windows
        return path


def list_rules(out) -> int:
    from .rules import SPECS, implemented_codes

    implemented = implemented_codes()
    out.write(f"{'code':<7}{'name':<34}{'sev':<5}{'default':<9}{'scope':<9}{'status':<13}summary\n")
    for spec in SPECS:
        status = "implemented" if spec.code in implemented else "planned"
        default = "on" if spec.default else "opt-in"
        out.write(f"{spec.code:<7}{spec.name:<34}{spec.severity.value:<5}{default:<9}"
                  f"{spec.scope:<9}{status:<13}{spec.summary}\n")
    return EXIT_CLEAN


def explain(code: str, out) -> int:
    from .rules import BY_CODE, explanation

    code = code.strip().upper()
    if code not in BY_CODE:
        sys.stderr.write(f"poolcheck: error: unknown rule code {code!r} (see --list-rules)\n")
        return EXIT_ERROR
    out.write(explanation(code).rstrip("\n") + "\n")
    return EXIT_CLEAN


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["lsp"]:
        from .lsp import main as lsp_main  # imported only for editors
        return lsp_main(argv[1:])
    args = build_parser().parse_args(argv)
    out = sys.stdout
    try:
        if args.list_rules:
            return list_rules(out)
        if args.explain:
            return explain(args.explain, out)
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_CLEAN
    try:
        return _check(args, out)
    except KeyboardInterrupt:
        sys.stderr.write("poolcheck: interrupted\n")
        return EXIT_ERROR
    except BrokenPipeError:  # `poolcheck | head`: stop quietly, like other CLI tools
        _silence_stdout()
        return EXIT_CLEAN


def _check(args, out) -> int:
    from .config import ConfigError, expand_selectors, find_config, load_settings
    from .engine import run
    from .reporters import ReportContext, write
    from .rules import BY_CODE, implemented_codes

    cwd = Path.cwd()
    paths = args.paths or [Path(".")]
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        sys.stderr.write(f"poolcheck: error: no such file or directory: {missing[0]}\n")
        return EXIT_ERROR

    implemented = implemented_codes()
    for flag, values in (("--select", args.select or []), ("--extend-select", args.extend_select)):
        _, bad = expand_selectors(values, implemented)
        if bad:
            sys.stderr.write(f"poolcheck: error: {flag}: {bad[0]}\n")
            return EXIT_ERROR
    _, bad = expand_selectors(args.ignore, set(BY_CODE))
    if bad:
        sys.stderr.write(f"poolcheck: error: --ignore: {bad[0]}\n")
        return EXIT_ERROR

    try:
        if args.no_config:
            config_path = None
        elif args.config:
            if not args.config.is_file():
                raise ConfigError(f"config file not found: {args.config}")
            config_path = args.config
        else:
            config_path = find_config(paths[0])
        settings = load_settings(config_path, implemented)
    except ConfigError as exc:
        sys.stderr.write(f"poolcheck: error: {exc}\n")
        return EXIT_ERROR

    if args.select is not None:
        settings.select = args.select
    settings.extend_select = [*settings.extend_select, *args.extend_select]
    settings.ignore = [*settings.ignore, *args.ignore]
    if args.include_markdown:
        settings.options["include-markdown"] = True

    jobs = args.jobs or os.cpu_count() or 1
    cache_dir = None
    if not args.no_cache:
        from .cache import default_cache_dir

        cache_dir = args.cache_dir or default_cache_dir()
    result = run(paths, settings, jobs=jobs, cache_dir=cache_dir)
    diagnostics = sorted(
        (replace(d, path=_relative(d.path, cwd),
                 related=tuple(replace(r, path=_relative(r.path, cwd)) for r in d.related))
         for d in result.diagnostics),
        key=lambda d: (d.path.as_posix(), d.span.line, d.span.col, d.code, d.message),
    )
    if args.output_file is not None:
        try:
            report = open(args.output_file, "w", encoding="utf-8", newline="\n")
        except OSError as exc:
            sys.stderr.write(f"poolcheck: error: cannot write {args.output_file}: {exc.strerror or exc}\n")
            return EXIT_ERROR
        with report:
            write(args.format, diagnostics, report, ReportContext(cwd=cwd, files_checked=result.files_checked, secrets=result.secrets))
    else:
        write(args.format, diagnostics, out, ReportContext(cwd=cwd, files_checked=result.files_checked, secrets=result.secrets))

    if args.statistics:
        stream = out if args.format == "text" else sys.stderr
        for code, count in sorted(Counter(d.code for d in diagnostics).items()):
            stream.write(f"{count:<6}{code} {BY_CODE[code].name}\n")
    for error in result.errors:
        sys.stderr.write(f"poolcheck: {error.describe()}\n")
    if not args.quiet:
        sys.stderr.write(_summary(diagnostics, result.files_checked) + "\n")
    if result.errors:
        return EXIT_ERROR
    if diagnostics and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _summary(diagnostics, files_checked: int) -> str:
    files = f"{files_checked} file{'s' if files_checked != 1 else ''}"
    if not diagnostics:
        return f"poolcheck: no findings in {files}"
    counts = Counter(d.severity.label for d in diagnostics)
    parts = ", ".join(f"{counts[k]} {k}{'s' if counts[k] != 1 else ''}"
                      for k in ("error", "warning", "info") if counts[k])
    total = len(diagnostics)
    return f"poolcheck: {total} finding{'s' if total != 1 else ''} ({parts}) in {files}"
