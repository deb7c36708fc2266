"""Recording a run for engine.replay: what it read (core.safeio's record, poolcheck's own
code) and what it wrote, stored when the run may be replayed (the rules are in
engine.replay's docstring)."""

from __future__ import annotations

import marshal
import os
import sys
import zlib

from .replay import FORMAT, MAGIC, MAX_STORES, _log, _store_path, replayable, run_key, store_dir


class _Tee:
    """A text stream that forwards everything and records it: (fd, text) for each write and
    (fd, None) for each flush in `events`, or with fd None only the text written."""

    def __init__(self, stream, fd: int | None, events: list):
        self._stream, self._fd, self._events = stream, fd, events
        self.replay_target = stream  # what writes that are not output (progress) go to

    def write(self, text: str) -> int:
        self._events.append(text if self._fd is None else (self._fd, text))
        return self._stream.write(text)

    def flush(self) -> None:
        if self._fd is not None:
            self._events.append((self._fd, None))
        self._stream.flush()

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


class Recording:
    """What a run read and wrote, stored by `finish` when it may be replayed."""

    def __init__(self, argv: list[str], folder: str):
        import time

        from ..core import safeio

        self.argv, self.folder = argv, folder
        self.key = run_key(argv)
        self.events: list = []
        self.output: list[str] | None = None
        self.output_path: str | None = None
        self.real_stderr = sys.stderr
        self.started_ns = time.time_ns()
        self.why: str | None = None
        safeio.start_recording()
        sys.stderr = _Tee(sys.stderr, 2, self.events)

    @classmethod
    def begin(cls, argv: list[str]) -> "Recording | None":
        try:
            folder = store_dir(argv) if replayable(argv) else None
            return cls(argv, folder) if folder is not None else None
        except OSError:  # no current folder: the run reports it
            return None

    def stdout(self, out):
        return _Tee(out, 1, self.events)

    def output_file(self, path, fh):
        """The `--output-file` stream, its text recorded."""
        self.output, self.output_path = [], os.fspath(path)
        return _Tee(fh, None, self.output)

    def abandon(self, why: str) -> None:
        self.why = self.why or why

    def close(self) -> None:
        from ..core import safeio

        if isinstance(sys.stderr, _Tee):
            sys.stderr = self.real_stderr
        if safeio.recording():
            safeio.stop_recording()

    def finish(self, args, status: int, cache_dir) -> bool:
        """Store the run if it may be replayed; True when stored. Never raises for a store
        that cannot be written."""
        from ..core import safeio

        secrets = safeio.secrets_seen()
        reads, why = safeio.stop_recording()
        why = self.why or why or self._refusal(args, cache_dir, secrets)
        manifest = self._manifest(reads) if why is None else None
        if manifest is None:
            _log(f"not stored: {why or self.why}")
            return False
        paths, stats = zip(*manifest) if manifest else ((), ())
        output = (self.output_path, "".join(self.output)) if self.output is not None else None
        data = {"format": FORMAT, "key": self.key, "paths": list(paths), "stats": list(stats),
                "events": self.events, "output_file": output, "status": status}
        stored = _write(self.folder, _store_path(self.folder, self.key), data)
        _log(f"stored {len(manifest)} entries" if stored else "not stored: cannot write")
        return stored

    def _refusal(self, args, cache_dir, secrets: frozenset[str]) -> str | None:
        """Why a run with these arguments is not stored (None: it may be)."""
        from ..fixes.command import wanted

        if cache_dir is None or os.path.join(os.path.abspath(cache_dir), "replay") != self.folder:
            return "the cache folder is not the one the fast path reads"
        if wanted(args) or args.add_noqa or args.show_settings is not None or args.show_files \
                or any(str(p) == "-" for p in args.paths) or args.stdin_filename is not None:
            return "not a plain check"
        text = "".join([t for _, t in self.events if t] + (self.output or []))
        if any(secret in text for secret in secrets):
            return "the output holds a credential the run found"
        return None

    def _manifest(self, reads: dict) -> list[tuple[str, tuple | None]] | None:
        """(absolute path, stat key or None) of everything the run depended on, or None
        when an entry is too recent to vouch for (or was seen with two stats)."""
        from ..core import safeio

        entries: dict[str, tuple | None] = {}
        for path, key in reads.items():
            full = os.path.abspath(path)
            if entries.get(full, key) != key:
                self.why = f"{full} seen with two stats"
                return None
            entries[full] = key
        for path in _code_files():
            try:
                entries.setdefault(path, safeio.stat_key(os.stat(path)))
            except OSError:
                continue
        present = {p for p, k in entries.items() if k is not None}
        limit = self.started_ns - safeio.RACY_WINDOW_NS
        out = []
        for path, key in entries.items():
            if key is None:
                if os.path.dirname(path) in present:
                    continue  # a new file there changes the folder's own stat
            elif key[4] >= limit:
                self.why = f"{path} was modified less than 2 s before the run"
                return None
            out.append((path, key))
        return out


def _code_files() -> list[str]:
    """poolcheck's loaded modules and data files, and the top module of every third-party
    package loaded: an upgrade or an edit in a checkout changes what a run prints."""
    from ..core.resources import data_dir

    out = []
    stdlib = getattr(sys, "stdlib_module_names", frozenset())
    for name, module in list(sys.modules.items()):
        top = name.partition(".")[0]
        if top != "poolcheck" and ("." in name or top in stdlib or top.startswith("_")):
            continue
        path = getattr(module, "__file__", None)
        if isinstance(path, str):
            out.append(os.path.abspath(path))
    for kind in ("grammars", "rules"):
        try:
            folder = data_dir(kind)
        except FileNotFoundError:
            continue
        out.append(str(folder))
        out.extend(str(p) for p in sorted(folder.iterdir()))
    return out


def _write(folder: str, path: str, data: dict) -> bool:
    from ..core.atomic import replace_with

    try:
        payload = marshal.dumps(data)
        os.makedirs(os.path.dirname(folder), mode=0o700, exist_ok=True)
        if not os.path.isdir(folder):
            os.mkdir(folder, 0o700)
        replace_with(path, MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload, ".run-")
        _prune(folder)
    except (OSError, ValueError):
        return False  # a read-only or full cache folder must never fail the run
    return True


def _prune(folder: str) -> None:
    """Keep the MAX_STORES most recently written stores (pre-commit names new file lists
    all the time)."""
    with os.scandir(folder) as it:
        stores = [(e.stat().st_mtime_ns, e.path) for e in it if e.name.endswith(".run")]
    for _, path in sorted(stores)[:-MAX_STORES]:
        try:
            os.unlink(path)
        except OSError:
            pass
