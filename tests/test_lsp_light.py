"""The language server's start-up path (`poolcheck.lsp.light`): it answers `initialize` and
publishes the first document's diagnostics before pygls is imported, then hands every
message it read to pygls. These tests hold it to what pygls itself would have done."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import pytest
from hypothesis import given, settings, strategies as st
from lsprotocol import converters, types
from pygls.workspace.position_codec import PositionCodec

from poolcheck.lsp.capabilities import initialize_result
from poolcheck.lsp.editor import position_encoding, units_for

from conftest import write_tree

converter = converters.get_converter()

ROUTE = """\
import { PrismaClient } from '@prisma/client'

export async function GET() {
  const prisma = new PrismaClient()
  return Response.json(await prisma.user.findMany())
}
"""


def _pygls_answer(capabilities: dict) -> dict:
    """What pygls' own `initialize` handler computes for this server and these capabilities."""
    from poolcheck.lsp import _server

    server = _server()
    params = converter.structure({"processId": None, "rootUri": None, "capabilities": capabilities},
                                 types.InitializeParams)
    handler = server.protocol.lsp_initialize(params)
    with pytest.raises(StopIteration) as stop:  # no user initialize handler: it returns at once
        next(handler)
    return converter.unstructure(stop.value.value)


VSCODE_LIKE = {
    "general": {"positionEncodings": ["utf-16"], "markdown": {"parser": "marked"}},
    "textDocument": {"synchronization": {"dynamicRegistration": True, "willSave": True,
                                         "willSaveWaitUntil": True, "didSave": True},
                     "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix"]}}},
                     "publishDiagnostics": {"relatedInformation": True, "versionSupport": True}},
    "workspace": {"workspaceFolders": True, "didChangeWatchedFiles": {"dynamicRegistration": True},
                  "fileOperations": {"didCreate": True, "willRename": True, "didDelete": True}},
    "notebookDocument": {"synchronization": {"dynamicRegistration": True}},
    "window": {"workDoneProgress": True},
}


@pytest.mark.parametrize("capabilities", [
    {},
    {"general": {"positionEncodings": ["utf-8", "utf-16"]}},
    {"general": {"positionEncodings": ["utf-32"]}},
    {"general": {"positionEncodings": ["latin-1"]}},
    {"textDocument": {"synchronization": {"willSave": False}}},
    {"textDocument": {"synchronization": {"willSaveWaitUntil": True}}},
    VSCODE_LIKE,
])
def test_the_start_up_answer_to_initialize_is_pygls_answer(capabilities):
    assert initialize_result(capabilities) == _pygls_answer(capabilities)


@settings(derandomize=True, max_examples=40, deadline=None)
@given(encodings=st.one_of(st.none(), st.lists(st.sampled_from(["utf-8", "utf-16", "utf-32", "x"]), max_size=3)),
       will_save=st.sampled_from([None, True, False]), until=st.sampled_from([None, True, False]),
       notebook=st.booleans(), file_ops=st.booleans())
def test_the_answer_agrees_for_any_mix_of_the_capabilities_that_change_it(encodings, will_save, until,
                                                                          notebook, file_ops):
    caps: dict = {}
    if encodings is not None:
        caps["general"] = {"positionEncodings": encodings}
    sync = {k: v for k, v in (("willSave", will_save), ("willSaveWaitUntil", until)) if v is not None}
    if sync:
        caps["textDocument"] = {"synchronization": sync}
    if notebook:
        caps["notebookDocument"] = {"synchronization": {}}
    if file_ops:
        caps["workspace"] = {"fileOperations": {"didCreate": True, "willDelete": True}}
    assert initialize_result(caps) == _pygls_answer(caps)


@settings(derandomize=True, max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20),
       encoding=st.sampled_from(["utf-8", "utf-16", "utf-32"]))
def test_code_units_are_counted_as_pygls_counts_them(text, encoding):
    assert units_for(encoding)(text) == PositionCodec(encoding).client_num_units(text)
    caps = {"general": {"positionEncodings": [encoding]}}
    assert position_encoding(caps) == encoding


# -- the server over stdio, driven by a raw JSON-RPC client ---------------------------------------
class Raw:
    """Content-Length framed JSON-RPC over the server's stdin/stdout, every message kept."""

    def __init__(self, cwd, log_level: str = "WARNING"):
        self.proc = subprocess.Popen([sys.executable, "-m", "poolcheck", "lsp", "--log-level", log_level],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     cwd=cwd, env=dict(os.environ))
        self.messages: list[dict] = []
        self.raw_headers: list[bytes] = []
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        self.stderr = b""
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        self.stderr = self.proc.stderr.read()

    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            length, headers = None, b""
            while True:
                line = out.readline()
                if not line:
                    return
                headers += line
                if line in (b"\r\n", b"\n"):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            body = json.loads(out.read(length))
            with self.cond:
                self.raw_headers.append(headers)
                self.messages.append(body)
                self.cond.notify_all()

    def send(self, message: dict) -> None:
        data = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.proc.stdin.flush()

    def wait(self, pred, timeout: float = 30, after: int = 0) -> dict:
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for m in self.messages[after:]:
                    if pred(m):
                        return m
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no such message; got {self.messages}")
                self.cond.wait(left)

    def close(self) -> int:
        self.send({"jsonrpc": "2.0", "id": 999, "method": "shutdown"})
        self.wait(lambda m: m.get("id") == 999)
        self.send({"jsonrpc": "2.0", "method": "exit"})
        return self.proc.wait(timeout=20)


def _published(uri: str, version: int):
    return lambda m: m.get("method") == "textDocument/publishDiagnostics" and \
        m["params"]["uri"] == uri and m["params"].get("version") == version


def _initialize(client: Raw, root, capabilities=None) -> dict:
    client.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                 "params": {"processId": os.getpid(), "rootUri": root.as_uri(),
                            "capabilities": capabilities or {}}})
    answer = client.wait(lambda m: m.get("id") == 1)
    client.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    return answer


def _open(client: Raw, path, text: str, version: int = 1) -> str:
    uri = path.as_uri()
    client.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "typescript", "version": version, "text": text}}})
    return uri


def _change(client: Raw, uri: str, version: int, text: str) -> None:
    client.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}})


@pytest.mark.slow
def test_the_first_diagnostics_are_what_pygls_publishes_for_the_same_text(tmp_path):
    """The start-up path publishes version 1; pygls analyses the same text as version 2:
    the two publications are equal, the initialize answer is sent once, and pygls' own
    answer to the replayed initialize agreed with it (no warning on stderr)."""
    root = write_tree(tmp_path, {"app/api/users/route.ts": ROUTE})
    path = root / "app/api/users/route.ts"
    client = Raw(root)
    try:
        answer = _initialize(client, root, VSCODE_LIKE)
        assert answer["result"] == _pygls_answer(VSCODE_LIKE)
        uri = _open(client, path, ROUTE)
        first = client.wait(_published(uri, 1))["params"]["diagnostics"]
        assert [d["code"] for d in first] == ["PC101"] and first[0]["relatedInformation"]
        _change(client, uri, 2, ROUTE)
        again = client.wait(_published(uri, 2))["params"]["diagnostics"]
        assert again == first
        # A code action on what the start-up path published: pygls answers from it.
        client.send({"jsonrpc": "2.0", "id": 7, "method": "textDocument/codeAction", "params": {
            "textDocument": {"uri": uri}, "range": first[0]["range"],
            "context": {"diagnostics": first}}})
        actions = client.wait(lambda m: m.get("id") == 7)["result"]
        assert "Suppress PC101 on this line" in [a["title"] for a in actions]
        assert client.close() == 0
    finally:
        client.proc.kill()
    assert sum(1 for m in client.messages if m.get("id") == 1) == 1
    assert sum(1 for m in client.messages if m.get("method") == "textDocument/publishDiagnostics"
               and m["params"].get("version") == 1) == 1  # the replayed didOpen is not analysed again
    assert b"differs" not in client.stderr, client.stderr


@pytest.mark.slow
def test_messages_sent_while_the_first_document_is_analysed_reach_pygls_in_order(tmp_path):
    root = write_tree(tmp_path, {"app/api/users/route.ts": ROUTE})
    path = root / "app/api/users/route.ts"
    clean = ROUTE.replace("  const prisma = new PrismaClient()\n", "").replace("prisma.user", "db.user")
    client = Raw(root)
    try:
        _initialize(client, root)
        client.send({"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration", "params": {"settings": {}}})
        uri = _open(client, path, ROUTE)
        _change(client, uri, 2, clean)  # before any diagnostics came back
        client.wait(_published(uri, 1))
        assert client.wait(_published(uri, 2))["params"]["diagnostics"] == []
        assert client.close() == 0
    finally:
        client.proc.kill()


@pytest.mark.slow
def test_any_other_first_message_goes_to_pygls(tmp_path):
    """A request the start-up path does not serve (here a code action before any open, and
    a document that is not a file) is pygls' from that message on."""
    root = write_tree(tmp_path, {"app/api/users/route.ts": ROUTE})
    client = Raw(root)
    try:
        _initialize(client, root)
        client.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": "untitled:Untitled-1", "languageId": "typescript", "version": 1, "text": ROUTE}}})
        client.send({"jsonrpc": "2.0", "id": 5, "method": "textDocument/codeAction", "params": {
            "textDocument": {"uri": "untitled:Untitled-1"},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "context": {"diagnostics": []}}})
        assert client.wait(lambda m: m.get("id") == 5)["result"] is None
        uri = _open(client, root / "app/api/users/route.ts", ROUTE)
        assert [d["code"] for d in client.wait(_published(uri, 1))["params"]["diagnostics"]] == ["PC101"]
        assert client.close() == 0
    finally:
        client.proc.kill()


@pytest.mark.slow
def test_shutdown_before_any_document_and_end_of_input(tmp_path):
    client = Raw(tmp_path)
    try:
        _initialize(client, tmp_path)
        assert client.close() == 0
    finally:
        client.proc.kill()
    # stdin closed before initialize: the server ends without answering anything
    proc = subprocess.run([sys.executable, "-m", "poolcheck", "lsp"], input=b"", capture_output=True,
                          cwd=tmp_path, timeout=60)
    assert proc.returncode == 0 and proc.stdout == b""


def test_the_start_up_path_publishes_without_importing_pygls_or_lsprotocol(tmp_path):
    """The point of the start-up path: `initialize` answered and the first document's
    diagnostics published with neither library loaded (they load after, in `_serve`)."""
    root = write_tree(tmp_path, {"app/api/users/route.ts": ROUTE})
    uri = (root / "app/api/users/route.ts").as_uri()

    def frame(m):
        body = json.dumps(m).encode()
        return b"Content-Length: %d\r\n\r\n" % len(body) + body

    stdin = frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}) + \
        frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}) + \
        frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "typescript", "version": 1, "text": ROUTE}}})
    script = (
        "import io, sys\n"
        "from poolcheck.lsp.light import start\n"
        "out = io.BytesIO()\n"
        "h = start(io.BytesIO(sys.stdin.buffer.read()), out)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol', 'cattrs'))\n"
        "print(loaded == ['pygls', 'pygls.uris'], h.opened is not None, b'PC101' in out.getvalue())\n")
    proc = subprocess.run([sys.executable, "-c", script], input=stdin, capture_output=True, cwd=root,
                          timeout=120)
    assert proc.stdout.split() == [b"True", b"True", b"True"], proc.stderr


@pytest.mark.slow
def test_a_config_problem_is_logged_once_across_the_start_up_path_and_pygls(tmp_path):
    """The start-up path logs the configuration's problem (window/logMessage, a warning)
    and pygls, which adopts its session, does not log it again for the next document."""
    root = write_tree(tmp_path, {"poolcheck.toml": "select = 5\n", "app/api/users/route.ts": ROUTE,
                                 "app/api/other/route.ts": ROUTE})
    client = Raw(root)
    try:
        _initialize(client, root)
        first = _open(client, root / "app/api/users/route.ts", ROUTE)
        client.wait(_published(first, 1))
        second = _open(client, root / "app/api/other/route.ts", ROUTE)
        client.wait(_published(second, 1))
        assert client.close() == 0
    finally:
        client.proc.kill()
    logged = [m["params"] for m in client.messages if m.get("method") == "window/logMessage"]
    assert len(logged) == 1 and logged[0]["type"] == 2 and "poolcheck.toml" in logged[0]["message"], logged


@pytest.mark.slow
@pytest.mark.parametrize("first", [
    {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": 5}},
    {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": [1, 2]},
    {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": "file:///nowhere/x.ts", "languageId": "typescript", "version": "one", "text": ""}}},
])
def test_a_malformed_first_open_is_left_to_pygls_and_the_server_goes_on(tmp_path, first):
    root = write_tree(tmp_path, {"app/api/users/route.ts": ROUTE})
    client = Raw(root)
    try:
        client.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": []}})
        assert "capabilities" in client.wait(lambda m: m.get("id") == 1)["result"]
        client.send(first)
        uri = _open(client, root / "app/api/users/route.ts", ROUTE)
        assert [d["code"] for d in client.wait(_published(uri, 1))["params"]["diagnostics"]] == ["PC101"]
        assert client.close() == 0
    finally:
        client.proc.kill()
