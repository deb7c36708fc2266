"""The flake8 plugin (entry point `PC`): poolcheck's file rules on the Python files flake8 checks.

flake8 hands us one file at a time, so only rules of scope "file" run here; project rules
need the `poolcheck` command. flake8 applies its own select/ignore and `# noqa` on top of
poolcheck's configuration (found from the file's folder, as the CLI would).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from . import __version__


class Plugin:
    name = "poolcheck"
    version = __version__

    def __init__(self, tree, filename: str, lines: list[str]):
        self.filename = filename
        self.lines = lines

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        from .config import ConfigError, find_config, load_settings
        from .discovery import FoundFile
        from .engine import analyse_source, filter_diagnostics
        from .rules import BY_CODE, implemented_codes

        path = Path(self.filename)
        implemented = implemented_codes()
        try:
            settings = load_settings(find_config(path if path.name != "-" else Path.cwd()),
                                     implemented)
        except ConfigError:
            settings = load_settings(None, implemented)
        enabled = {c for c in settings.enabled_codes(implemented) if BY_CODE[c].scope == "file"}
        found = FoundFile(path, "python", explicit=True)
        result = analyse_source(found, "".join(self.lines).encode("utf-8"), settings, enabled)
        for d in filter_diagnostics(result.diagnostics, [result], settings, enabled):
            yield d.span.line, d.span.col - 1, f"{d.code} {d.message}", type(self)
