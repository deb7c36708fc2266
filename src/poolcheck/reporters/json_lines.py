"""JSON Lines: one finding per line, the same object as `--format json`.

Streams well into `jq -c`, log shippers and line-oriented tools.
"""

from __future__ import annotations

import json

from .json import as_dict


def write(diagnostics, out, context) -> None:
    for d in diagnostics:
        out.write(json.dumps(as_dict(d), ensure_ascii=False, separators=(",", ":")) + "\n")
