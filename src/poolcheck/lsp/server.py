"""The language server: one analysis of a buffer and its publication, debounced. Imported
only when the server starts (pygls, lsprotocol at the top)."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from lsprotocol import converters, types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .. import __version__
from ..config import Configurations
from ..engine import DocumentSession, check_document
from ..engine.cache import default_cache_dir
from ..fixes.lsp import attach_to_document
from ..reporters.lsp import to_lsp
from ..reporters.positions import file_line
from ..rules import implemented_codes

log = logging.getLogger("poolcheck.lsp")
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

