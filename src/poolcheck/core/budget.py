"""A per-file time budget and a memory ceiling: past either, the file is skipped with a
finding and the run goes on.

Cooperative and cheap: `Budget(seconds, megabytes)` is entered around one file's analysis
(front-end and file rules). It is checked

- at checkpoints (`check()`, called between the stages of a file's analysis), and
- from a SIGPROF interval timer (every `TICK` CPU seconds, or sooner for a smaller budget)
  while the file is being analysed, when that happens on the main thread of a process
  that allows it (the CLI, pre-commit and its `--jobs` worker processes; never in an
  editor's server thread).

The budget counts this process's CPU time, not the wall clock: a machine loaded by other
work never makes a file run out of budget. When the CPU time passes the budget, or the
process's resident memory passes the
ceiling, it raises `BudgetExceeded`. That derives from BaseException, so no front-end's
`except Exception` swallows it; the engine catches it and reports an info-level PC900.
Normal runs only pay for one timer per file and a `getrusage` per check: the process's
peak resident size bounds its current one, so /proc/self/statm is read only once the
peak has passed the ceiling.
A long stretch inside C code (a parser) is interrupted when it returns to Python.
"""

from __future__ import annotations

import os
import signal
import threading
import time

TICK = 0.25
MIN_TICK = 0.05


class BudgetExceeded(BaseException):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def rss_megabytes() -> float:
    """This process's resident set size in MiB (0 when the platform cannot tell)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            pages = int(fh.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / (1024 * 1024) if os.uname().sysname == "Darwin" else peak / 1024
    except Exception:  # pragma: no cover - no resource module (Windows)
        return 0.0


def _peak_megabytes() -> float | None:
    """This process's peak resident set size in MiB (None when the platform cannot tell):
    never below the current one (Linux's getrusage counts the current size in the peak)."""
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    except Exception:  # pragma: no cover - no resource module (Windows)
        return None
    return peak / (1024 * 1024) if os.uname().sysname == "Darwin" else peak / 1024


def over_megabytes(limit: float) -> bool:
    """Whether this process's resident memory is over `limit` MiB; reads /proc only when
    the peak is (a procfs read costs 10-25x a getrusage, twice per file)."""
    peak = _peak_megabytes()
    if peak is not None and peak <= limit:
        return False
    return rss_megabytes() > limit


class Budget:
    def __init__(self, seconds: float | None, megabytes: float | None):
        self.seconds = seconds or None
        self.megabytes = megabytes or None
        self.start = 0.0
        self._armed = False
        self._previous = None

    def check(self) -> None:
        if self.seconds is not None and time.process_time() - self.start > self.seconds:
            raise BudgetExceeded(f"analysis took more than file-time-budget ({self.seconds:g} CPU seconds); "
                                 f"not analysed")
        if self.megabytes is not None and over_megabytes(self.megabytes):
            raise BudgetExceeded(f"analysis needed more memory than memory-limit "
                                 f"({self.megabytes:g} MiB); not analysed")

    def _tick(self, signum, frame) -> None:
        if self._armed:
            try:
                self.check()
            except BudgetExceeded:
                # Disarm before raising: the tick may land anywhere, even inside __exit__.
                self._disarm()
                raise

    def _disarm(self) -> None:
        self._armed = False
        signal.setitimer(signal.ITIMER_PROF, 0, 0)

    def __enter__(self) -> "Budget":
        self.start = time.process_time()
        if (self.seconds or self.megabytes) and hasattr(signal, "setitimer") \
                and threading.current_thread() is threading.main_thread():
            # Never tick faster than MIN_TICK: a tiny budget is enforced at the checkpoints.
            interval = max(MIN_TICK, min(TICK, self.seconds)) if self.seconds else TICK
            try:
                self._previous = signal.signal(signal.SIGPROF, self._tick)
                self._armed = True
                signal.setitimer(signal.ITIMER_PROF, interval, interval)
            except (ValueError, OSError):  # not allowed here: checkpoints still apply
                self._armed = False
        return self

    def __exit__(self, *exc) -> None:
        if self._armed:
            self._disarm()
            signal.signal(signal.SIGPROF, self._previous or signal.SIG_DFL)
