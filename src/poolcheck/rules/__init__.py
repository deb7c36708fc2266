"""Rule registry: implementations attach to catalogue entries with `@file_rule`/`@project_rule`.

A rule is a function that reads facts and yields diagnostics through its context:

    @file_rule("PC106")
    def client_in_loop(ctx: FileRuleContext):
        for c in ctx.facts.of(ClientConstruction):
            if c.in_loop:
                yield ctx.report(c.span, "...")

Rule modules are grouped by family and imported by `load()`; a code in the catalogue
without an implementation is "planned": listed, documented, but not selectable.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from ..core.diagnostics import Diagnostic, Related, Severity, Span
from ..discovery import path_role
from ..core.resources import rule_doc_path
from .catalogue import BY_CODE, SPECS, SUPERSEDES, RuleSpec

if TYPE_CHECKING:
    from ..config import Settings
    from ..facts import FileFacts
    from ..project import ProjectContext

RULE_MODULES = ("lifecycle", "transactions", "urls", "deployment")


@dataclass(frozen=True)
class Rule:
    spec: RuleSpec
    check: Callable[..., Iterable[Diagnostic]]

    @property
    def code(self) -> str:
        return self.spec.code


_IMPLEMENTED: dict[str, Rule] = {}


def _register(code: str, scope: str):
    spec = BY_CODE[code]
    if spec.scope != scope:
        raise ValueError(f"{code} is a {spec.scope} rule in the catalogue, not {scope}")

    def decorate(fn):
        if code in _IMPLEMENTED:
            raise ValueError(f"{code} is implemented twice")
        _IMPLEMENTED[code] = Rule(spec, fn)
        return fn

    return decorate


def file_rule(code: str):
    """Register a rule that needs one file's facts (it also runs inside flake8)."""
    return _register(code, "file")


def project_rule(code: str):
    """Register a rule that needs the project context (every file, schema, env, deploy)."""
    return _register(code, "project")


def file_role(facts: "FileFacts") -> str | None:
    """"test" or "script" for a file, from its path (discovery.path_role) or, for a test
    harness anywhere (a testcontainers helper, a vitest setup), from what it imports."""
    role = path_role(facts.path)
    if role is None and "test-harness" in facts.traits():
        return "test"
    return role


def backs_prisma(facts: "FileFacts", c) -> bool:
    """Whether a construction is Prisma's: a client or an adapter, or a bare driver pool
    (`new Pool(...)`) in a file that also builds an adapter or a client to hand it to.
    A pg/Neon pool for Kysely, Drizzle or raw SQL is not Prisma's to judge."""
    from ..facts import ClientConstruction

    if c.kind != "pool":
        return True
    return any(o.kind in ("adapter", "prisma") for o in facts.of(ClientConstruction))


def applies(spec: RuleSpec, role: str | None) -> bool:
    """Whether the rule reports in a file of this role (catalogue.SKIPPED_ROLES)."""
    return role is None or role not in spec.skipped_roles


def one_finding_per_cause(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Drop a finding that another code reports on the same span for the same cause
    (catalogue.SUPERSEDES); the survivor keeps or gains what the dropped one said."""
    diagnostics = list(diagnostics)
    at: dict[tuple, dict[str, int]] = {}
    for i, d in enumerate(diagnostics):
        at.setdefault((str(d.path), d.span), {}).setdefault(d.code, i)
    dropped: set[int] = set()
    for rule in SUPERSEDES:
        for codes in at.values():
            if rule.survivor in codes and rule.dropped in codes:
                keep, drop = codes[rule.survivor], codes[rule.dropped]
                dropped.add(drop)
                if rule.merge:
                    survivor = diagnostics[keep]
                    diagnostics[keep] = replace(
                        survivor, message=f"{survivor.message}; also, {diagnostics[drop].message}",
                        related=survivor.related + diagnostics[drop].related)
    return [d for i, d in enumerate(diagnostics) if i not in dropped]


_loaded = False


def load() -> dict[str, Rule]:
    """Import every rule module once and return the implemented rules by code."""
    global _loaded
    if not _loaded:
        for name in RULE_MODULES:
            importlib.import_module(f"{__name__}.{name}")
        _loaded = True
    return _IMPLEMENTED


def implemented_codes() -> set[str]:
    # PC900, PC901 and PC902 are produced by the engine and the config loader themselves.
    return set(load()) | {"PC900", "PC901", "PC902"}


def explanation(code: str) -> str:
    """The rule's long text: its documentation page."""
    try:
        return rule_doc_path(code).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        spec = BY_CODE[code]
        return f"# {spec.code} {spec.name}\n\n{spec.summary}.\n"


@dataclass
class _BaseContext:
    spec: RuleSpec
    settings: "Settings"

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
    facts: "FileFacts" = field(default=None)  # type: ignore[assignment]

    def report(self, span: Span, message: str, related: Iterable[Related] = (),
               severity: Severity | None = None) -> Diagnostic:
        return self._diagnostic(self.facts.path, span, message, related, severity)


@dataclass
class ProjectRuleContext(_BaseContext):
    project: "ProjectContext" = field(default=None)  # type: ignore[assignment]

    def report(self, path: Path, span: Span, message: str, related: Iterable[Related] = (),
               severity: Severity | None = None) -> Diagnostic:
        return self._diagnostic(path, span, message, related, severity)


__all__ = [
    "SPECS", "BY_CODE", "RuleSpec", "Rule", "file_rule", "project_rule", "load",
    "implemented_codes", "explanation", "file_role", "applies", "one_finding_per_cause", "backs_prisma", "FileRuleContext", "ProjectRuleContext",
]
