"""What the CLI shows on a terminal beyond findings: whether to colour, and the progress
line of long runs."""

from __future__ import annotations

import os
import sys


def use_color(args, out) -> bool:
    """Colour only on a terminal, and not with --no-color or NO_COLOR (https://no-color.org)."""
    if args.no_color or os.environ.get("NO_COLOR") or args.output_file is not None:
        return False
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


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


def progress(args):
    try:
        if args.quiet or not sys.stderr.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    return Progress(sys.stderr)
