"""The commands that report on poolcheck and its configuration rather than check code:
`--list-rules`, `--explain CODE`, `--show-settings FILE`, `--show-files`. The exit codes
and the path shortening live here too, so that cli.py imports this module and not the
other way round."""

from __future__ import annotations

import os
import sys
TYPE_CHECKING = False  # not `from typing import`: typing costs more than a replayed run

if TYPE_CHECKING:
    from pathlib import Path

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _relative(path: Path, cwd: Path) -> Path:
    from pathlib import Path

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
    """The rule's page, by code (`PC101`) or name (`client-per-request`)."""
    from .rules import BY_CODE, SPECS, explanation

    wanted = code.strip()
    by_name = {spec.name: spec.code for spec in SPECS}
    code = by_name.get(wanted.lower(), wanted.upper())
    if code not in BY_CODE:
        sys.stderr.write(f"poolcheck: error: unknown rule code or name {wanted!r} (see --list-rules)\n")
        return EXIT_ERROR
    out.write(explanation(code).rstrip("\n") + "\n")
    return EXIT_CLEAN


def show_settings(path: Path, configs, out) -> int:
    """`--show-settings FILE`: the config file(s) and the effective settings for FILE."""
    import json

    from .config import OPTIONS
    from .rules import implemented_codes

    settings = configs.for_path(path)
    data = {
        "file": str(path),
        "config": str(settings.config_path) if settings.config_path else None,
        "extends": [str(p) for p in settings.sources[1:]],
        "enabled": sorted(settings.enabled_codes(implemented_codes())),
        "exclude": [{"root": str(root), "patterns": list(patterns)}
                    for root, patterns in settings.exclusions()],
        "per-file-ignores": {"root": str(settings.anchor("per_file_ignores")),
                             "patterns": settings.per_file_ignores},
        "options": {k: settings.option(k) for k in sorted(OPTIONS)},
    }
    out.write(json.dumps(data, indent=2, default=str) + "\n")
    return EXIT_CLEAN


def show_files(paths, configs, out, cwd: Path) -> int:
    """`--show-files`: every file that would be checked, with the config it gets."""
    from .engine import discover

    for found in discover(paths, configs):
        config = configs.config_path_for(found.path)
        where = _relative(config, cwd).as_posix() if config else "(defaults)"
        out.write(f"{found.path.as_posix()}\t{found.kind}\t{where}\n")
    return EXIT_CLEAN
