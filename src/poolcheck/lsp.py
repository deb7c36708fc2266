"""`poolcheck lsp`: a language server over stdio (pygls).

- Publishes diagnostics when a document is opened, changed (debounced) and saved, for
  every kind of file poolcheck reads, analysing the editor's text, not the file on disk.
- Settings come from the config file found from the document's folder, as the CLI would
  find them for that file (re-read when the config file changes).
- Diagnostics are the ones `--format lsp` prints: code, codeDescription (the rule's
  page), source "poolcheck", severity, related information.
- Code action "Suppress PC101 on this line" writes the inline suppression in the form
  and placement the file's consumer accepts (`vocabulary/comments.py`, `suppression.edit_for`):
  `# noqa: PC101` in Python, `// poolcheck-ignore PC101` in TS/JS and schema.prisma, an
  own line `; poolcheck-ignore-next-line PC402` before the setting in pgbouncer.ini, ...
  JSON files without comments (package.json, vercel.json) get no such action: use
  `per-file-ignores` in the configuration.

pygls and lsprotocol are main dependencies, imported only when the server starts.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path
from typing import Sequence

from . import __version__

log = logging.getLogger("poolcheck.lsp")

DEBOUNCE_SECONDS = 0.3

def _server():
    """Build the server; pygls and lsprotocol are imported only for `poolcheck lsp`."""
    from lsprotocol import converters, types
    from pygls.lsp.server import LanguageServer
    from pygls.uris import to_fs_path

    from .config import Configurations
    from .engine.discovery import classify
    from .engine.cache import default_cache_dir
    from .engine import check_document
    from .reporters.lsp import to_lsp
    from .reporters.positions import file_line
    from .rules import implemented_codes
    from .suppression import edit_for

    converter = converters.get_converter()

    class PoolcheckServer(LanguageServer):
        def __init__(self) -> None:
            super().__init__("poolcheck", __version__)
            self.pending: dict[str, asyncio.TimerHandle] = {}
            self.published: dict[str, list[types.Diagnostic]] = {}
            self._reported: set = set()

        def settings_for(self, path: Path):
            """Each file's nearest configuration, as the CLI finds it (config files are
            re-read for every analysis, so an edited config applies at once)."""
            configs = Configurations(implemented_codes())
            configs.for_path(path)
            for problem in configs.problems():
                key = (str(problem.path), problem.span, problem.message)
                if key in self._reported:
                    continue
                self._reported.add(key)
                self.window_log_message(types.LogMessageParams(
                    type=types.MessageType.Warning,
                    message=f"poolcheck: {problem.path}:{problem.span.line}: {problem.message}"))
            return configs

        def analyse(self, uri: str) -> None:
            self.pending.pop(uri, None)
            if not uri.startswith("file:"):
                return
            try:
                doc = self.workspace.get_text_document(uri)
            except Exception:  # closed meanwhile
                return
            path = Path(to_fs_path(uri))
            try:
                diagnostics = check_document(path, doc.source, self.settings_for(path),
                                             cache_dir=default_cache_dir())
            except Exception:  # never take the editor's server down
                log.exception("poolcheck: analysing %s failed", path)
                return
            lines = doc.lines

            def line_text(p: Path, n: int) -> str | None:
                if p == path:
                    return lines[n - 1].rstrip("\r\n") if 0 < n <= len(lines) else None
                return file_line(p, n)

            units = doc.position_codec.client_num_units
            published = [converter.structure(to_lsp(d, lambda p: p, line_text, units), types.Diagnostic)
                         for d in diagnostics]
            self.published[uri] = published
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=uri, diagnostics=published, version=doc.version))

        def schedule(self, uri: str, delay: float) -> None:
            handle = self.pending.pop(uri, None)
            if handle is not None:
                handle.cancel()
            loop = asyncio.get_running_loop()
            self.pending[uri] = loop.call_later(delay, self.analyse, uri)

    server = PoolcheckServer()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: PoolcheckServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: PoolcheckServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, DEBOUNCE_SECONDS)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    async def did_save(ls: PoolcheckServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(ls: PoolcheckServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        handle = ls.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        ls.published.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls: PoolcheckServer, params: types.CodeActionParams):
        uri = params.text_document.uri
        if not uri.startswith("file:"):
            return None
        path = Path(to_fs_path(uri))
        kind = classify(path)
        if kind is None:
            return None
        doc = ls.workspace.get_text_document(uri)
        ours = [d for d in params.context.diagnostics if d.source == "poolcheck" and d.code]
        if not ours:  # clients may send none: use what we published for these lines
            first, last = params.range.start.line, params.range.end.line
            ours = [d for d in ls.published.get(uri, [])
                    if d.range.start.line <= last and d.range.end.line >= first]
        actions, seen = [], set()
        for diag in ours:
            line_no, code = diag.range.start.line, str(diag.code)
            if (line_no, code) in seen or line_no >= len(doc.lines):
                continue
            seen.add((line_no, code))
            lines = [raw.rstrip("\r\n") for raw in doc.lines]
            newline = "\r\n" if doc.lines[line_no].endswith("\r\n") else "\n"
            change = edit_for(lines, line_no, code, path, kind, newline)
            if change is None:
                continue
            line = lines[change.line]
            units = doc.position_codec.client_num_units
            edit = types.TextEdit(
                range=types.Range(
                    start=types.Position(line=change.line, character=units(line[:change.start])),
                    end=types.Position(line=change.line, character=units(line[:change.end]))),
                new_text=change.text)
            actions.append(types.CodeAction(
                title=f"Suppress {code} on this line",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diag],
                edit=types.WorkspaceEdit(changes={uri: [edit]})))
        return actions

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
