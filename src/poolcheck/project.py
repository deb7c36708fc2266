"""The project context that project rules see.

One context per run for now: every file's facts, the settings, and the root the paths
were given from. Project discovery (one context per project root in a monorepo, the
Prisma version, frameworks, deployment targets, datasource URLs) grows here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, TypeVar

from .config import Settings
from .facts import FileFacts

F = TypeVar("F")


@dataclass
class ProjectContext:
    root: Path
    settings: Settings
    files: list[FileFacts] = field(default_factory=list)

    def facts_of(self, kind: type[F]) -> Iterator[tuple[FileFacts, F]]:
        for file in self.files:
            for fact in file.of(kind):
                yield file, fact

    def files_of(self, language: str) -> Iterator[FileFacts]:
        return (f for f in self.files if f.language == language)
