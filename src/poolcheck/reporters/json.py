"""A JSON array of findings with 1-based positions (end column exclusive).

`url` is the rule's documentation page (`links.rule_url`, the same address as SARIF's
helpUri and LSP's codeDescription.href), as ruff's JSON carries one. `fix` is the
finding's machine-applicable fix in ruff's shape (`fixes.serialise.as_json`: applicability,
message, edits with locations) or null; `help` is the rule's one-line advice.
"""

from __future__ import annotations

import json

from ..fixes.serialise import as_json
from ..core.links import rule_url
from .escape import plain_path


def as_dict(d) -> dict:
    return {
        "code": d.code,
        "name": d.name,
        "severity": d.severity.label,
        "message": d.message,
        "path": plain_path(d.path),
        "line": d.span.line,
        "column": d.span.col,
        "end_line": d.span.end_line,
        "end_column": d.span.end_col,
        "fix": as_json(d.autofix),
        "help": d.fix,
        "url": rule_url(d.code),
        "related": [
            {"path": plain_path(r.path), "line": r.span.line, "column": r.span.col,
             "end_line": r.span.end_line, "end_column": r.span.end_col, "message": r.message}
            for r in d.related
        ],
    }


def write(diagnostics, out, context) -> None:
    json.dump([as_dict(d) for d in diagnostics], out, indent=2, ensure_ascii=False)
    out.write("\n")
