"""The check command behind `poolcheck` (cli.py calls `run` when no replay applies):
flake8-style output, ruff-style selection flags.

Exit codes: 0 no findings (or none at or above `--fail-on`), 1 findings, 2 usage error,
configuration error (PC901) or internal error. Each file is checked with its nearest
configuration (`config.Configurations`); command-line flags apply on top of every one.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

from . import __version__
from .cli_info import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, _relative  # noqa: F401 (re-exported)
# --fail-on: the severities that make the exit status 1.
FAIL_ON = {"error": {"E"}, "warning": {"E", "W"}, "info": {"E", "W", "I"}}


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
    """Over 60 lines: one `add_argument` per flag, a table read top to bottom as `--help`
    prints it; splitting it would only scatter the table."""
    from .reporters import FORMATS

    p = _Parser(
        prog="poolcheck",
        description="Find Prisma connection-pool mistakes in TypeScript, JavaScript, Python, "
                    "schema.prisma and .env files before they reach production.",
        epilog="Run `poolcheck lsp` to start the language server. Exit status: 0 clean, "
               "1 findings, 2 usage or internal error.",
    )
    p.add_argument("paths", nargs="*", type=Path,
                   help="files or folders to check (default: .); `-` reads standard input "
                        "(with --stdin-filename)")
    p.add_argument("--stdin-filename", type=Path, metavar="PATH",
                   help="the path of the text read from standard input: its kind, "
                        "configuration and project")
    p.add_argument("--format", default="text", choices=sorted(FORMATS),
                   help="output format (default: text, flake8 style)")
    p.add_argument("--select", type=_codes, metavar="CODES",
                   help="comma-separated codes or prefixes to enable (replaces the defaults)")
    p.add_argument("--extend-select", type=_codes, default=[], metavar="CODES",
                   help="codes or prefixes to enable on top of the selection")
    p.add_argument("--ignore", type=_codes, default=[], metavar="CODES",
                   help="codes or prefixes to disable")
    p.add_argument("--extend-exclude", type=_codes, default=[], metavar="PATTERNS",
                   help="comma-separated gitignore-style patterns to skip, on top of the config's")
    p.add_argument("--force-exclude", action="store_true",
                   help="apply exclude patterns to files named explicitly too (for pre-commit "
                        "and editors that pass file names)")
    p.add_argument("--fail-on", choices=FAIL_ON, default="info",
                   help="exit 1 only for findings of this severity or higher (default: info, "
                        "any finding)")
    from .fixes.command import add_arguments

    add_arguments(p)
    p.add_argument("--add-noqa", action="store_true",
                   help="write an inline suppression for every finding, in each file's own "
                        "comment form, and exit 0")
    p.add_argument("--show-settings", type=Path, metavar="FILE",
                   help="print the configuration FILE is checked with, and exit")
    p.add_argument("--show-files", action="store_true",
                   help="print the files that would be checked, with their config, and exit")
    p.add_argument("--output-file", "-o", type=Path, metavar="FILE",
                   help="write the report to FILE instead of standard output")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    p.add_argument("--list-rules", action="store_true", help="list every rule and its status")
    p.add_argument("--explain", metavar="CODE", help="print the documentation of a rule")
    p.add_argument("--version", action="version", version=f"poolcheck {__version__}")
    p.add_argument("--config", type=Path, metavar="FILE", help="use this config file")
    p.add_argument("--no-config", action="store_true", help="ignore every config file")
    p.add_argument("--quiet", "-q", action="store_true", help="no summary line on stderr")
    p.add_argument("--no-color", action="store_true",
                   help="no colour (the default only colours a terminal, and never with NO_COLOR set)")
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


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def run(argv: list[str]) -> int:
    """The command line after the replay found nothing to print: parse, check, report; a
    plain check is recorded (engine.recording) so that the next identical one replays."""
    from .engine.recording import Recording

    args = build_parser().parse_args(argv)
    out = sys.stdout
    from .cli_info import explain, list_rules

    try:
        if args.list_rules:
            return list_rules(out)
        if args.explain is not None:
            return explain(args.explain, out)
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_CLEAN
    recording = Recording.begin(argv)
    try:
        return _check(args, out if recording is None else recording.stdout(out), recording)
    except KeyboardInterrupt:
        sys.stderr.write("poolcheck: interrupted\n")
        return EXIT_ERROR
    except BrokenPipeError:  # `poolcheck | head`: stop quietly, like other CLI tools
        _silence_stdout()
        return EXIT_CLEAN
    finally:
        if recording is not None:
            recording.close()


def _configurations(args, cwd: Path):
    """Each file's settings: its nearest config (or --config / --no-config for all), with
    the command-line flags on top."""
    from .config import ConfigError, Configurations, Overrides, load_settings
    from .core import safeio
    from .rules import implemented_codes

    overrides = Overrides(select=args.select, extend_select=args.extend_select,
                          ignore=args.ignore, extend_exclude=args.extend_exclude,
                          options={**({"include-markdown": True} if args.include_markdown else {}),
                                   **({"force-exclude": True} if args.force_exclude else {})})
    implemented = implemented_codes()
    if args.no_config:
        return Configurations(implemented, overrides, fixed=load_settings(None, implemented), cwd=cwd)
    if args.config:
        if not safeio.is_file(args.config):
            raise ConfigError(f"config file not found: {args.config}")
        return Configurations(implemented, overrides, fixed=load_settings(args.config, implemented),
                              cwd=cwd)
    return Configurations(implemented, overrides, cwd=cwd)


def _check_flags(args) -> str | None:
    from .config import expand_selectors
    from .core import safeio
    from .rules import BY_CODE, implemented_codes

    implemented = implemented_codes()
    for flag, values in (("--select", args.select or []), ("--extend-select", args.extend_select)):
        _, bad = expand_selectors(values, implemented)
        if bad:
            return f"{flag}: {bad[0]}"
    _, bad = expand_selectors(args.ignore, set(BY_CODE))
    if bad:
        return f"--ignore: {bad[0]}"
    stdin = [p for p in args.paths if str(p) == "-"]
    if stdin and len(args.paths) > 1:
        return "`-` (standard input) cannot be combined with other paths"
    if args.stdin_filename is not None and not stdin:
        return "--stdin-filename needs `-` as the path"
    for p in args.paths:
        if str(p) != "-" and not safeio.exists(p):
            what = "dangling symbolic link" if os.path.islink(p) else "no such file or directory"
            return f"{what}: {p}"
    return None


def _check(args, out, recording=None) -> int:
    """Over 60 lines: the command's steps in the order they run, each a line or two; the
    replay's recording is told where the run is not one to store."""
    from .cli_info import show_files, show_settings
    from .config import ConfigError

    cwd = Path.cwd()
    problem = _check_flags(args)
    if problem:
        sys.stderr.write(f"poolcheck: error: {problem}\n")
        return EXIT_ERROR
    try:
        configs = _configurations(args, cwd)
    except ConfigError as exc:
        sys.stderr.write(f"poolcheck: error: {exc}\n")
        return EXIT_ERROR
    if args.show_settings is not None:
        return show_settings(args.show_settings, configs, out)
    paths = args.paths or [Path(".")]
    if args.show_files:
        return show_files(paths, configs, out, cwd)

    from .fixes import command

    if command.wanted(args) and args.add_noqa:
        sys.stderr.write("poolcheck: error: --add-noqa cannot be combined with --fix, --fix-only or --diff\n")
        return EXIT_ERROR
    cache_dir = _cache_dir(args)
    result, stdin_text = _collect(args, paths, configs, cache_dir)
    diagnostics = _for_output(result.diagnostics, cwd)
    if args.add_noqa:
        return add_noqa(diagnostics, cwd)
    if command.wanted(args):
        return _fix_mode(args, out, diagnostics, result, stdin_text, paths, configs, cache_dir, cwd)
    if args.format in command.FIX_FORMATS:
        diagnostics = command.with_fixes(diagnostics, configs, cwd)
    try:
        status = _report(args, out, diagnostics, result, cwd, recording)
    except BrokenPipeError:  # `poolcheck | head`: stop writing, keep the exit status
        _silence_stdout()
        status = None
    if status == EXIT_ERROR:
        return status
    for error in result.errors:
        sys.stderr.write(f"poolcheck: {error.describe()}\n")
    if status is not None and not args.quiet:
        sys.stderr.write(_summary(diagnostics, result.files_checked) + "\n")
    exit_status = _exit_status(args, diagnostics, result)
    if recording is not None and status is not None and not result.errors:
        recording.finish(args, exit_status, cache_dir)
    return exit_status


def _cache_dir(args) -> Path | None:
    if args.no_cache:
        return None
    from .engine.cache import default_cache_dir

    return args.cache_dir or default_cache_dir()


def _collect(args, paths, configs, cache_dir):
    """The run's result, and the text read from stdin when the path is `-` (else None)."""
    from .engine import RunResult, check_document

    if [str(p) for p in paths] != ["-"]:
        return _run(args, paths, configs, cache_dir), None
    name = args.stdin_filename or Path("stdin")
    text = sys.stdin.buffer.read().decode("utf-8", errors="replace")
    found = check_document(name, text, configs, cache_dir=cache_dir, named=True)
    return RunResult([*found, *(d for d in configs.problems() if d not in found)], 1, []), text


def _fix_mode(args, out, diagnostics, result, stdin_text, paths, configs, cache_dir, cwd) -> int:
    """`--fix`, `--fix-only`, `--diff`: fixes.command applies them, re-running the check."""
    from .fixes import command

    def rerun():
        again = _run(args, paths, configs, cache_dir)
        return _for_output(again.diagnostics, cwd), again

    def report(found, again):
        try:
            return _report(args, out, found, again, cwd)
        except BrokenPipeError:
            _silence_stdout()
            return None

    return command.run_fix_mode(args, out, diagnostics, configs, cwd, cache_dir, rerun, report,
                                result, stdin_text, lambda found, again: _exit_status(args, found, again))


def _run(args, paths, configs, cache_dir):
    from .engine import run
    from .reporters.progress import progress_for

    # A recorded run's stderr is a tee (engine.replay): the progress line is not output.
    progress = progress_for(quiet=args.quiet, stream=getattr(sys.stderr, "replay_target", None))
    try:
        return run(paths, configs, jobs=args.jobs or os.cpu_count() or 1, cache_dir=cache_dir,
                   progress=progress)
    finally:
        if progress is not None:
            progress.finish()


def _for_output(diagnostics, cwd: Path) -> list:
    return sorted(
        (replace(d, path=_relative(d.path, cwd),
                 related=tuple(replace(r, path=_relative(r.path, cwd)) for r in d.related))
         for d in diagnostics),
        key=lambda d: (d.path.as_posix(), d.span.line, d.span.col, d.code, d.message),
    )


def _report(args, out, diagnostics, result, cwd: Path, recording=None) -> int | None:
    from .core import safeio
    from .reporters import ReportContext, write
    from .rules import BY_CODE

    named = tuple(p for p in (args.paths or []) if str(p) != "-" and safeio.is_file(p))
    if args.stdin_filename is not None:
        named += (args.stdin_filename,)
    context = ReportContext(cwd=cwd, files_checked=result.files_checked, named_files=named,
                            color=_use_color(args, out), secrets=result.secrets)
    if args.output_file is not None:
        try:
            report = open(args.output_file, "w", encoding="utf-8", newline="\n")
        except OSError as exc:
            sys.stderr.write(f"poolcheck: error: cannot write {args.output_file}: {exc.strerror or exc}\n")
            return EXIT_ERROR
        with report:
            write(args.format, diagnostics, report if recording is None else
                  recording.output_file(args.output_file, report), context)
    else:
        write(args.format, diagnostics, out, context)
    if args.statistics:
        stream = out if args.format == "text" else sys.stderr
        for code, count in sorted(Counter(d.code for d in diagnostics).items()):
            stream.write(f"{count:<6}{code} {BY_CODE[code].name}\n")
    out.flush()
    return 0


def _use_color(args, out) -> bool:
    """Colour only on a terminal, and not with --no-color or NO_COLOR (https://no-color.org)."""
    if args.no_color or os.environ.get("NO_COLOR") or args.output_file is not None:
        return False
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


def _exit_status(args, diagnostics, result) -> int:
    if result.errors or any(d.code == "PC901" for d in diagnostics):
        return EXIT_ERROR  # poolcheck could not do its job as configured (ruff exits 2 too)
    failing = FAIL_ON[args.fail_on]
    if not args.exit_zero and any(d.severity.value in failing for d in diagnostics):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def add_noqa(diagnostics, cwd: Path) -> int:
    """`--add-noqa`: suppress every finding in place, in each file's own comment form."""
    from .engine.discovery import classify_named
    from .suppression import add_to_text

    by_path: dict[Path, list[tuple[int, str]]] = {}
    for d in diagnostics:
        if d.code != "PC901":  # config problems are fixed in the config, not silenced
            by_path.setdefault(d.path, []).append((d.span.line, d.code))
    total = files = 0
    for path, findings in sorted(by_path.items()):
        full = path if path.is_absolute() else cwd / path
        kind = classify_named(full)
        try:
            data = full.read_bytes()
            text = data.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            sys.stderr.write(f"poolcheck: warning: cannot rewrite {path}: {exc}\n")
            continue
        new, added = add_to_text(text, findings, full, kind or "")
        if added < len(set(findings)):
            skipped = len(set(findings)) - added
            sys.stderr.write(f"poolcheck: {path}: {skipped} finding(s) not suppressed inline "
                             "(the format has no comments, or already suppressed); use "
                             "per-file-ignores in the configuration\n")
        if added:
            full.write_bytes(new.encode("utf-8"))
            total += added
            files += 1
    sys.stderr.write(f"poolcheck: added {total} suppression{'s' if total != 1 else ''} "
                     f"in {files} file{'s' if files != 1 else ''}\n")
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
