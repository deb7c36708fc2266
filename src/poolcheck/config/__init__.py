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

The modules: `options` (the options table), `settings` (Settings, Overrides, rule
selection), `loading` (finding and reading config files), `configurations` (each
file's settings). Callers import from here.
"""

from __future__ import annotations

from .configurations import Configurations
from .loading import CONFIG_FILENAMES, ConfigError, find_config, load_settings
from .options import KNOWN_KEYS, OPTIONS, PATH_KEYS, SELECTION_KEYS, Option
from .settings import Overrides, Settings, expand_selectors

__all__ = ["CONFIG_FILENAMES", "KNOWN_KEYS", "OPTIONS", "PATH_KEYS", "SELECTION_KEYS", "ConfigError", "Configurations",
           "Option", "Overrides", "Settings", "expand_selectors", "find_config", "load_settings"]
