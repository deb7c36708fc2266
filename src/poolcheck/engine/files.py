"""One file: refuse, stat and read it, decode it, run its front-end and the file rules
within the per-file budget. Front-end and rule crashes become internal errors; a file
that cannot or must not be read becomes a PC900."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import frontends, suppression
from ..config import Settings
from ..core import safeio
from ..core.budget import Budget, BudgetExceeded
from ..core.diagnostics import Diagnostic, Severity, Span
from ..core.sources import Source, UnreadableSource
from ..facts import FileFacts, ParseProblem, Trait
from ..project.packages import FilePackage
from ..linker.session import scan_imports
from ..project.env import assigned_env_names
from ..rules import BY_CODE, FileRuleContext, applies, file_role, load
from .discovery import FoundFile
from .errors import InternalError, describe_error


@dataclass
class FileResult:
    found: FoundFile
    facts: FileFacts | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    suppressions: suppression.Suppressions = field(default_factory=suppression.Suppressions)
    errors: list[InternalError] = field(default_factory=list)
    # Skipped for a reason that may not hold next time (the time budget): never cached.
    transient: bool = False
    # What a worker process read for this file (core.safeio's record), for the parent's.
    reads: tuple | None = None


def _pc900(path: Path, span: Span, message: str, severity: Severity = Severity.ERROR) -> Diagnostic:
    spec = BY_CODE["PC900"]
    return Diagnostic(spec.code, spec.name, severity, message, path, span, fix=spec.fix)


def refused_result(found: FoundFile) -> FileResult | None:
    """An info-level PC900 for a file that must not be read (a symlink out of the project,
    /proc, a device: see safeio), else None. Only links and files named on the command
    line can be such files: a plain file found by the walk is never a link."""
    if not (found.link or found.explicit):
        return None
    why = safeio.refusal(found.path)
    if why is None:
        return None
    result = FileResult(found=found, facts=None)
    result.diagnostics.append(_pc900(found.path, Span(1, 1, 1, 2), why, Severity.INFO))
    return result


_CHUNK = 1 << 20
_OVERLAP = 64   # longer than any prefilter needle


def _may_matter(found: FoundFile) -> bool:
    """Whether a file over max-file-size holds a byte the prefilter lets through (read in
    chunks, never whole): one that does not is skipped silently, as the prefilter skips a
    small file (a 3 MB generated icon bundle); one that does gets the info PC900."""
    tail = b""
    try:
        with open(found.path, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                if frontends.passes_prefilter(found.kind, tail + chunk):
                    return True
                tail = chunk[-_OVERLAP:]
    except OSError:
        return True
    return False


def read_file(found: FoundFile, settings: Settings) -> tuple[FileResult, bytes | None, os.stat_result | None]:
    """Stat and read one file; a result with a PC900 when it cannot or should not be read."""
    result = FileResult(found=found, facts=None)
    path = found.path
    try:
        st = safeio.stat(path)
    except OSError as exc:
        result.diagnostics.append(_pc900(path, Span(1, 1, 1, 2), f"cannot read file: {exc.strerror or exc}"))
        return result, None, None
    max_size = settings.option("max-file-size")
    if max_size and st.st_size > max_size:
        if not _may_matter(found):
            return result, None, st   # a generated bundle naming nothing Prisma: not a finding
        result.diagnostics.append(_pc900(
            path, Span(1, 1, 1, 2),
            f"file is {st.st_size:,} bytes, over max-file-size ({max_size:,}); not analysed",
            Severity.INFO))
        return result, None, st
    try:
        data = path.read_bytes()
    except OSError as exc:
        result.diagnostics.append(_pc900(path, Span(1, 1, 1, 2), f"cannot read file: {exc.strerror or exc}"))
        return result, None, st
    return result, data, st


def analyse_source(found: FoundFile, data: bytes, settings: Settings, enabled: set[str],
                   force: bool = False) -> FileResult:
    """Decode, parse and run the file rules on one file's bytes (`force`: past the prefilter,
    with symbols: the linker's closure asks for this file)."""
    result = FileResult(found=found, facts=None)
    path = found.path
    try:
        source = Source.from_bytes(path, found.kind, data)
    except UnreadableSource as exc:
        result.diagnostics.append(_pc900(path, exc.span, str(exc)))
        return result
    result.suppressions = suppression.parse(source.text, found.kind, path)
    try:
        with Budget(settings.option("file-time-budget"), settings.option("memory-limit")) as budget:
            return _analyse_within(result, source, settings, enabled, budget, force)
    except BudgetExceeded as exc:
        skipped = FileResult(found=found, facts=None, suppressions=result.suppressions, transient=True)
        skipped.diagnostics.append(_pc900(path, Span(1, 1, 1, 2), exc.message, Severity.INFO))
        return skipped


def _analyse_within(result: FileResult, source: Source, settings: Settings, enabled: set[str],
                    budget: Budget, force: bool = False) -> FileResult:
    path = result.found.path
    try:
        facts = frontends.analyse(source, settings, force)
    except RecursionError:
        result.diagnostics.append(_pc900(path, Span(1, 1, 1, 2), "nesting too deep to analyse"))
        return result
    except Exception as exc:  # a front-end bug must not stop the run
        _reraise_budget(exc)
        result.errors.append(InternalError(path, f"the {result.found.kind} front-end", describe_error(exc)))
        return result
    budget.check()
    if facts is None:
        return result
    if facts.symbols is None and facts.import_specs is None:
        facts.import_specs, facts.import_names = scan_imports(result.found.kind, source.data)  # the link's closure
    facts.env_set = facts.env_set or assigned_env_names(result.found.kind, source.data)  # a Dockerfile's own
    result.facts = facts
    for problem in facts.of(ParseProblem):
        result.diagnostics.append(_pc900(path, source.clamp(problem.span), problem.message,
                                         Severity.INFO if problem.skipped else Severity.ERROR))
    run_file_rules(facts, settings, enabled, result.diagnostics, result.errors)
    budget.check()
    return result


def run_file_rules(facts: FileFacts, settings: Settings, enabled: set[str], diagnostics: list,
                   errors: list, only: frozenset[str] | None = None) -> None:
    """Every enabled file rule (or those of `only`) on one file's facts. None runs on a
    file whose facts are all traits (most files past the prefilter: their imports): a
    trait is a marker for project rules and the file's role (facts.Trait), and no file
    rule reports without a fact of its own kind (tests/test_file_rules_traits.py runs
    every file rule on such files to hold this)."""
    if all(type(fact) is Trait for fact in facts.facts):
        return
    role = file_role(facts)
    package = FilePackage(facts.path, settings)  # the Prisma version, read only if a rule asks
    rules = load()
    for code in _file_rule_codes(rules, frozenset(enabled), role, only):
        rule = rules[code]
        ctx = FileRuleContext(spec=rule.spec, settings=settings, facts=facts, package=package)
        try:
            diagnostics.extend(rule.check(ctx))
        except Exception as exc:
            _reraise_budget(exc)
            errors.append(InternalError(facts.path, code, describe_error(exc)))


_FILE_RULE_CODES: dict[tuple, tuple[str, ...]] = {}


def _file_rule_codes(rules: dict, enabled: frozenset[str], role: str | None,
                     only: frozenset[str] | None) -> tuple[str, ...]:
    """The codes `run_file_rules` runs for files of `role`, in code order: chosen once per
    rule table, selection and role, not sorted and filtered again for every file (the
    rules themselves are looked up per file: tests swap a code's rule in the table)."""
    key = (id(rules), tuple(rules), enabled, role, only)
    codes = _FILE_RULE_CODES.get(key)
    if codes is None:
        codes = _FILE_RULE_CODES[key] = tuple(
            code for code, rule in sorted(rules.items())
            if code in enabled and rule.spec.scope == "file" and applies(rule.spec, role)
            and (only is None or code in only))
    return codes


def _reraise_budget(exc: Exception) -> None:
    """Raise the BudgetExceeded behind `exc`, if the budget ran out inside code that wraps
    what it raises: Python 3.11 turns an exception raised in a class's `__set_name__` (a
    lazily imported parser defining its node classes when the SIGPROF tick fires) into a
    RuntimeError caused by it. That file is over its budget, not a crash."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, BudgetExceeded):
            raise cause
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
