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

pygls and lsprotocol are main dependencies, imported only by `poolcheck lsp`, and only
after the first diagnostics: `light` answers `initialize` and publishes the first opened
document without them (their import costs as much as that analysis), then hands every
message it read to pygls. The package: `editor` (the session and the analysis of a
buffer, no pygls), `light` (the start-up path), `capabilities` (the `initialize` answer),
`server` (the pygls server), `documents` (open, change, save, close, watched files),
`actions` (suppressions, quick fixes, fix-all).
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Sequence

from .. import __version__
from .debounce import DEBOUNCE_SECONDS  # noqa: F401  (bench/lsp.py reads it here)


def _server(editor=None):
    """Build the server; pygls and lsprotocol are imported only for `poolcheck lsp`
    (lsp.server and the handler modules import them at their top)."""
    from . import actions, documents
    from .server import PoolcheckServer

    server = PoolcheckServer(editor)
    documents.register(server)
    actions.register(server)
    return server


def _serve() -> int:
    """The start-up path first (`lsp.light`: the first diagnostics without pygls), then
    pygls with what it read replayed."""
    from importlib.util import find_spec

    missing = next((name for name in ("pygls", "lsprotocol") if find_spec(name) is None), None)
    try:
        if missing is not None:  # before the start-up path answers anything
            raise ModuleNotFoundError(name=missing)
        from .light import ReplayThenStdin, SkipAnswered, start

        stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
        handover = start(stdin, stdout)
        server = _server(handover.editor)
    except ModuleNotFoundError as exc:
        sys.stderr.write(f"poolcheck: `poolcheck lsp` needs {exc.name}, a dependency of "
                         "poolcheck: reinstall poolcheck (pip install .)\n")
        return 2
    opened = handover.opened
    if opened is not None:
        server.adopt(opened.uri, opened.version, opened.text, opened.published,
                     opened.diagnostics, opened.configs)
    server.start_io(ReplayThenStdin(handover.replay, stdin),
                    SkipAnswered(stdout, handover.initialize_id, handover.answer))
    return 0


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
    return _serve()
