"""Configuration: `[tool.poolcheck]` in pyproject.toml, or poolcheck.toml / .poolcheck.toml.

Found by walking up from the paths given; CLI flags override. Problems (an unknown key,
an unknown rule code, a wrong type) become PC901 diagnostics pointing at the key, never
tracebacks.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .diagnostics import Diagnostic, Severity, Span
from .rules.catalogue import BY_CODE

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

CONFIG_FILENAMES = (".poolcheck.toml", "poolcheck.toml", "pyproject.toml")


@dataclass(frozen=True)
class Option:
    """A rule or tool option: its type, default and one-line meaning (for the docs)."""

    key: str
    types: tuple[type, ...]
    default: Any
    help: str
    choices: tuple = ()


# Every option the configuration accepts beside the selection keys. Rules read them with
# `ctx.option("key")`; docs/configuration.md lists the same table.
OPTIONS: dict[str, Option] = {o.key: o for o in (
    Option("serverless", (bool, str), "auto",
           "Deploys to a serverless platform: true, false or \"auto\" (infer from files)",
           choices=(True, False, "auto")),
    Option("runtime", (str,), "auto",
           "Where the code runs: \"auto\", \"node\", \"edge\", \"workers\" or \"python\"",
           choices=("auto", "node", "edge", "workers", "python")),
    Option("prisma-version", (str,), "auto",
           "Prisma major version (\"6\", \"7\") when package.json or a lockfile cannot tell"),
    Option("max-connections", (int,), None,
           "The database's max_connections, when no compose file or postgresql.conf says"),
    Option("replicas", (int,), None, "Instances of the app that run at once"),
    Option("cpus", (int,), None,
           "Physical CPUs per instance, for Prisma's default pool size (CPUs x 2 + 1)"),
    Option("reserved-connections", (int,), 5,
           "Connections kept free for superusers and migrations (PC401)"),
    Option("serverless-connection-limit", (int,), 1,
           "Largest connection_limit tolerated on serverless without a pooler (PC303)"),
    Option("max-transaction-timeout", (int, float), 10,
           "Seconds above which an interactive transaction timeout is reported (PC203)"),
    Option("slow-calls", (list,), [],
           "Extra callee names treated as slow inside transactions (PC201)"),
    Option("include-markdown", (bool,), False,
           "Also check ts/js code fences in .md and .mdx files"),
    Option("respect-gitignore", (bool,), True, "Skip files that .gitignore excludes"),
    Option("max-file-size", (int,), 2 * 1024 * 1024,
           "Files larger than this many bytes are skipped with a note"),
    Option("file-time-budget", (int, float), 20,
           "CPU seconds one file's analysis may take before it is skipped with a note (0: no limit)"),
    Option("memory-limit", (int,), 2048,
           "MiB of memory a process may hold while analysing a file before the file is skipped "
           "with a note (0: no limit)"),
)}

SELECTION_KEYS = ("select", "ignore", "extend-select")
PATH_KEYS = ("exclude", "extend-exclude")
KNOWN_KEYS = set(SELECTION_KEYS) | set(PATH_KEYS) | {"per-file-ignores"} | set(OPTIONS)


class ConfigError(Exception):
    """A usage error that stops the run (exit 2): bad CLI flag values, missing --config."""


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above `start` (a file's folder, or a folder)."""
    start = start.resolve()
    if start.is_file() or not start.exists():
        start = start.parent
    for folder in (start, *start.parents):
        for name in CONFIG_FILENAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name != "pyproject.toml":
                return candidate
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
                continue
            if isinstance(data.get("tool"), dict) and "poolcheck" in data["tool"]:
                return candidate
    return None


def _key_span(text: str, table: str | None, key: str) -> Span:
    """Best-effort location of `key` inside `[table]` of a TOML text (line 1 if unknown)."""
    current: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("[") and not line.startswith("[["):
            current = line.strip("[]").strip().replace('"', "")
            continue
        if current == table or (table is None and current is None):
            name = line.split("=", 1)[0].strip().strip("\"'")
            if "=" in line and name == key:
                col = raw.index(raw.lstrip()[0]) + 1 if raw.strip() else 1
                return Span(number, col, number, col + len(key))
    return Span(1, 1, 1, 2)


def expand_selectors(selectors: Iterable[str], implemented: set[str]) -> tuple[set[str], list[str]]:
    """Turn codes and prefixes ("PC1", "PC101", "ALL") into implemented codes.

    Returns the codes and the selectors that are unknown or name only planned rules.
    Opt-in rules (default off) are enabled only by their exact code.
    """
    codes: set[str] = set()
    problems: list[str] = []
    for raw in selectors:
        sel = str(raw).strip().upper()
        if not sel:
            continue
        if sel == "ALL":
            codes |= {c for c in implemented if BY_CODE[c].default}
            continue
        if sel in BY_CODE:
            if sel in implemented:
                codes.add(sel)
            else:
                problems.append(f"{sel} is planned, not implemented yet")
            continue
        matches = [c for c in BY_CODE if c.startswith(sel)]
        if not sel.startswith("PC") or not matches:
            problems.append(f"unknown rule code or prefix {raw!r}")
            continue
        codes |= {c for c in matches if c in implemented and BY_CODE[c].default}
    return codes, problems


@dataclass
class Settings:
    """The effective configuration of one run."""

    config_path: Path | None = None
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    extend_exclude: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)

    @property
    def root(self) -> Path:
        """Where relative patterns in the config are anchored."""
        return self.config_path.parent if self.config_path else Path.cwd()

    def option(self, key: str) -> Any:
        if key not in OPTIONS:
            raise KeyError(f"poolcheck has no option {key!r}")
        return self.options.get(key, OPTIONS[key].default)

    def enabled_codes(self, implemented: set[str]) -> set[str]:
        base = self.select if self.select is not None else ["ALL"]
        enabled, _ = expand_selectors(base, implemented)
        extra, _ = expand_selectors(self.extend_select, implemented)
        ignored, _ = expand_selectors(self.ignore, set(BY_CODE))
        # Exact codes in ignore also switch off opt-in rules selected by exact code.
        ignored |= {s.strip().upper() for s in self.ignore if s.strip().upper() in BY_CODE}
        # PC900 and PC901 tell the user poolcheck could not do its job; they are on
        # unless ignored explicitly.
        return ((enabled | extra) - ignored) | ({"PC900", "PC901"} - ignored)

    def fingerprint(self) -> str:
        """A stable text of everything that changes results (cache key part)."""
        import json
        return json.dumps({
            "select": self.select, "ignore": sorted(self.ignore),
            "extend_select": sorted(self.extend_select),
            "per_file_ignores": self.per_file_ignores,
            "options": {k: self.options[k] for k in sorted(self.options)},
        }, sort_keys=True, default=str)


def _config_error(path: Path, span: Span, message: str) -> Diagnostic:
    spec = BY_CODE["PC901"]
    return Diagnostic(spec.code, spec.name, Severity.ERROR, message, path, span, fix=spec.fix)


def load_settings(config_path: Path | None, implemented: set[str]) -> Settings:
    """Read a config file into Settings; every problem becomes a PC901 diagnostic."""
    settings = Settings(config_path=config_path)
    if config_path is None:
        return settings
    try:
        text = config_path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {config_path}: {exc}") from exc
    table: str | None = None
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        why = "nested too deep to read" if isinstance(exc, RecursionError) else str(exc)
        settings.problems.append(_config_error(
            config_path, Span(1, 1, 1, 2), f"invalid TOML in {config_path.name}: {why}"))
        return settings
    if config_path.name == "pyproject.toml":
        table = "tool.poolcheck"
        data = data.get("tool", {}).get("poolcheck", {})
        if not isinstance(data, dict):
            settings.problems.append(_config_error(
                config_path, _key_span(text, "tool", "poolcheck"), "[tool.poolcheck] must be a table"))
            return settings

    def problem(key: str, message: str, subtable: str | None = None) -> None:
        where = subtable if subtable is not None else table
        settings.problems.append(_config_error(
            config_path, _key_span(text, where, key), f"{config_path.name}: {message}"))

    for key, value in data.items():
        if key not in KNOWN_KEYS:
            if isinstance(value, dict):
                problem(key, f"unknown table [{key}]")
            else:
                problem(key, f"unknown key {key!r}")
            continue
        if key in SELECTION_KEYS or key in PATH_KEYS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problem(key, f"{key!r} must be a list of strings")
                continue
            if key in SELECTION_KEYS:
                kind = "codes" if key != "ignore" else "any"
                _, bad = expand_selectors(value, implemented if kind == "codes" else set(BY_CODE))
                for message in bad:
                    problem(key, f"{key!r}: {message}")
            attr = key.replace("-", "_")
            setattr(settings, attr, list(value))
            continue
        if key == "per-file-ignores":
            if not isinstance(value, dict):
                problem(key, "'per-file-ignores' must be a table of pattern = [codes]")
                continue
            sub = f"{table}.per-file-ignores" if table else "per-file-ignores"
            for pattern, codes in value.items():
                if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                    problem(pattern, f"per-file-ignores {pattern!r} must be a list of codes", sub)
                    continue
                _, bad = expand_selectors(codes, set(BY_CODE))
                for message in bad:
                    problem(pattern, f"per-file-ignores {pattern!r}: {message}", sub)
                settings.per_file_ignores[pattern] = list(codes)
            continue
        opt = OPTIONS[key]
        if isinstance(value, bool) and bool not in opt.types:
            problem(key, f"{key!r} must be {' or '.join(t.__name__ for t in opt.types)}")
            continue
        if not isinstance(value, opt.types):
            problem(key, f"{key!r} must be {' or '.join(t.__name__ for t in opt.types)}")
            continue
        if opt.choices and value not in opt.choices:
            problem(key, f"{key!r} must be one of {', '.join(map(repr, opt.choices))}")
            continue
        if isinstance(value, int) and not isinstance(value, bool) and value < 0:
            problem(key, f"{key!r} must not be negative")
            continue
        settings.options[key] = value
    return settings
