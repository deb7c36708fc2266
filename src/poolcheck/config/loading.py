"""Reading config files: finding the nearest one, and turning one (with what it
`extend`s) into `Settings`, every problem a PC901 diagnostic pointing at the key."""

from __future__ import annotations

from pathlib import Path

from ..core import safeio
from ..core.toml import toml
from ..core.diagnostics import Diagnostic, Severity, Span
from ..rules.registry import BY_CODE
from .options import KNOWN_KEYS, OPTIONS, PATH_KEYS, SELECTION_KEYS
from .settings import Settings, expand_selectors


CONFIG_FILENAMES = (".poolcheck.toml", "poolcheck.toml", "pyproject.toml")


class ConfigError(Exception):
    """A usage error that stops the run (exit 2): bad CLI flag values, missing --config."""


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above `start` (a file's folder, or a folder)."""
    start = start.resolve()
    if safeio.is_file(start) or not safeio.exists(start):
        start = start.parent
    for folder in (start, *start.parents):
        for name in CONFIG_FILENAMES:
            candidate = folder / name
            if not safeio.is_file(candidate):
                continue
            if name != "pyproject.toml":
                return candidate
            if is_poolcheck_pyproject(candidate):
                return candidate
    return None


def is_poolcheck_pyproject(path: Path) -> bool:
    """A pyproject.toml with a [tool.poolcheck] table; one that is not valid TOML but
    names the table is the config too (loading it reports PC901 rather than silently
    falling back to the defaults)."""
    try:
        safeio.stat(path)  # recorded before the read
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    if "poolcheck" not in text:
        return False
    tomllib = toml()
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


def _toml_error_span(exc: Exception) -> Span:
    line, col = getattr(exc, "lineno", 1) or 1, getattr(exc, "colno", 1) or 1
    return Span(line, col, line, col + 1)


def config_error(path: Path, span: Span, message: str) -> Diagnostic:
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
    read = _read_table(config_path, settings)
    if read is None:
        return settings
    text, table, data = read
    problems = _Problems(config_path, text, table)
    settings = _extend(settings, data.get("extend"), config_path, implemented, _chain, problems)
    for key, value in data.items():
        if key == "extend":
            continue
        if key not in KNOWN_KEYS:
            problems.add(settings, key, f"unknown table [{key}]" if isinstance(value, dict) else f"unknown key {key!r}")
        elif key in SELECTION_KEYS or key in PATH_KEYS:
            _set_list(settings, key, value, implemented, problems)
        elif key == "per-file-ignores":
            _set_per_file_ignores(settings, value, problems)
        else:
            _set_option(settings, key, value, problems)
    return settings


def _read_table(config_path: Path, settings: Settings) -> tuple[str, str | None, dict] | None:
    """(text, table, poolcheck's table) of a config file; None, with a PC901 in
    `settings`, when it is not valid TOML or its [tool.poolcheck] is no table."""
    try:
        safeio.stat(config_path)  # recorded before the read
        text = config_path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {config_path}: {exc}") from exc
    table: str | None = None
    tomllib = toml()
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        why = "nested too deep to read" if isinstance(exc, RecursionError) else str(exc)
        settings.problems.append(config_error(
            config_path, Span(1, 1, 1, 2) if isinstance(exc, RecursionError) else _toml_error_span(exc),
            f"invalid TOML in {config_path.name}: {why}"))
        return None
    if config_path.name == "pyproject.toml":
        table = "tool.poolcheck"
        data = data.get("tool", {}).get("poolcheck", {})
        if not isinstance(data, dict):
            settings.problems.append(config_error(
                config_path, _key_span(text, "tool", "poolcheck"), "[tool.poolcheck] must be a table"))
            return None
    return text, table, data


class _Problems:
    """PC901s of one config file, each pointing at its key."""

    def __init__(self, path: Path, text: str, table: str | None):
        self.path, self.text, self.table = path, text, table

    def add(self, settings: Settings, key: str, message: str, subtable: str | None = None) -> None:
        where = subtable if subtable is not None else self.table
        settings.problems.append(config_error(
            self.path, _key_span(self.text, where, key), f"{self.path.name}: {message}"))


def _extend(settings: Settings, extend, config_path: Path, implemented: set[str],
            chain: tuple[Path, ...], problems: _Problems) -> Settings:
    """The settings `extend = "..."` starts from (or `settings` itself when there is none
    or it is wrong, with a PC901)."""
    if extend is None:
        return settings
    if not isinstance(extend, str) or not extend.strip():
        problems.add(settings, "extend", "'extend' must be the path of another config file")
        return settings
    target = (config_path.parent / extend).resolve()
    if target in chain or target == config_path.resolve():
        problems.add(settings, "extend", f"'extend' makes a cycle: {extend}")
    elif not safeio.is_file(target):
        problems.add(settings, "extend", f"'extend': no such config file {extend}")
    else:
        base = load_settings(target, implemented, (*chain, config_path.resolve()))
        return _inherit(base, config_path)
    return settings


def _set_list(settings: Settings, key: str, value, implemented: set[str], problems: _Problems) -> None:
    """`select`, `ignore`, `extend-select`, `exclude`, `extend-exclude`."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.add(settings, key, f"{key!r} must be a list of strings")
        return
    if key in SELECTION_KEYS:
        kind = "codes" if key != "ignore" else "any"
        _, bad = expand_selectors(value, implemented if kind == "codes" else set(BY_CODE))
        for message in bad:
            problems.add(settings, key, f"{key!r}: {message}")
    attr = key.replace("-", "_")
    setattr(settings, attr, list(value))
    settings.anchors.pop(attr, None)


def _set_per_file_ignores(settings: Settings, value, problems: _Problems) -> None:
    key = "per-file-ignores"
    if not isinstance(value, dict):
        problems.add(settings, key, "'per-file-ignores' must be a table of pattern = [codes]")
        return
    sub = f"{problems.table}.per-file-ignores" if problems.table else "per-file-ignores"
    settings.per_file_ignores = {}
    settings.anchors.pop("per_file_ignores", None)
    for pattern, codes in value.items():
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            problems.add(settings, pattern, f"per-file-ignores {pattern!r} must be a list of codes", sub)
            continue
        _, bad = expand_selectors(codes, set(BY_CODE))
        for message in bad:
            problems.add(settings, pattern, f"per-file-ignores {pattern!r}: {message}", sub)
        settings.per_file_ignores[pattern] = list(codes)


def _set_option(settings: Settings, key: str, value, problems: _Problems) -> None:
    opt = OPTIONS[key]
    if isinstance(value, bool) and bool not in opt.types:
        problems.add(settings, key, f"{key!r} must be {' or '.join(t.__name__ for t in opt.types)}")
    elif not isinstance(value, opt.types):
        problems.add(settings, key, f"{key!r} must be {' or '.join(t.__name__ for t in opt.types)}")
    elif opt.choices and value not in opt.choices:
        problems.add(settings, key, f"{key!r} must be one of {', '.join(map(repr, opt.choices))}")
    elif isinstance(value, int) and not isinstance(value, bool) and value < 0:
        problems.add(settings, key, f"{key!r} must not be negative")
    else:
        settings.options[key] = value
