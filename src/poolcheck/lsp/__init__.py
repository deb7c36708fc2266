"""`poolcheck lsp`: a language server over stdio (pygls).

- Publishes diagnostics when a document is opened, changed (debounced) and saved, for
  every kind of file poolcheck reads, analysing the editor's text, not the file on disk.
- Settings come from the config file found from the document's folder, as the CLI would
  find them for that file (re-read when a document is opened or saved, or the client
  reports a watched file changed).
- The rest of the file's project (for the project rules) is read once through the result
  cache and kept in memory: a keystroke re-analyses the buffer alone; opening or saving a
  document, or a watched change on disk, makes the next analysis read the project again.
- Diagnostics are the ones `--format lsp` prints: code, codeDescription (the rule's
  page), source "poolcheck", severity, related information.
- Code action "Suppress PC101 on this line" writes the inline suppression in the form
  and placement the file's consumer accepts (`vocabulary/comments.py`, `suppression.edit_for`):
  `# noqa: PC101` in Python, `// poolcheck-ignore PC101` in TS/JS and schema.prisma, an
  own line `; poolcheck-ignore-next-line PC402` before the setting in pgbouncer.ini, ...
  JSON files without comments (package.json, vercel.json) get no such action: use
  `per-file-ignores` in the configuration.
- Each finding with a fix (poolcheck.fixes) also gets a `quickfix` action that applies
  it, titled with what it does ("Add `pgbouncer=true`", "(unsafe)" when it may change
  behaviour), and `source.fixAll.poolcheck` applies every safe fix of the buffer, round
  after round as `poolcheck --fix` does. Fixes are computed on the buffer's text.

pygls and lsprotocol are main dependencies, imported only when the server starts. The
package: `server` (the server and its analysis of a buffer), `documents` (open, change,
save, close, watched files), `actions` (suppressions, quick fixes, fix-all).
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Sequence

from .. import __version__
from .debounce import DEBOUNCE_SECONDS  # noqa: F401  (bench/lsp.py reads it here)


def _server():
    """Build the server; pygls and lsprotocol are imported only for `poolcheck lsp`
    (lsp.server and the handler modules import them at their top)."""
    from . import actions, documents
    from .server import PoolcheckServer

    server = PoolcheckServer()
    documents.register(server)
    actions.register(server)
    return server


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="poolcheck lsp",
        description="Run the poolcheck language server on stdin/stdout.")
    parser.add_argument("--version", action="version", version=f"poolcheck lsp {__version__}")
    parser.add_argument("--stdio", action="store_true",
                        help="talk over stdin/stdout (the default and only transport)")
    parser.add_argument("--log-level", default="WARNING",
                        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
                        help="log to stderr at this level (default: WARNING)")
    args = parser.parse_args(list(argv or []))
    logging.basicConfig(stream=sys.stderr, level=args.log_level,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        server = _server()
    except ModuleNotFoundError as exc:
        sys.stderr.write(f"poolcheck: `poolcheck lsp` needs {exc.name}, a dependency of "
                         "poolcheck: reinstall poolcheck (pip install .)\n")
        return 2
    server.start_io()
    return 0
