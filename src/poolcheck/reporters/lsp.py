"""LSP-lite: `{"<file uri>": [Diagnostic, ...]}` with LSP's 0-based positions.

For editors that run a command instead of a language server. Each value is a JSON
`Diagnostic` exactly as the Language Server Protocol defines it (the language server
publishes the very same objects), with `character` counted in UTF-16 code units, LSP's
default position encoding. `data.autofix` is the finding's fix (fixes.serialise.as_json,
positions 1-based as in `--format json`) or null (the language server offers it as
a quick fix).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from ..core.links import rule_url
from .positions import clear_cache, file_line

# LSP DiagnosticSeverity: 1 Error, 2 Warning, 3 Information, 4 Hint.
LSP_SEVERITY = {"E": 1, "W": 2, "I": 3}

LineText = Callable[[Path, int], "str | None"]
Units = Callable[[str], int]


def utf16_units(text: str) -> int:
    """How many UTF-16 code units `text` takes (LSP's default position encoding)."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


def _position(path: Path, line: int, col: int, line_text: LineText, units: Units) -> dict:
    line0, col0 = max(line - 1, 0), max(col - 1, 0)
    text = line_text(path, line)
    if text is not None and not text.isascii():
        col0 = units(text[:col0]) + max(0, col0 - len(text))
    return {"line": line0, "character": col0}


def lsp_range(path: Path, span, line_text: LineText = file_line, units: Units = utf16_units) -> dict:
    return {"start": _position(path, span.line, span.col, line_text, units),
            "end": _position(path, span.end_line, span.end_col, line_text, units)}


def to_lsp(d, absolute: Callable[[Path], Path], line_text: LineText = file_line,
           units: Units = utf16_units) -> dict:
    """One poolcheck Diagnostic as an LSP Diagnostic (a JSON-ready dict).

    `absolute` turns a reported path into an absolute one (for URIs and reading lines);
    `line_text` gives a line's text so that `units` can count a column in the client's
    position encoding (UTF-16 unless the client negotiated another).
    """
    from ..fixes.serialise import as_json
    from .escape import safe

    d = safe(d)  # the language server publishes these too: messages cleaned here as well
    path = absolute(d.path)
    out = {
        "range": lsp_range(path, d.span, line_text, units),
        "severity": LSP_SEVERITY[d.severity.value],
        "code": d.code,
        "codeDescription": {"href": rule_url(d.code)},
        "source": "poolcheck",
        "message": d.message,
        "data": {"name": d.name, "fix": d.fix, "autofix": as_json(d.autofix)},
    }
    if d.related:
        out["relatedInformation"] = [
            {"location": {"uri": absolute(r.path).as_uri(),
                          "range": lsp_range(absolute(r.path), r.span, line_text, units)},
             "message": r.message}
            for r in d.related
        ]
    return out


def write(diagnostics, out, context) -> None:
    clear_cache()  # files may have changed since an earlier report in this process
    def absolute(path: Path) -> Path:
        return path if path.is_absolute() else context.cwd / path

    by_uri: dict[str, list[dict]] = {absolute(p).as_uri(): [] for p in context.named_files}
    for d in diagnostics:
        by_uri.setdefault(absolute(d.path).as_uri(), []).append(to_lsp(d, absolute))
    json.dump(by_uri, out, indent=2, ensure_ascii=False)
    out.write("\n")
