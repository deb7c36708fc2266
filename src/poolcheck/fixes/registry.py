"""Fix builders by rule code, and attaching their fixes to a run's findings.

A builder is `build(diagnostic, ctx) -> Fix | None`: it reads the finding, the file's
text and what a real parser says about it (the facts the front-end gives for the text,
a tree-sitter tree, a LibCST module) and returns exact edits, or None when it cannot be
sure of them. Builders never raise into a run: one that does is logged and gives no fix.

    @fix_builder("PC305", "safe")
    def rename_parameter(d: Diagnostic, ctx: FixContext) -> Fix | None: ...

The declared applicability is what the rule's page says ("### Automatic fix" under "Use
instead", checked by tests/test_fixes_docs.py); a builder returning another is a bug
and its fix is dropped.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable

from ..core.diagnostics import Diagnostic
from ..core.edits import Fix
from .text import FileText

log = logging.getLogger("poolcheck.fixes")

BUILDER_MODULES = ("urls", "typescript", "shared_client", "python")
Builder = Callable[[Diagnostic, "FixContext"], "Fix | None"]
_BUILDERS: dict[str, list[Builder]] = {}
_SAFETY: dict[str, set[str]] = {}
_loaded = False


def fix_builder(code: str, applicability: str):
    def decorate(fn: Builder) -> Builder:
        fn.applicability = applicability  # type: ignore[attr-defined]
        _BUILDERS.setdefault(code, []).append(fn)
        _SAFETY.setdefault(code, set()).add(applicability)
        return fn
    return decorate


def safety() -> dict[str, frozenset[str]]:
    """Per fixable code, the applicabilities its fixes declare ("safe", "unsafe")."""
    builders()
    return {code: frozenset(kinds) for code, kinds in _SAFETY.items()}


def builders() -> dict[str, list[Builder]]:
    global _loaded
    if not _loaded:
        for name in BUILDER_MODULES:
            try:
                importlib.import_module(f"{__package__}.{name}")
            except Exception:  # a broken builder module costs its fixes, never the run
                log.exception("poolcheck: cannot load the fix builders of %s", name)
        _loaded = True
    return _BUILDERS


def fixable_codes() -> frozenset[str]:
    return frozenset(builders())


@dataclass
class FixContext:
    """One file as its fix builders see it; the parses are made once, on first use."""

    path: Path                  # as the finding names it
    kind: str                   # discovery kind: "typescript", "python", "prisma", "dotenv", ...
    file: FileText
    settings: object = None
    _memo: dict = field(default_factory=dict, repr=False)

    @property
    def text(self) -> str:
        return self.file.text

    @property
    def newline(self) -> str:
        return self.file.newline

    def facts(self):
        """The front-end's facts for this text (the same reader the rules ran on)."""
        if "facts" not in self._memo:
            from .. import frontends
            from ..core.sources import Source, UnreadableSource

            try:
                source = Source.from_bytes(self.path, self.kind, self.file.text.encode("utf-8"))
                self._memo["facts"] = frontends.analyse(source, self.settings)
            except (UnreadableSource, RecursionError):
                self._memo["facts"] = None
        return self._memo["facts"]

    def memo(self, key: str, make: Callable[[], object]):
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]


def build_fix(d: Diagnostic, ctx: FixContext) -> Fix | None:
    for build in builders().get(d.code, ()):
        try:
            fix = build(d, ctx)
        except Exception:  # a builder bug costs the fix, never the run
            log.exception("poolcheck: the %s fix builder failed on %s", d.code, d.path)
            continue
        if fix is not None and fix.applicability.value != getattr(build, "applicability", None):
            log.error("poolcheck: the %s fix builder returned an undeclared %s fix", d.code,
                      fix.applicability.value)
            continue
        if fix is not None and fix.edits and not _shows_credential(fix, ctx):
            return fix
    return None


def _shows_credential(fix: Fix, ctx: FixContext) -> bool:
    """An edit that would write a password or token (into the file, and into the JSON,
    SARIF and diff output): such a fix is never offered. Builders write only parameter
    names, flags and code of their own; this is the belt to that rule: no edit may hold
    text `redact_text` masks, nor any credential of the file's URLs (`secrets_of`)."""
    from ..urlmodel import redact_text

    if any(redact_text(e.content) != e.content for e in fix.edits):
        return True
    secrets = ctx.memo("secrets", lambda: secrets_of(ctx.facts()))
    return any(secret in e.content for e in fix.edits for secret in secrets)


def secrets_of(facts) -> frozenset[str]:
    """The passwords and secret parameter values (`password=`, `api_key=`, tokens) of every
    URL and appended query the front-end found in the file, raw and decoded."""
    from ..facts import UrlConcatenation, UrlLiteral, UrlQueryInCode
    from ..urlmodel import is_secret_key, parse_url

    if facts is None:
        return frozenset()
    out: set[str] = set()
    for f in facts.facts:
        if isinstance(f, UrlLiteral):
            text = f.value
        elif isinstance(f, UrlConcatenation):
            text = "postgresql://h/db?" + f.appended.lstrip("?&")
        elif isinstance(f, UrlQueryInCode):
            text = "postgresql://h/db" + f.query
        else:
            continue
        url = parse_url(text)
        for value in (url.password, url.password_value,
                      *(p.value for p in url.params if is_secret_key(p.key))):
            if value and len(value) >= 3:
                out.add(value)
    return frozenset(out)


def attach(diagnostics: Iterable[Diagnostic], context_for: Callable[[Path], "FixContext | None"]
           ) -> list[Diagnostic]:
    """`diagnostics` with `autofix` set where a builder has one; `context_for(path)` gives
    the file's FixContext (None: the file cannot be fixed, e.g. not UTF-8)."""
    codes = fixable_codes()
    contexts: dict[Path, FixContext | None] = {}
    out = []
    for d in diagnostics:
        if d.code in codes and d.autofix is None:
            if d.path not in contexts:
                contexts[d.path] = context_for(d.path)
            ctx = contexts[d.path]
            fix = build_fix(d, ctx) if ctx is not None else None
            if fix is not None:
                d = replace(d, autofix=fix)
        out.append(d)
    return out


def context_from_disk(path: Path, kind: str, settings=None, cwd: Path | None = None) -> FixContext | None:
    full = path if path.is_absolute() or cwd is None else cwd / path
    try:
        data = full.read_bytes()
        ft = FileText.decode(data)
    except (OSError, UnicodeDecodeError):
        return None
    if b"\x00" in data[:8192]:
        return None
    return FixContext(path, kind, ft, settings)
