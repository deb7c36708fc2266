"""The contexts a check runs with: one file's facts, or the whole project's."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..core.diagnostics import Diagnostic, Related, Severity, Span
from ..facts import FileFacts, PackageView, ProjectView, SettingsView
from .spec import RuleSpec


@dataclass
class _BaseContext:
    spec: RuleSpec
    settings: SettingsView

    def option(self, key: str):
        return self.settings.option(key)

    def _diagnostic(self, path: Path, span: Span, message: str,
                    related: Iterable[Related] = (), severity: Severity | None = None) -> Diagnostic:
        return Diagnostic(
            code=self.spec.code,
            name=self.spec.name,
            severity=severity or self.spec.severity,
            message=message,
            path=path,
            span=span,
            related=tuple(related),
            fix=self.spec.fix,
        )


@dataclass
class FileRuleContext(_BaseContext):
    facts: FileFacts = field(default=None)  # type: ignore[assignment]
    # The file's package (the engine passes it); None: not known, read as Prisma <= 6.
    package: PackageView | None = None

    def report(self, span: Span, message: str, related: Iterable[Related] = (),
               severity: Severity | None = None) -> Diagnostic:
        return self._diagnostic(self.facts.path, span, message, related, severity)


@dataclass
class ProjectRuleContext(_BaseContext):
    project: ProjectView = field(default=None)  # type: ignore[assignment]

    def report(self, path: Path, span: Span, message: str, related: Iterable[Related] = (),
               severity: Severity | None = None) -> Diagnostic:
        return self._diagnostic(path, span, message, related, severity)


# The context each scope's check takes (the registry checks a check's annotation).
CONTEXT_OF_SCOPE = {"file": FileRuleContext.__name__, "project": ProjectRuleContext.__name__}
