"""The settings of every file: its nearest config file, the command line on top
(`Configurations`, which every front goes through)."""

from __future__ import annotations

import os
from pathlib import Path

from ..core import safeio
from ..core.diagnostics import Diagnostic, Span
from .loading import CONFIG_FILENAMES, ConfigError, config_error, is_poolcheck_pyproject, load_settings
from .settings import Overrides, Settings


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
        from ..rules import implemented_codes
        return cls(implemented_codes(), fixed=settings)

    def _finish(self, settings: Settings) -> Settings:
        return self.overrides.apply(settings, self.cwd) if self.overrides else settings

    def _config_of(self, folder: str) -> Path | None:
        hit = self._by_folder.get(folder, False)
        if hit is not False:
            return hit  # type: ignore[return-value]
        found = None
        for name in CONFIG_FILENAMES:  # strings: a walk asks this once for every folder
            candidate = os.path.join(folder, name)
            if safeio.is_file(candidate) and (name != "pyproject.toml" or is_poolcheck_pyproject(Path(candidate))):
                found = Path(candidate)
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
        folder = absolute if safeio.is_dir(absolute) else os.path.dirname(absolute)
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
                settings = Settings(config_path=config, problems=[config_error(
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
