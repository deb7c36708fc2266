"""The progress line a long run shows on a terminal's stderr while files are parsed."""

from __future__ import annotations

import os
import sys


class Progress:
    """`poolcheck: 1,234/20,000 files` on stderr, rewritten in place, for runs that take
    longer than POOLCHECK_PROGRESS_AFTER seconds (default 1) on a terminal; erased at the end."""

    def __init__(self, stream):
        import time

        self.stream, self.clock = stream, time.monotonic
        self.start = self.clock()
        self.after = float(os.environ.get("POOLCHECK_PROGRESS_AFTER", "1") or 1)
        self.last = 0.0
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if now - self.start < self.after or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        self.stream.write(f"\rpoolcheck: {done:,}/{total:,} files")
        self.stream.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def progress_for(quiet: bool, stream=None) -> Progress | None:
    """A progress line on `stream` (default: stderr) for a run on a terminal; None when
    quiet or it is not a terminal."""
    stream = stream or sys.stderr
    try:
        if quiet or not stream.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    return Progress(stream)
