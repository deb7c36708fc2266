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
    from .engine import DocumentSession, check_document
    from .reporters.lsp import to_lsp
    from .reporters.positions import file_line
    from .rules import implemented_codes
    from .suppression import edit_for
    from .fixes.lsp import FIX_ALL_KIND, attach_to_document, fix_all, text_edits

    converter = converters.get_converter()

    class PoolcheckServer(LanguageServer):
        def __init__(self) -> None:
            super().__init__("poolcheck", __version__)
            self.pending: dict[str, asyncio.TimerHandle] = {}
            self.published: dict[str, list[types.Diagnostic]] = {}
            # uri -> (document version, findings with their fixes, published twins)
            self.found: dict[str, tuple] = {}
            self._reported: set = set()
            # The configuration, the loaded result cache and the other files of each
            # project, kept between analyses: a keystroke re-analyses its buffer alone.
            # Renewed when files on disk may have changed (open, save, watched change).
            self.session: DocumentSession | None = None
            self.stale = True

        def session_for(self, path: Path) -> DocumentSession:
            """The session to analyse `path` in; a fresh one (config files re-read, the
            project walked again) after anything that may have changed files on disk, so
            an edited and saved config applies at once."""
            if self.stale or self.session is None:
                self.session = DocumentSession(Configurations(implemented_codes()), default_cache_dir())
                self.stale = False
            self.settings_for(path, self.session.configs)
            return self.session

        def settings_for(self, path: Path, configs=None):
            """Each file's nearest configuration, as the CLI finds it; its problems are
            logged once."""
            configs = configs if configs is not None else Configurations(implemented_codes())
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
                session = self.session_for(path)
                diagnostics = check_document(path, doc.source, session.configs,
                                             cache_dir=session.cache_dir, session=session)
                diagnostics = attach_to_document(diagnostics, path, doc.source, session.configs)
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
            self.found[uri] = (doc.version, doc.source, session.configs, list(zip(published, diagnostics)))
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
        ls.stale = True
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: PoolcheckServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, DEBOUNCE_SECONDS)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    async def did_save(ls: PoolcheckServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.stale = True
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def did_change_watched(ls: PoolcheckServer, params: types.DidChangeWatchedFilesParams) -> None:
        ls.stale = True  # a branch switch, a generated file: the next analysis walks again

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(ls: PoolcheckServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        handle = ls.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        ls.published.pop(uri, None)
        ls.found.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def fix_actions(ls: PoolcheckServer, uri: str, doc, ours, only) -> list:
        """A quick fix per finding with a fix, and the fix-all action (fixes.lsp)."""
        version, text, configs, pairs = ls.found.get(uri, (None, None, None, []))
        if text != doc.source:
            return []  # the buffer changed since the analysis: its fixes are stale
        units = doc.position_codec.client_num_units
        actions = []
        if only is None or any(k in (types.CodeActionKind.QuickFix, "quickfix") for k in only):
            wanted = {(d.range.start.line, d.range.start.character, d.range.end.line,
                       d.range.end.character, str(d.code)) for d in ours}
            for published, found in pairs:
                key = (published.range.start.line, published.range.start.character,
                       published.range.end.line, published.range.end.character, str(published.code))
                if found.autofix is None or key not in wanted:
                    continue
                fix = found.autofix
                edits = [converter.structure(e, types.TextEdit) for e in text_edits(fix, text, units)]
                actions.append(types.CodeAction(
                    title=f"{fix.message} ({found.code}{'' if fix.is_safe else ', unsafe'})",
                    kind=types.CodeActionKind.QuickFix, diagnostics=[published],
                    is_preferred=fix.is_safe,
                    edit=types.WorkspaceEdit(changes={uri: edits})))
        if only is None or any(FIX_ALL_KIND.startswith(k) for k in only):
            found = [d for _, d in pairs]
            if any(d.autofix is not None and d.autofix.is_safe for d in found):
                whole = fix_all(found, Path(to_fs_path(uri)), text, configs, units)
                if whole is not None:
                    actions.append(types.CodeAction(
                        title="Fix all safe poolcheck findings", kind=FIX_ALL_KIND,
                        edit=types.WorkspaceEdit(changes={uri: [converter.structure(whole, types.TextEdit)]})))
        return actions

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND]))
    def code_action(ls: PoolcheckServer, params: types.CodeActionParams):
        uri = params.text_document.uri
        if not uri.startswith("file:"):
            return None
        path = Path(to_fs_path(uri))
        kind = classify(path)
        if kind is None:
            return None
        doc = ls.workspace.get_text_document(uri)
        only = params.context.only
        ours = [d for d in params.context.diagnostics if d.source == "poolcheck" and d.code]
        if not ours:  # clients may send none: use what we published for these lines
            first, last = params.range.start.line, params.range.end.line
            ours = [d for d in ls.published.get(uri, [])
                    if d.range.start.line <= last and d.range.end.line >= first]
        actions, seen = fix_actions(ls, uri, doc, ours, only), set()
        if only is not None and not any(k in (types.CodeActionKind.QuickFix, "quickfix") for k in only):
            return actions
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
