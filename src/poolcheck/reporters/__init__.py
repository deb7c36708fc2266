"""Output formats. A reporter turns sorted diagnostics into text on a stream.

Register a format by adding its module to FORMATS; the module exposes
`write(diagnostics, out, context)`. Diagnostic paths arrive already relative to the
current directory. Messages never hold secrets: rules redact URLs before reporting.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Mapping, Sequence

from ..core.diagnostics import Diagnostic

FORMATS: dict[str, str] = {
    "text": "text",
    "json": "json",
    "json-lines": "json_lines",
    "lsp": "lsp",
    "sarif": "sarif",
    "github": "github",
    "full": "full",
}


@dataclass(frozen=True)
class ReportContext:
    cwd: Path
    files_checked: int
    # Files named on the command line (as given): `--format lsp` lists each, with an empty
    # list when it has no findings, so an editor clears the file's old diagnostics.
    named_files: tuple[Path, ...] = ()
    # ANSI colour in the text format: on a terminal only, never with NO_COLOR/--no-color.
    color: bool = False
    # Spans of the connection URLs in each file (absolute path -> spans), masked by the
    # formats that show source lines.
    secrets: Mapping[str, tuple] = field(default_factory=dict)


def write(fmt: str, diagnostics: Sequence[Diagnostic], out: IO[str], context: ReportContext) -> None:
    from .escape import safe

    module = importlib.import_module(f"{__name__}.{FORMATS[fmt]}")
    module.write([safe(d) for d in diagnostics], out, context)
