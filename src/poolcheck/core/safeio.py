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
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

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
        return "a system file (/proc, /sys); not read"
    if real != absolute and not _inside(real):
        return "a symlink to a file outside the project; not read"
    try:
        st = os.stat(real)
    except OSError as exc:
        return f"cannot read file: {exc.strerror or exc}"
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file; not read"
    return None


def read_bytes(path: Path) -> bytes:
    """`path.read_bytes()`, or OSError when `refusal` says the file must not be read."""
    why = refusal(path)
    if why is not None:
        raise PermissionError(why)
    return Path(path).read_bytes()


def read_text(path: Path, encoding: str = "utf-8", errors: str = "strict") -> str:
    return read_bytes(path).decode(encoding, errors)
