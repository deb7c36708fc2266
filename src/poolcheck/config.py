"""Configuration: `[tool.poolcheck]` in pyproject.toml, or poolcheck.toml / .poolcheck.toml.

As ruff does, every file is checked with its NEAREST configuration (`Configurations.
for_path`): the first config file found walking up from the file's folder. A config may
inherit another with `extend = "../pyproject.toml"` (a path relative to itself): the
inherited settings apply and this file's keys override them. Rule selection is resolved
in layers, lowest first: inherited configs, this config, then the command line. A layer
with `select` replaces what the layers below chose (their `extend-select` and `ignore`
included); `extend-select` and `ignore` adjust the result. Patterns (`exclude`,
`extend-exclude`, `per-file-ignores`) are anchored at the folder of the config that
defines them. Every front (CLI, pre-commit, flake8, the language server) goes through
`Configurations`, so a file gets the same settings whichever way it is checked.

Problems (an unknown key, an unknown rule code, a wrong type, invalid TOML) become
PC901 diagnostics pointing at the key, never tracebacks; the CLI exits 2 on them.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .core.diagnostics import Diagnostic, Severity, Span
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
    Option("force-exclude", (bool,), False,
           "Apply exclude patterns to files named explicitly too (pre-commit, stdin)"),
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
KNOWN_KEYS = set(SELECTION_KEYS) | set(PATH_KEYS) | {"per-file-ignores", "extend"} | set(OPTIONS)


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
            if _is_poolcheck_pyproject(candidate):
                return candidate
    return None


def _is_poolcheck_pyproject(path: Path) -> bool:
    """A pyproject.toml with a [tool.poolcheck] table; one that is not valid TOML but
    names the table is the config too (loading it reports PC901 rather than silently
    falling back to the defaults)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    if "poolcheck" not in text:
        return False
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return "tool.poolcheck" in text
    except RecursionError:  # nested too deep: loading it reports PC901 if it names the table
        return "tool.poolcheck" in text
    return isinstance(data.get("tool"), dict) and "poolcheck" in data["tool"]


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


# One layer of rule selection: (select or None, extend-select, ignore).
Layer = tuple  # tuple[tuple[str, ...] | None, tuple[str, ...], tuple[str, ...]]


@dataclass
class Settings:
    """The effective configuration of the files one config file governs."""

    config_path: Path | None = None
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    extend_exclude: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    # Selection layers below this config's own (inherited with `extend`) and above it
    # (the command line).
    inherited: list[Layer] = field(default_factory=list)
    overrides: list[Layer] = field(default_factory=list)
    # Where each pattern key was defined, when not in this config's folder (`extend`).
    anchors: dict[str, Path] = field(default_factory=dict)
    # Extra exclusion patterns with their anchor: inherited extend-exclude, the CLI's.
    extra_excludes: list[tuple[Path, tuple[str, ...]]] = field(default_factory=list)
    # The config files read to build these settings (this one and what it extends).
    sources: list[Path] = field(default_factory=list)

    @property
    def root(self) -> Path:
        """Where relative patterns in the config are anchored."""
        return self.config_path.parent if self.config_path else Path.cwd()

    def anchor(self, key: str) -> Path:
        return self.anchors.get(key, self.root)

    def exclusions(self) -> list[tuple[Path, tuple[str, ...]]]:
        """Every exclusion pattern set with the folder it is anchored at."""
        own = []
        if self.exclude:
            own.append((self.anchor("exclude"), tuple(self.exclude)))
        if self.extend_exclude:
            own.append((self.anchor("extend_exclude"), tuple(self.extend_exclude)))
        return own + list(self.extra_excludes)

    def layers(self) -> list[Layer]:
        own = (tuple(self.select) if self.select is not None else None,
               tuple(self.extend_select), tuple(self.ignore))
        return [*self.inherited, own, *self.overrides]

    def option(self, key: str) -> Any:
        if key not in OPTIONS:
            raise KeyError(f"poolcheck has no option {key!r}")
        return self.options.get(key, OPTIONS[key].default)

    def enabled_codes(self, implemented: set[str]) -> set[str]:
        enabled, _ = expand_selectors(["ALL"], implemented)
        ignored: set[str] = set()
        for select, extend_select, ignore in self.layers():
            if select is not None:  # a new base: what lower layers chose is replaced
                enabled, _ = expand_selectors(select, implemented)
                ignored = set()
            extra, _ = expand_selectors(extend_select, implemented)
            enabled |= extra
            ignored -= extra
            dropped, _ = expand_selectors(ignore, set(BY_CODE))
            # Exact codes in ignore also switch off opt-in rules selected by exact code.
            dropped |= {s.strip().upper() for s in ignore if s.strip().upper() in BY_CODE}
            enabled -= dropped
            ignored |= dropped
        # PC900 and PC901 tell the user poolcheck could not do its job; they are on
        # unless ignored explicitly.
        return enabled | ({"PC900", "PC901"} - ignored)

    def fingerprint(self) -> str:
        """A stable text of everything that changes results (cache key part)."""
        import json
        return json.dumps({
            "layers": self.layers(),
            "per_file_ignores": self.per_file_ignores,
            "options": {k: self.options[k] for k in sorted(self.options)},
        }, sort_keys=True, default=str)


def _toml_error_span(exc: Exception) -> Span:
    line, col = getattr(exc, "lineno", 1) or 1, getattr(exc, "colno", 1) or 1
    return Span(line, col, line, col + 1)


def _config_error(path: Path, span: Span, message: str) -> Diagnostic:
    spec = BY_CODE["PC901"]
    return Diagnostic(spec.code, spec.name, Severity.ERROR, message, path, span, fix=spec.fix)


def _inherit(base: Settings, config_path: Path) -> Settings:
    """Settings for `config_path` that start from what it extends."""
    return Settings(
        config_path=config_path,
        exclude=list(base.exclude),
        per_file_ignores=dict(base.per_file_ignores),
        options=dict(base.options),
        problems=list(base.problems),
        inherited=[*base.inherited, *base.layers()],
        anchors={"exclude": base.anchor("exclude"),
                 "per_file_ignores": base.anchor("per_file_ignores")},
        extra_excludes=[*base.extra_excludes,
                        *([(base.anchor("extend_exclude"), tuple(base.extend_exclude))]
                          if base.extend_exclude else [])],
        sources=[config_path, *base.sources],
    )


def load_settings(config_path: Path | None, implemented: set[str],
                  _chain: tuple[Path, ...] = ()) -> Settings:
    """Read a config file (and what it extends) into Settings; every problem becomes a
    PC901 diagnostic."""
    settings = Settings(config_path=config_path, sources=[config_path] if config_path else [])
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
            config_path, Span(1, 1, 1, 2) if isinstance(exc, RecursionError) else _toml_error_span(exc),
            f"invalid TOML in {config_path.name}: {why}"))
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

    extend = data.get("extend")
    if extend is not None:
        if not isinstance(extend, str) or not extend.strip():
            problem("extend", "'extend' must be the path of another config file")
        else:
            target = (config_path.parent / extend).resolve()
            if target in _chain or target == config_path.resolve():
                problem("extend", f"'extend' makes a cycle: {extend}")
            elif not target.is_file():
                problem("extend", f"'extend': no such config file {extend}")
            else:
                base = load_settings(target, implemented, (*_chain, config_path.resolve()))
                settings = _inherit(base, config_path)

    for key, value in data.items():
        if key == "extend":
            continue
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
            settings.anchors.pop(attr, None)
            continue
        if key == "per-file-ignores":
            if not isinstance(value, dict):
                problem(key, "'per-file-ignores' must be a table of pattern = [codes]")
                continue
            sub = f"{table}.per-file-ignores" if table else "per-file-ignores"
            settings.per_file_ignores = {}
            settings.anchors.pop("per_file_ignores", None)
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


@dataclass
class Overrides:
    """What the command line sets on top of every config file."""

    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    extend_exclude: list[str] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)

    def apply(self, settings: Settings, cwd: Path) -> Settings:
        from dataclasses import replace

        layer = (tuple(self.select) if self.select is not None else None,
                 tuple(self.extend_select), tuple(self.ignore))
        out = replace(settings, options={**settings.options, **self.options},
                      overrides=[*settings.overrides, layer],
                      extra_excludes=[*settings.extra_excludes,
                                      *([(cwd, tuple(self.extend_exclude))] if self.extend_exclude else [])])
        return out


class Configurations:
    """The settings of every file: its nearest config file, the command line on top.

    `fixed` gives every file the same settings (`--config FILE`, `--no-config`, callers
    that built their Settings themselves). Lookups are memoised per folder, so a walk
    over a large tree costs one dictionary hit per file.
    """

    def __init__(self, implemented: set[str], overrides: Overrides | None = None,
                 fixed: Settings | None = None, cwd: Path | None = None):
        self.implemented = implemented
        self.overrides = overrides
        self.cwd = Path(cwd or Path.cwd()).absolute()
        self._fixed = self._finish(fixed) if fixed is not None else None
        self._by_config: dict[Path | None, Settings] = {}
        self._by_folder: dict[str, Path | None] = {}

    @classmethod
    def of(cls, settings: "Settings | Configurations") -> "Configurations":
        if isinstance(settings, Configurations):
            return settings
        from .rules import implemented_codes
        return cls(implemented_codes(), fixed=settings)

    def _finish(self, settings: Settings) -> Settings:
        return self.overrides.apply(settings, self.cwd) if self.overrides else settings

    def _config_of(self, folder: str) -> Path | None:
        hit = self._by_folder.get(folder, False)
        if hit is not False:
            return hit  # type: ignore[return-value]
        found = None
        here = Path(folder)
        for name in CONFIG_FILENAMES:
            candidate = here / name
            if candidate.is_file() and (name != "pyproject.toml" or _is_poolcheck_pyproject(candidate)):
                found = candidate
                break
        if found is None:
            parent = os.path.dirname(folder)
            found = self._config_of(parent) if parent != folder else None
        self._by_folder[folder] = found
        return found

    def config_path_for(self, path: Path) -> Path | None:
        if self._fixed is not None:
            return self._fixed.config_path
        absolute = os.path.abspath(path)
        folder = absolute if os.path.isdir(absolute) else os.path.dirname(absolute)
        return self._config_of(folder)

    def for_path(self, path: Path) -> Settings:
        """The settings a file (or a folder's files) is checked with."""
        if self._fixed is not None:
            return self._fixed
        return self._settings_of(self.config_path_for(path))

    def for_file(self, path: Path) -> Settings:
        """As `for_path` for a path known to be a file (no stat: walks call this per file)."""
        if self._fixed is not None:
            return self._fixed
        return self._settings_of(self._config_of(os.path.dirname(os.path.abspath(path))))

    def _settings_of(self, config: Path | None) -> Settings:
        settings = self._by_config.get(config)
        if settings is None:
            try:
                settings = load_settings(config, self.implemented)
            except ConfigError as exc:
                settings = Settings(config_path=config, problems=[_config_error(
                    config, Span(1, 1, 1, 2), str(exc))] if config else [])
            settings = self._by_config[config] = self._finish(settings)
        return settings

    def loaded(self) -> list[Settings]:
        """Every distinct Settings handed out so far."""
        if self._fixed is not None:
            return [self._fixed]
        return list(self._by_config.values())

    def problems(self) -> list[Diagnostic]:
        seen, out = set(), []
        for settings in self.loaded():
            for d in settings.problems:
                key = (str(d.path), d.span, d.message)
                if key not in seen:
                    seen.add(key)
                    out.append(d)
        return out
