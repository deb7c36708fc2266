"""Writing a private file atomically: the caches' one way to write (the per-file result
cache, the link cache, the run replay store, the grammar tables)."""

from __future__ import annotations

import os
import tempfile


def replace_with(path: os.PathLike | str, payload: bytes, prefix: str) -> None:
    """Write `payload` to `path` through a temporary file in the same folder (created
    0600 by mkstemp), renamed over `path` only once it is whole: a reader never sees half
    a file. Raises OSError; the temporary file never outlives a failure."""
    fd, tmp = tempfile.mkstemp(prefix=prefix, dir=os.path.dirname(os.fspath(path)) or ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
