"""Never read outside the tree: the one check every reader of the disk goes through.

poolcheck reads the files it was asked to check and the project files around them
(package.json, lockfiles, env files, prisma.config.ts), and shows source lines in
`--format full`. A symlink in a repository can point anywhere (`.env.proc ->
/proc/self/environ`, `secrets.ts -> ~/.aws/credentials`), and CI logs are public, so:

- a path whose real location (every symlink resolved) is outside every allowed root is
  refused (`refusal` says why) and never opened: the CLI, pre-commit, the editor and the
  flake8 plugin all report such a file as an info-level PC900 and go on;
- anything that is not a regular file (devices, FIFOs, sockets) is refused, and so is
  anything under /proc or /sys whatever the roots;
- the allowed roots are the current directory, the project root (the config's folder)
  and the paths given to the run (`allow`), each with its symlinks resolved, so a
  project that itself lives behind a symlinked folder still reads normally.

A regular file reached without any symlink is always allowed (that is the ordinary
case, and it costs one `realpath` per file).

It is also the record of what a run depended on (`start_recording`): every file read or
stat'ed, every folder listed and every path probed (absent ones included: creating a
`tsconfig.json` where the run looked for one must count) goes through `stat`, `probe`,
`exists`, `is_file`, `is_dir`, `listdir`, `scandir`, `read_bytes` or `note`, which record
the path with its stat while a recording is on (the CLI's run replay, engine.replay).
"""

from __future__ import annotations

import os
from stat import S_ISDIR, S_ISREG

# Modified less than this before a run started: a later edit within the same tick of a
# coarse file-system clock could keep size and mtime (git's "racily clean" entries).
RACY_WINDOW_NS = 2_000_000_000

_SYSTEM = ("/proc", "/sys")
_ROOTS: set[str] = set()


def allow(*roots: os.PathLike | str) -> None:
    """Add folders (or a file's folder) under which symlink targets may lie."""
    for root in roots:
        path = os.path.abspath(root)
        if not os.path.isdir(path):
            path = os.path.dirname(path)
        _ROOTS.add(os.path.realpath(path))


def _inside(real: str) -> bool:
    roots = _ROOTS | {os.path.realpath(os.getcwd())}
    return any(real == r or real.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def _system(real: str) -> bool:
    return any(real == s or real.startswith(s + "/") for s in _SYSTEM)


def refusal(path: os.PathLike | str) -> str | None:
    """Why `path` must not be read, or None when it may be."""
    absolute = os.path.abspath(path)
    real = os.path.realpath(absolute)
    if _system(real):
        probe(path)
        return "a system file (/proc, /sys); not read"
    if real != absolute and not _inside(real):
        probe(path)
        return "a symlink to a file outside the project; not read"
    try:
        st = os.stat(real)
    except OSError as exc:
        note(path, None)
        return f"cannot read file: {exc.strerror or exc}"
    note(path, st)
    if not S_ISREG(st.st_mode):
        return "not a regular file; not read"
    return None


def read_bytes(path: os.PathLike | str) -> bytes:
    """`path.read_bytes()`, or OSError when `refusal` says the file must not be read."""
    why = refusal(path)
    if why is not None:
        raise PermissionError(why)
    with open(path, "rb") as fh:
        return fh.read()


def read_text(path: os.PathLike | str, encoding: str = "utf-8", errors: str = "strict") -> str:
    return read_bytes(path).decode(encoding, errors)


# --- the record of what a run read -----------------------------------------------------
# path (as the caller named it) -> stat key, or None for a path that did not exist; None
# when no recording is on (the editor, the flake8 plugin, a run with --no-cache).
_READS: dict[str, tuple | None] | None = None
_SPOILED: list[str] = []
_SECRETS: set[str] = set()  # credentials the run saw: a store holding one is not written


def stat_key(st: os.stat_result) -> tuple:
    """What must be unchanged for a path to count as unchanged."""
    return (st.st_mode, st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def start_recording() -> None:
    global _READS
    _READS = {}
    _SPOILED.clear()
    _SECRETS.clear()


def stop_recording() -> tuple[dict[str, tuple | None], str | None]:
    """What the run read since start_recording, and why it cannot be replayed (or None)."""
    global _READS
    reads, _READS = _READS or {}, None
    why = _SPOILED[0] if _SPOILED else None
    _SPOILED.clear()
    return reads, why


def keep_out(secrets) -> None:
    """Credentials the run found (engine.cache.secret_pieces): what it stores must not hold them."""
    if _READS is not None:
        _SECRETS.update(secrets)


def secrets_seen() -> frozenset[str]:
    return frozenset(_SECRETS)


def recording() -> bool:
    return _READS is not None


def spoil(why: str) -> None:
    """The run depended on something no stat can vouch for (a time budget ran out)."""
    if _READS is not None:
        _SPOILED.append(why)


def merge(reads: dict | None, why: str | None = None) -> None:
    """Fold in what a worker process recorded."""
    if why:
        spoil(why)
    for path, key in (reads or {}).items():
        _note_key(path, key)


def note(path: os.PathLike | str, st: os.stat_result | None) -> None:
    """Record that the run depended on `path`, whose stat the caller took (None: absent)."""
    if _READS is not None:
        _note_key(os.fspath(path), None if st is None else stat_key(st))


def _note_key(path: str, key: tuple | None) -> None:
    old = _READS.get(path, False)  # type: ignore[union-attr]
    if old is False:
        _READS[path] = key  # type: ignore[index]
    elif old != key:
        spoil(f"{path} changed during the run")


def stat(path: os.PathLike | str) -> os.stat_result:
    """`os.stat(path)`, recorded."""
    try:
        st = os.stat(path)
    except OSError:
        note(path, None)
        raise
    note(path, st)
    return st


def probe(path: os.PathLike | str) -> os.stat_result | None:
    """The stat of `path`, or None when it does not exist (or cannot be stat'ed); recorded."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        note(path, None)
        return None
    note(path, st)
    return st


def exists(path: os.PathLike | str) -> bool:
    return probe(path) is not None


def is_file(path: os.PathLike | str) -> bool:
    st = probe(path)
    return st is not None and S_ISREG(st.st_mode)


def is_dir(path: os.PathLike | str) -> bool:
    st = probe(path)
    return st is not None and S_ISDIR(st.st_mode)


def listdir(path: os.PathLike | str) -> list[str]:
    """`os.listdir(path)`: the folder's stat is recorded first (a new entry changes it)."""
    probe(path)
    return os.listdir(path)


def scandir(path: os.PathLike | str):
    """`os.scandir(path)`, the folder's stat recorded first."""
    probe(path)
    return os.scandir(path)


def note_tree(folder: os.PathLike | str) -> None:
    """Record every folder below `folder` (a recursive glob lists them all)."""
    if _READS is None:
        return
    for current, dirs, _files in os.walk(folder):
        probe(current)
