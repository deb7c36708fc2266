"""The server's start-up path: the first diagnostics before pygls is imported.

Importing pygls and lsprotocol costs 0.3-0.45 s of CPU (lsprotocol builds a thousand attrs
classes), as much as analysing a file of a 4,000-file project from a warm cache. So
`poolcheck lsp` reads the first messages itself (JSON-RPC with Content-Length framing, as
pygls reads them):
- `initialize` is answered at once with what pygls would answer (`lsp.capabilities`);
- `initialized` and the notifications that cannot change an analysis that has not begun
  (`DEFERRED`) are kept for later;
- the first `textDocument/didOpen` is analysed (`lsp.editor`, the server's own analysis)
  and its diagnostics published;
- then, or at the first message of any other kind, or when stdin closes, pygls is imported
  and takes over: every message read so far is replayed to it, byte for byte, before the
  rest of stdin. Its own answer to the replayed `initialize` is not sent again (it is
  compared with the one sent; a difference is logged), and the replayed didOpen is not
  analysed again (`PoolcheckServer.adopt`).
"""

from __future__ import annotations

import io
import json
import logging
import re
from dataclasses import dataclass, field

from .capabilities import initialize_result
from .editor import Editor, fs_path, position_encoding, units_for

log = logging.getLogger("poolcheck.lsp")
CONTENT_LENGTH = re.compile(rb"^Content-Length: (\d+)\r\n$")
# Notifications the start-up path keeps for pygls, in order, without handing over: none can
# change the analysis of the first document (the start-up session reads everything fresh).
DEFERRED = frozenset({"initialized", "$/setTrace", "workspace/didChangeConfiguration",
                      "workspace/didChangeWatchedFiles", "workspace/didChangeWorkspaceFolders"})


@dataclass
class Opened:
    """The document the start-up path published diagnostics for."""
    uri: str
    version: int
    text: str
    published: list
    diagnostics: list
    configs: object


@dataclass
class Handover:
    """What pygls takes over: the bytes it must read first, the id of the `initialize`
    request already answered (and that answer), and the document already analysed."""
    replay: bytes = b""
    initialize_id: object = None
    answer: dict | None = None
    opened: Opened | None = None
    editor: Editor = field(default_factory=Editor)


def _read_message(stdin) -> tuple[bytes, dict | None] | None:
    """(raw bytes, the parsed body or None when it is not JSON) of the next message, as
    pygls' `run_async` frames it; None at the end of stdin."""
    raw = bytearray()
    length = 0
    while True:
        header = stdin.readline()
        if not header:
            return None
        raw += header
        if not length:
            match = CONTENT_LENGTH.fullmatch(header)
            if match:
                length = int(match.group(1))
        if length and not header.strip():
            break
    body = stdin.read(length)
    raw += body
    try:
        message = json.loads(body)
    except ValueError:
        return bytes(raw), None
    return bytes(raw), message if isinstance(message, dict) else None


def _send(stdout, message: dict) -> None:
    body = json.dumps(message).encode("utf-8")
    stdout.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    stdout.flush()


def start(stdin, stdout) -> Handover:
    """Serve the first messages without pygls; what pygls must take over."""
    out = Handover()
    replay = bytearray()
    capabilities: dict = {}
    while True:
        read = _read_message(stdin)
        if read is None:
            break
        raw, message = read
        replay += raw
        method = message.get("method") if message is not None else None
        if method == "initialize" and out.initialize_id is None and "id" in message:
            capabilities = _dict(_dict(message.get("params")).get("capabilities"))
            out.initialize_id = message["id"]
            out.answer = initialize_result(capabilities)
            _send(stdout, {"id": message["id"], "jsonrpc": "2.0", "result": out.answer})
        elif method in DEFERRED and "id" not in message and out.initialize_id is not None:
            continue
        elif method == "textDocument/didOpen" and out.initialize_id is not None:
            out.opened = _publish_first(out.editor, _dict(message.get("params")), capabilities, stdout)
            break
        else:
            break
    out.replay = bytes(replay)
    return out


def _publish_first(editor: Editor, params: dict, capabilities: dict, stdout) -> Opened | None:
    """Analyse the opened document as `PoolcheckServer.analyse` would and publish it."""
    doc = _dict(params.get("textDocument"))
    uri, text, version = doc.get("uri"), doc.get("text"), doc.get("version")
    if not isinstance(uri, str) or not isinstance(text, str) or not uri.startswith("file:") \
            or not isinstance(version, int) or isinstance(version, bool):
        return None  # pygls' turn: the replayed didOpen is analysed (or refused) there

    def warn(message: str) -> None:
        _send(stdout, {"jsonrpc": "2.0", "method": "window/logMessage",
                       "params": {"type": 2, "message": message}})

    try:
        path = fs_path(uri)
        published, diagnostics, configs = editor.diagnose(
            path, text, tuple(text.splitlines(True)), units_for(position_encoding(capabilities)), warn)
    except Exception:  # logged; pygls analyses the replayed didOpen (and logs) again
        log.exception("poolcheck: analysing %s failed", uri)
        return None
    _send(stdout, {"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
                   "params": {"uri": uri, "diagnostics": published, "version": version}})
    return Opened(uri, version, text, published, diagnostics, configs)


def _dict(value) -> dict:
    """A JSON object of the message, or {} for anything else (pygls answers malformed
    messages itself: the start-up path only needs not to fall over them)."""
    return value if isinstance(value, dict) else {}


class ReplayThenStdin:
    """stdin for pygls: the bytes already read first, then the real stream."""

    def __init__(self, replay: bytes, stdin):
        self.first = io.BytesIO(replay)
        self.stdin = stdin

    def readline(self) -> bytes:
        return self.first.readline() or self.stdin.readline()

    def read(self, n: int = -1) -> bytes:
        data = self.first.read(n)
        if n < 0:
            return data + self.stdin.read()
        if len(data) < n:
            data += self.stdin.read(n - len(data))
        return data


class SkipAnswered:
    """stdout for pygls: drops its answer to the replayed `initialize` (already sent)."""

    def __init__(self, stdout, initialize_id, answer: dict | None):
        self.stdout = stdout
        self.initialize_id, self.answer = initialize_id, answer
        self.waiting = initialize_id is not None

    def write(self, data: bytes) -> None:
        if self.waiting:
            head, sep, body = data.partition(b"\r\n\r\n")
            try:
                message = json.loads(body) if sep else None
            except ValueError:
                message = None
            if isinstance(message, dict) and message.get("id") == self.initialize_id \
                    and "method" not in message:
                self.waiting = False
                if message.get("result") != self.answer:
                    log.warning("poolcheck: the start-up answer to initialize differs from "
                                "pygls': %s != %s", self.answer, message.get("result"))
                return
        self.stdout.write(data)

    def flush(self) -> None:
        self.stdout.flush()

    def close(self) -> None:
        self.stdout.close()
