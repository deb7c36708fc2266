"""The document lifecycle: open, change (debounced), save, close, and watched files on
disk; each marks what the next analysis must read again."""

from __future__ import annotations

from lsprotocol import types

from .debounce import DEBOUNCE_SECONDS
from .server import PoolcheckServer


def register(server: PoolcheckServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: PoolcheckServer, params: types.DidOpenTextDocumentParams) -> None:
        doc = params.text_document
        if ls.preanalysed.pop(doc.uri, None) == doc.version:
            return  # the start-up path analysed this very open (lsp.light)
        ls.stale = True
        ls.schedule(doc.uri, 0)

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
