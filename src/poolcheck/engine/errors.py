"""Internal errors: a bug in poolcheck (a rule or front-end that raised on some input) is
recorded, reported with exit 2, and the other rules and files still run."""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class InternalError:
    """A bug in poolcheck: a rule or front-end raised on some input."""

    path: Path | None
    where: str          # rule code or "front-end"
    error: str

    def describe(self) -> str:
        place = f" on {self.path}" if self.path else ""
        return (f"internal error in {self.where}{place}: {self.error} "
                f"(please report this at the poolcheck issue tracker with the file that triggers it)")


def describe_error(exc: BaseException) -> str:
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" ({Path(frame.filename).name}:{frame.lineno})" if frame else ""
    return f"{type(exc).__name__}: {exc}{where}"
