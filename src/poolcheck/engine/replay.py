"""Replaying an unchanged run: the CLI's warm path.

A run whose inputs are all unchanged since the last identical run prints that run's
output again without discovering, loading facts, linking or running a rule. `replay`
is called first thing by the CLI and imports only the standard library's already-loaded
modules (`os`, `sys`, `marshal`, `zlib`): no config, rules, engine, parser or pathlib.

- **The key** (the store's file name, and compared in full): the format, poolcheck's
  version, the interpreter, the current directory, the command line as given, the
  `POOLCHECK_*` and `NO_COLOR` variables and whether stdout and stderr are terminals.
- **The manifest**: every file the run read or stat'ed, every folder it listed and every
  path it probed that did not exist (recorded by core.safeio), and poolcheck's own modules,
  data files and the third-party packages it imported, each with its stat (mode, inode,
  device, size, mtime and ctime in ns; absent paths must still be absent). One stat per
  entry decides; an absent path whose folder is itself an entry is covered by that folder.
- **The result**: what the run wrote to stdout and stderr (in order, with the flushes),
  the `--output-file` text and the exit status.

Never stored: `--fix`, `--fix-only`, `--diff`, `--add-noqa`, standard input, `--show-*`
(the CLI records only a plain check), `--no-cache`, a run with an internal error, a file
skipped by a budget, a broken pipe, an entry modified less than two seconds before the
run began (a later edit might keep its stat), a path seen with two different stats, or
output holding a credential the run found (engine.cache.secret_pieces: no credential
goes in a store). A store that is missing, corrupt, foreign or stale means a normal run. Stores live in `replay/` under
the result cache's folder (private, 0700; files 0600); the oldest beyond `MAX_STORES`
are removed.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib

from .. import __version__

FORMAT = 1
MAGIC = b"PCRP"
MAX_STORES = 64
# Command lines that are never replayed, whatever a store says (belt and braces: the CLI
# never stores them, see Recording.finish).
_NEVER = ("--fix", "--diff", "--add-noqa", "--show-", "--list-rules", "--explain", "--help",
          "--version", "--stdin-filename", "--no-cache")
_NEVER_EXACT = frozenset({"-", "-h"})


def store_dir(argv: list[str], environ=os.environ) -> str | None:
    """Where this command line's store lives, read from the raw arguments (`--cache-dir X`
    or `--cache-dir=X`, else $POOLCHECK_CACHE_DIR, else the user cache folder on Linux and
    macOS), or None. The recording run checks that argparse agrees (`Recording.finish`)."""
    folder = None
    args = iter(argv)
    for arg in args:
        if arg == "--":
            break
        if arg == "--cache-dir":
            folder = next(args, None)
        elif arg.startswith("--cache-dir="):
            folder = arg[len("--cache-dir="):]
    if not folder:
        folder = environ.get("POOLCHECK_CACHE_DIR") or _user_cache_dir(environ)
    return os.path.join(os.path.abspath(folder), "replay") if folder else None


def _user_cache_dir(environ) -> str | None:
    """platformdirs' user cache folder for poolcheck where it is a plain rule (checked
    against platformdirs itself before anything is stored there)."""
    if sys.platform.startswith("linux"):
        base = environ.get("XDG_CACHE_HOME", "").strip() or os.path.expanduser("~/.cache")
    elif sys.platform == "darwin":
        base = os.path.expanduser("~/Library/Caches")
    else:
        return None
    return os.path.join(base, "poolcheck")


def _tty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def run_key(argv: list[str], environ=os.environ) -> tuple:
    env = tuple(sorted((k, v) for k, v in environ.items()
                       if k.startswith("POOLCHECK_") and k != "POOLCHECK_REPLAY_LOG" or k == "NO_COLOR"))
    return (FORMAT, __version__, sys.version, sys.executable, os.getcwd(), tuple(argv), env,
            _tty(sys.stdout), _tty(sys.stderr))


def _store_path(folder: str, key: tuple) -> str:
    raw = repr(key).encode("utf-8", "surrogateescape")
    return os.path.join(folder, f"{zlib.crc32(raw):08x}{zlib.crc32(raw[::-1]):08x}.run")


def replayable(argv: list[str]) -> bool:
    return not any(a in _NEVER_EXACT or a.startswith(_NEVER) for a in argv)


# --- the fast path ---------------------------------------------------------------------
def replay(argv: list[str]) -> int | None:
    """Print the stored result of this command line and return its exit status, or None
    when there is no valid store (then the caller runs normally, having printed nothing)."""
    if not replayable(argv):
        return None
    try:
        folder = store_dir(argv)
        key = run_key(argv) if folder is not None else None
    except OSError:  # no current folder: the normal run says so
        return None
    if folder is None:
        return None
    stored = _load(_store_path(folder, key), key)
    if stored is None or not unchanged(stored["paths"], stored["stats"]):
        return None
    output = stored["output_file"]
    if output is not None:
        try:
            with open(output[0], "w", encoding="utf-8", newline="\n") as fh:
                fh.write(output[1])
        except OSError:
            return None  # the normal run reports why it cannot write there
    streams = {1: sys.stdout, 2: sys.stderr}
    try:
        for fd, text in stored["events"]:
            if text is None:
                streams[fd].flush()
            else:
                streams[fd].write(text)
    except BrokenPipeError:  # `poolcheck | head`, as the CLI does
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    _log("replayed")
    return stored["status"]


def _log(line: str) -> None:
    """POOLCHECK_REPLAY_LOG=FILE: a line per replay, store or refusal (tests count them)."""
    log = os.environ.get("POOLCHECK_REPLAY_LOG")
    if log:
        try:
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(line.replace("\n", " ") + "\n")
        except OSError:
            pass


def _load(path: str, key: tuple) -> dict | None:
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError:
        return None
    if raw[:4] != MAGIC or int.from_bytes(raw[4:8], "big") != zlib.crc32(raw[8:]):
        return None
    try:
        data = marshal.loads(raw[8:])
    except (EOFError, ValueError, TypeError):
        return None
    if not _well_formed(data) or data["key"] != key:
        return None
    return data


def _well_formed(data) -> bool:
    """The shape of a store (its integrity is the checksum's: a torn or truncated file never
    gets here). Entries are not checked one by one: `unchanged` treats a malformed one as
    changed. marshal can hold code objects too: never run, and refused here."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return False
    paths, stats, events = data.get("paths"), data.get("stats"), data.get("events")
    output = data.get("output_file")
    return (isinstance(paths, list) and isinstance(stats, list) and len(paths) == len(stats)
            and isinstance(events, list)
            and all(isinstance(e, tuple) and len(e) == 2 and e[0] in (1, 2)
                    and (e[1] is None or isinstance(e[1], str)) for e in events)
            and (output is None or isinstance(output, tuple) and len(output) == 2
                 and all(isinstance(x, str) for x in output))
            and isinstance(data.get("status"), int) and isinstance(data.get("key"), tuple))


def unchanged(paths: list[str], stats: list) -> bool:
    """Every entry as recorded: the same stat, or still absent."""
    stat = os.stat
    for path, key in zip(paths, stats):
        try:
            st = stat(path)
        except OSError:
            if key is None:
                continue
            return False
        except (TypeError, ValueError):  # not a path: a foreign store
            return False
        if key is None or key != (st.st_mode, st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns,
                                  st.st_ctime_ns):
            return False
    return True
