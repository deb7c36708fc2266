"""The server's answer to `initialize`, with no pygls: what pygls' ServerCapabilitiesBuilder
computes for this server's features (tests/test_lsp_light.py holds the two equal for the
client capabilities that change it), so that the start-up path (`lsp.light`) answers at
once and pygls is imported after the first diagnostics."""

from __future__ import annotations

from .. import __version__
from ..fixes.lsp import FIX_ALL_KIND
from .editor import position_encoding

# The code actions the server offers (lsp.actions registers them with pygls).
CODE_ACTION_KINDS = ("quickfix", FIX_ALL_KIND)
INCREMENTAL_SYNC = 2  # TextDocumentSyncKind.Incremental, pygls' default


def _declared(capabilities: dict, *keys: str) -> bool:
    """Whether the client sets this capability at all (pygls' `get_capability` is not None)."""
    node = capabilities
    for key in keys:
        if not isinstance(node, dict) or node.get(key) is None:
            return False
        node = node[key]
    return True


def initialize_result(capabilities: dict) -> dict:
    """The InitializeResult pygls sends this server's client, as JSON. pygls writes
    `willSave`/`willSaveWaitUntil` as false when the client declares them (the server has
    neither feature) and leaves them out otherwise."""
    sync: dict = {"openClose": True, "change": INCREMENTAL_SYNC}
    for key in ("willSave", "willSaveWaitUntil"):
        if _declared(capabilities, "textDocument", "synchronization", key):
            sync[key] = False
    sync["save"] = {"includeText": False}
    return {
        "capabilities": {
            "positionEncoding": position_encoding(capabilities),
            "textDocumentSync": sync,
            "codeActionProvider": {"codeActionKinds": list(CODE_ACTION_KINDS)},
            "executeCommandProvider": {"commands": []},
            "workspace": {"workspaceFolders": {"supported": True, "changeNotifications": True},
                          "fileOperations": {}},
        },
        "serverInfo": {"name": "poolcheck", "version": __version__},
    }
