"""Editor latency: `poolcheck lsp` driven by a real LSP client over stdio.

    .venv/bin/python bench/lsp.py --tree /work/corpus/trigger.dev [--file REL] [--repeat 3]

Measures, with the result cache primed by a CLI run over the tree (what an editor has
after the first day; `--cold-cache` leaves it empty), each figure the median of
`--repeat` server sessions:

- **first diagnostics**: from starting the server process to the first
  `textDocument/publishDiagnostics` for the opened file (interpreter start-up, imports,
  `initialize`, `didOpen` and the analysis of the file with its project; the server's
  start-up path publishes it before pygls is imported, `poolcheck.lsp.light`);
- **ready**: until the answer to a code action request, which pygls serves once it has
  been imported and has taken over (the keystrokes are typed after it);
- **keystroke**: from a `didChange` (one character typed into a comment at the end of
  the file; with `--at-start`, a new line at its top, which moves every call below it) to the diagnostics published for it, less the server's debounce
  (`poolcheck.lsp.DEBOUNCE_SECONDS`), over `--keystrokes` edits; median and maximum;
- **server CPU** (Linux): the server process's own CPU seconds up to the first
  diagnostics and during each keystroke's analysis, which a loaded machine does not
  inflate as it does the wall clock.

The client speaks JSON-RPC with Content-Length framing itself (no pytest-lsp), so the
benchmark runs wherever poolcheck is installed. Targets (speed issue): first
diagnostics under 1 s on a big project with a warm cache, a keystroke under 200 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from files import discovered  # noqa: E402

BIN = Path(sys.executable).parent


class Client:
    """A minimal LSP client: requests, notifications, and a queue of what the server sends."""

    def __init__(self, cmd: list[str], env: dict, cwd: Path):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, env=env, cwd=cwd)
        self.messages: list[tuple[float, dict]] = []
        self.cond = threading.Condition()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            body = json.loads(out.read(length))
            now = time.perf_counter()
            if "id" in body and "method" in body:  # a request from the server: accept it
                self._send({"jsonrpc": "2.0", "id": body["id"], "result": None})
            with self.cond:
                self.messages.append((now, body))
                self.cond.notify_all()

    def _send(self, msg: dict) -> None:
        data = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.proc.stdin.flush()

    def notify(self, method: str, params: dict) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: dict, timeout: float = 60) -> dict:
        self.next_id += 1
        rid = self.next_id
        self._send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == rid and "method" not in m, timeout)[1]

    def wait(self, pred, timeout: float = 60, after: int = 0) -> tuple[float, dict]:
        deadline = time.perf_counter() + timeout
        with self.cond:
            while True:
                for i in range(after, len(self.messages)):
                    if pred(self.messages[i][1]):
                        return self.messages[i]
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise TimeoutError("the server did not answer in time")
                self.cond.wait(left)

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=10)
            self.notify("exit", {})
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process so far (Linux /proc; None elsewhere): on a
    shared machine the wall clock charges other processes' time to the server."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _published_for(uri: str, version: int):
    return lambda m: m.get("method") == "textDocument/publishDiagnostics" and \
        m["params"]["uri"] == uri and m["params"].get("version") == version


def session(tree: Path, rel: str, env: dict, keystrokes: int, debounce: float,
            at_start: bool = False) -> dict:
    path = (tree / rel).resolve()
    uri = path.as_uri()
    text = path.read_text(encoding="utf-8", errors="replace")
    language = {".ts": "typescript", ".tsx": "typescriptreact", ".js": "javascript",
                ".py": "python"}.get(path.suffix, "plaintext")
    t0 = time.perf_counter()
    client = Client([str(BIN / "poolcheck"), "lsp"], env, tree)
    try:
        client.request("initialize", {"processId": os.getpid(), "rootUri": tree.resolve().as_uri(),
                                      "capabilities": {}})
        client.notify("initialized", {})
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": language, "version": 1, "text": text}})
        t_first, first = client.wait(_published_for(uri, 1), timeout=120)
        cpu_first = _cpu_seconds(client.proc.pid)
        # The first diagnostics come from the start-up path (poolcheck.lsp.light), before
        # pygls is imported; a request pygls answers says when it has taken over.
        client.request("textDocument/codeAction", {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "context": {"diagnostics": []}})
        t_ready = time.perf_counter()
        cpu_ready = _cpu_seconds(client.proc.pid)
        cpu_keys = []
        lines = text.split("\n")
        end = {"line": len(lines) - 1, "character": len(lines[-1])}
        latencies = []
        comment = "#" if path.suffix == ".py" else "//"
        typed = "\n" + comment + " "
        for k in range(keystrokes):
            version = 2 + k
            change = typed if k == 0 else "x"
            if at_start:  # Enter at the top: every fact below moves a line, the link runs again
                change, end = "\n", {"line": 0, "character": 0}
            n_before = len(client.messages)
            cpu_before = _cpu_seconds(client.proc.pid)
            t_change = time.perf_counter()
            client.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": end, "end": end}, "text": change}]})
            t_pub, _ = client.wait(_published_for(uri, version), timeout=60, after=n_before)
            latencies.append(t_pub - t_change - debounce)
            cpu_after = _cpu_seconds(client.proc.pid)
            if cpu_before is not None and cpu_after is not None:
                cpu_keys.append(cpu_after - cpu_before)
            if k == 0:
                end = {"line": end["line"] + 1, "character": len(comment) + 1}
            else:
                end = {"line": end["line"], "character": end["character"] + 1}
        return {"first_s": t_first - t0, "diagnostics": len(first["params"]["diagnostics"]),
                "ready_s": t_ready - t0, "ready_cpu_s": cpu_ready,
                "keystroke_s": latencies, "first_cpu_s": cpu_first, "keystroke_cpu_s": cpu_keys}
    finally:
        client.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tree", type=Path, required=True)
    ap.add_argument("--file", help="the file to open, relative to the tree (default: the first "
                                   "TS/JS or Python file, in walk order, that queries a client)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keystrokes", type=int, default=5)
    ap.add_argument("--cold-cache", action="store_true", help="do not prime the result cache")
    ap.add_argument("--at-start", action="store_true",
                    help="type each keystroke as a new line at the top of the file (every finding and "
                         "call below it moves, so the link's inputs change and it runs again)")
    args = ap.parse_args()
    tree = args.tree.resolve()
    rel = args.file
    if rel is None:
        from files import split
        from run import _one_file  # the one-file run's choice, so the figures compare

        ts_files, py_files, _ = split(discovered(tree))
        rel = os.path.relpath(_one_file(ts_files, py_files), tree)
    from poolcheck.lsp import DEBOUNCE_SECONDS

    cache = Path(tempfile.mkdtemp(prefix="poolcheck-lsp-bench-"))
    env = dict(os.environ, POOLCHECK_CACHE_DIR=str(cache))
    try:
        if not args.cold_cache:
            subprocess.run([str(BIN / "poolcheck"), "--quiet", "--exit-zero", "."], cwd=tree, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        runs = [session(tree, rel, env, args.keystrokes, DEBOUNCE_SECONDS, args.at_start)
                for _ in range(args.repeat)]
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    first = statistics.median(r["first_s"] for r in runs)
    keys = [k for r in runs for k in r["keystroke_s"]]
    ready = statistics.median(r["ready_s"] for r in runs)
    print(f"tree: {tree}  file: {rel}  cache: {'empty' if args.cold_cache else 'primed'}")
    print(f"first diagnostics: {first:.3f} s median of {len(runs)} "
          f"({min(r['first_s'] for r in runs):.3f}-{max(r['first_s'] for r in runs):.3f}); "
          f"{runs[0]['diagnostics']} diagnostics   target < 1 s: {'met' if first < 1 else 'MISSED'}")
    print(f"ready for keystrokes (pygls loaded, a code action answered): {ready:.3f} s median")
    print(f"keystroke (after the {DEBOUNCE_SECONDS:.1f} s debounce): median {statistics.median(keys) * 1000:.0f} ms, "
          f"max {max(keys) * 1000:.0f} ms over {len(keys)}   target < 200 ms: "
          f"{'met' if statistics.median(keys) < 0.2 else 'MISSED'}")
    cpu_first = [r["first_cpu_s"] for r in runs if r["first_cpu_s"] is not None]
    cpu_keys = [k for r in runs for k in r["keystroke_cpu_s"]]
    if cpu_first and cpu_keys:  # the server's own CPU time (clock ticks, 10 ms), whatever the load
        cpu_ready = [r["ready_cpu_s"] for r in runs if r["ready_cpu_s"] is not None]
        print(f"server CPU: first diagnostics {statistics.median(cpu_first):.2f} s, ready "
              f"{statistics.median(cpu_ready):.2f} s, keystroke median "
              f"{statistics.median(cpu_keys) * 1000:.0f} ms, max {max(cpu_keys) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
