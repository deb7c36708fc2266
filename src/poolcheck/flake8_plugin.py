"""flake8 plugin: poolcheck's file-scope rules on the Python file flake8 is checking.

Registered under the `flake8.extension` entry point with the `PC` prefix. It runs the
same engine path as the CLI (`engine.analyse_source` on the lines flake8 read), and
leaves `# noqa`, `--select`/`--ignore` and per-file ignores to flake8 itself. Project
rules (several files, deployment context) only run in the `poolcheck` CLI.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterator

from . import __version__

_STDIN_NAMES = ("-", "stdin", "<stdin>")


@lru_cache(maxsize=32)
def _settings_for(folder: str):
    """poolcheck's own config (thresholds, select/ignore) nearest to the file, loaded once;
    the same lookup as the CLI's and the editor's (`Configurations`, with `extend`)."""
    from .config import Configurations
    from .rules import implemented_codes

    implemented = implemented_codes()
    settings = Configurations(implemented).for_path(Path(folder) / "_")
    codes = {c for c in settings.enabled_codes(implemented) if c != "PC901"}
    return settings, frozenset(codes)


class Plugin:
    name = "poolcheck"
    version = __version__

    def __init__(self, tree, filename: str, lines: list[str]):
        self.filename = filename
        self.lines = lines

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        from .engine.discovery import FoundFile
        from .engine import analyse_source
        from .rules import BY_CODE

        from .core import safeio

        path = Path(self.filename)
        folder = Path.cwd() if self.filename in _STDIN_NAMES else path.absolute().parent
        settings, enabled = _settings_for(str(folder))
        if self.filename not in _STDIN_NAMES:
            safeio.allow(settings.root)
            why = safeio.refusal(path)
            if why is not None:  # a symlink out of the project: flake8 read it, we do not look
                if "PC900" in enabled:
                    yield 1, 0, f"PC900 {why}", type(self)
                return
        data = "".join(self.lines).encode("utf-8")
        result = analyse_source(FoundFile(path, "python", explicit=True), data, settings,
                                set(enabled))
        for d in sorted(result.diagnostics, key=lambda d: d.sort_key()):
            if d.code not in enabled or BY_CODE[d.code].scope != "file":
                continue
            # flake8 wants a 1-based line and a 0-based column in plugin results.
            yield d.span.line, d.span.col - 1, f"{d.code} {d.message}", type(self)
