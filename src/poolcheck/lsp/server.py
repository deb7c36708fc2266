"""The language server: one analysis of a buffer and its publication, debounced. Imported
only when the server starts (pygls, lsprotocol at the top); the analysis itself is
`lsp.editor`'s, which the start-up path (`lsp.light`) uses before this module loads."""

from __future__ import annotations

import asyncio
import logging

from lsprotocol import converters, types
from pygls.lsp.server import LanguageServer

from .. import __version__
from .editor import Editor, fs_path

log = logging.getLogger("poolcheck.lsp")
converter = converters.get_converter()


class PoolcheckServer(LanguageServer):
    def __init__(self, editor: Editor | None = None) -> None:
        super().__init__("poolcheck", __version__)
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.published: dict[str, list[types.Diagnostic]] = {}
        # uri -> (document version, findings with their fixes, published twins)
        self.found: dict[str, tuple] = {}
        # The session kept between analyses (configurations, result cache, projects).
        self.editor = editor or Editor()
        # uri -> version the start-up path already published diagnostics for: its
        # replayed didOpen is not analysed again (lsp.light).
        self.preanalysed: dict[str, int] = {}

    @property
    def stale(self) -> bool:
        return self.editor.stale

    @stale.setter
    def stale(self, value: bool) -> None:
        self.editor.stale = value

    def log_warning(self, message: str) -> None:
        self.window_log_message(types.LogMessageParams(type=types.MessageType.Warning, message=message))

    def adopt(self, uri: str, version: int, text: str, published: list[dict], diagnostics: list,
              configs) -> None:
        """What the start-up path published for `uri`, kept as if this server had: code
        actions answer from it, and the replayed didOpen is not analysed again."""
        structured = [converter.structure(p, types.Diagnostic) for p in published]
        self.published[uri] = structured
        self.found[uri] = (version, text, configs, list(zip(structured, diagnostics)))
        self.preanalysed[uri] = version

    def analyse(self, uri: str) -> None:
        self.pending.pop(uri, None)
        if not uri.startswith("file:"):
            return
        try:
            doc = self.workspace.get_text_document(uri)
        except Exception:  # closed meanwhile
            return
        path = fs_path(uri)
        try:
            published, diagnostics, configs = self.editor.diagnose(
                path, doc.source, doc.lines, doc.position_codec.client_num_units, self.log_warning)
        except Exception:  # never take the editor's server down
            log.exception("poolcheck: analysing %s failed", path)
            return
        structured = [converter.structure(p, types.Diagnostic) for p in published]
        self.published[uri] = structured
        self.found[uri] = (doc.version, doc.source, configs, list(zip(structured, diagnostics)))
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, diagnostics=structured, version=doc.version))

    def schedule(self, uri: str, delay: float) -> None:
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        loop = asyncio.get_running_loop()
        self.pending[uri] = loop.call_later(delay, self.analyse, uri)
