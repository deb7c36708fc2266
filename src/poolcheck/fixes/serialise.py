"""A fix as the machine-readable formats carry it.

JSON (ruff's shape): `{"applicability": "safe", "message": "...", "edits": [{"content":
"...", "location": {"row": 1, "column": 5}, "end_location": {"row": 1, "column": 9}}]}`,
1-based rows and code-point columns, end exclusive. SARIF 2.1.0: a `fix` object
(`description`, `artifactChanges` with `replacements`, each a `deletedRegion` and
`insertedContent`), with the applicability in its `properties`.
"""

from __future__ import annotations

from ..core.edits import Fix


def _point(line: int, col: int) -> dict:
    return {"row": line, "column": col}


def as_json(fix: Fix | None) -> dict | None:
    if fix is None:
        return None
    return {
        "applicability": fix.applicability.value,
        "message": fix.message,
        "edits": [{"content": e.content, "location": _point(*e.start), "end_location": _point(*e.end)}
                  for e in fix.edits],
    }


def as_sarif(fix: Fix, artifact: dict) -> dict:
    """`artifact` is the result's own artifactLocation (uri and uriBaseId)."""
    return {
        "description": {"text": fix.message},
        "artifactChanges": [{
            "artifactLocation": dict(artifact),
            "replacements": [{
                "deletedRegion": {"startLine": e.span.line, "startColumn": e.span.col,
                                  "endLine": e.span.end_line, "endColumn": e.span.end_col},
                "insertedContent": {"text": e.content},
            } for e in fix.edits],
        }],
        "properties": {"applicability": fix.applicability.value},
    }
