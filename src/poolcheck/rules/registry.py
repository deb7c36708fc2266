"""The rule registry: the catalogue, collected from the rule modules.

Every rule lives in one module named after it, in the package of its family
(`pc1_lifecycle/pc101_client_per_request.py`), with its `SPEC = RuleSpec(...)` beside its
check (`@rule(SPEC)`). The registry imports them by a sorted walk of the `pc*_` packages
(as ruff's codes.rs or ESLint's `meta`) and checks that they agree: one spec per code,
the module named for its code and name, the family package for its code, at most one
check per module, taking the context of the spec's scope. A module with a spec and no
check is produced elsewhere (`PRODUCED_BY`, PC900-PC902: the engine and the config
loader) or planned: listed and documented, not selectable.

What the rules share about each other stays here, in one table each: where each rule
looks (`SKIPPED_ROLES`) and which finding another one supersedes (`SUPERSEDES`).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass, replace
from types import ModuleType
from typing import Callable, Iterable

from ..core.diagnostics import Diagnostic
from ..core.resources import rule_doc_path
from .context import CONTEXT_OF_SCOPE
from .spec import RULE_ATTRIBUTE, RuleSpec

# Where each rule looks. Tests, fixtures and test harnesses never ship: their clients, URLs,
# pools and compose files are for the test run (fake credentials, deliberate malformed
# URLs, one-off pools). Scripts and seeds run once and exit: a client per run, its
# disconnect and a default-sized pool are right there, but their URLs and credentials
# are real ones. Transaction rules (PC2xx) and PC900 look everywhere: a transaction bug
# breaks a test too, and a file that does not parse is worth knowing wherever it is.
_TEST = frozenset({"test"})
_TEST_SCRIPT = frozenset({"test", "script"})
SKIPPED_ROLES: dict[str, frozenset[str]] = {
    "PC101": _TEST_SCRIPT, "PC102": _TEST_SCRIPT, "PC103": _TEST_SCRIPT, "PC104": _TEST_SCRIPT,
    "PC105": _TEST_SCRIPT, "PC106": _TEST, "PC107": _TEST_SCRIPT, "PC108": _TEST_SCRIPT,
    "PC301": _TEST, "PC302": _TEST, "PC303": _TEST_SCRIPT, "PC304": _TEST, "PC305": _TEST,
    "PC306": _TEST, "PC307": _TEST, "PC308": _TEST, "PC309": _TEST, "PC310": _TEST_SCRIPT,
    "PC311": _TEST, "PC312": _TEST, "PC401": _TEST, "PC402": _TEST, "PC403": _TEST,
}


# One root cause, one finding (architecture.md "Where a finding sits"): when both codes of
# a pair report the same span, the first survives and the second is dropped. Fixing the
# survivor fixes the other: importing the shared client (PC103) ends the reload leak
# (PC102); sizing the serverless pool (PC303) sizes the adapter pool (PC310), and a Worker's
# module-scope pool (PC107) moves into the handler, where its size is moot (PC310); moving the
# URL to the environment (PC307) is where its ignored pool parameters (PC309) go too.
# `merge`: the survivor's message gets the dropped one's appended; otherwise the surviving
# rule says it itself (PC103 mentions the reload leak, PC303 the missing timeout).
@dataclass(frozen=True)
class Supersedes:
    survivor: str
    dropped: str
    merge: bool = False


SUPERSEDES: tuple[Supersedes, ...] = (
    Supersedes("PC103", "PC102"),
    Supersedes("PC303", "PC310"),
    Supersedes("PC107", "PC310"),
    Supersedes("PC307", "PC309", merge=True),
)


@dataclass(frozen=True)
class Rule:
    spec: RuleSpec
    check: Callable[..., Iterable[Diagnostic]]

    @property
    def code(self) -> str:
        return self.spec.code


class RegistryError(ValueError):
    """The rule modules disagree with each other or with the registry's tables."""


FAMILY_PACKAGE = re.compile(r"pc(\d)_[a-z]+")
RULE_MODULE = re.compile(r"pc(\d{3})_[a-z0-9_]+")


def rule_modules() -> list[ModuleType]:
    """Every rule module, by a sorted walk of the `pc*_` family packages. Any other module
    in a family package is an error: a rule that is never collected is a rule lost."""
    package = importlib.import_module(__package__)
    families = sorted(m.name for m in pkgutil.iter_modules(package.__path__)
                      if m.ispkg and FAMILY_PACKAGE.fullmatch(m.name))
    modules = []
    for family in families:
        pkg = importlib.import_module(f"{__package__}.{family}")
        for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
            if info.ispkg or not RULE_MODULE.fullmatch(info.name):
                raise RegistryError(f"{pkg.__name__}.{info.name} is not a rule module (pcNNN_name); "
                                    f"shared code goes in rules/helpers/")
            modules.append(importlib.import_module(f"{pkg.__name__}.{info.name}"))
    return modules


def module_name_for(spec: RuleSpec) -> str:
    """`pc101_client_per_request`: the module a spec lives in."""
    return f"pc{spec.code[2:].lower()}_{spec.name.replace('-', '_')}"


def _context_name(fn) -> str | None:
    """The annotation of the check's first parameter, read from its code object and
    `__annotations__` (`@rule` does not wrap): `inspect.signature` for each of 30 checks
    was 5 % of a one-file run served from the cache."""
    code = getattr(fn, "__code__", None)
    if code is None or code.co_argcount == 0:
        return None
    annotation = getattr(fn, "__annotations__", {}).get(code.co_varnames[0])
    if annotation is None:
        return None
    return annotation if isinstance(annotation, str) else getattr(annotation, "__name__", None)


def _check_of(module: ModuleType, spec: RuleSpec):
    checks = [v for v in vars(module).values()
              if getattr(v, RULE_ATTRIBUTE, None) is not None and getattr(v, "__module__", None) == module.__name__]
    if len(checks) > 1:
        raise RegistryError(f"{module.__name__} has {len(checks)} checks; one rule per module")
    if not checks:
        return None
    check = checks[0]
    if getattr(check, RULE_ATTRIBUTE) is not spec:
        raise RegistryError(f"{module.__name__}.{check.__name__} is registered for "
                            f"{getattr(check, RULE_ATTRIBUTE).code}, not its module's {spec.code}")
    wanted = CONTEXT_OF_SCOPE.get(spec.scope)
    if wanted is None:
        raise RegistryError(f"{spec.code}: unknown scope {spec.scope!r}")
    got = _context_name(check)
    if got != wanted:
        raise RegistryError(f"{spec.code} is a {spec.scope} rule: {check.__name__} must take a "
                            f"{wanted}, not {got or 'an unannotated context'}")
    return check


def collect(modules: Iterable[ModuleType]) -> tuple[tuple[RuleSpec, ...], dict[str, Rule], frozenset[str]]:
    """(every spec sorted by code, the checks by code, the codes produced elsewhere)."""
    specs: dict[str, RuleSpec] = {}
    checks: dict[str, Rule] = {}
    elsewhere: set[str] = set()
    for module in modules:
        spec = getattr(module, "SPEC", None)
        if not isinstance(spec, RuleSpec):
            raise RegistryError(f"{module.__name__} has no SPEC = RuleSpec(...)")
        parts = module.__name__.split(".")
        if parts[-1] != module_name_for(spec):
            raise RegistryError(f"{spec.code} {spec.name} must live in {module_name_for(spec)}.py, "
                                f"not {parts[-1]}.py")
        family = FAMILY_PACKAGE.fullmatch(parts[-2]) if len(parts) > 1 else None
        if family is None or family[1] != spec.code[2]:
            raise RegistryError(f"{spec.code} belongs in a pc{spec.code[2]}_ package, not {'.'.join(parts[:-1])}")
        if spec.code in specs:
            raise RegistryError(f"{spec.code} is declared twice")
        specs[spec.code] = spec
        check = _check_of(module, spec)
        if check is not None:
            checks[spec.code] = Rule(spec, check)
        elif getattr(module, "PRODUCED_BY", None):
            elsewhere.add(spec.code)
    return tuple(specs[c] for c in sorted(specs)), checks, frozenset(elsewhere)


def check_tables(by_code: dict[str, RuleSpec]) -> None:
    """SKIPPED_ROLES and SUPERSEDES name only codes the modules declare."""
    named = set(SKIPPED_ROLES) | {c for s in SUPERSEDES for c in (s.survivor, s.dropped)}
    unknown = sorted(named - set(by_code))
    if unknown:
        raise RegistryError(f"the registry's tables name codes no rule module declares: {unknown}")


SPECS, _IMPLEMENTED, _ELSEWHERE = collect(rule_modules())
BY_CODE: dict[str, RuleSpec] = {spec.code: spec for spec in SPECS}
check_tables(BY_CODE)


def load() -> dict[str, Rule]:
    """The implemented rules by code (every rule module is imported with the registry)."""
    return _IMPLEMENTED


def implemented_codes() -> set[str]:
    """Codes a user can select: the checks, and the codes the engine and the config
    loader produce themselves (PC900, PC901, PC902)."""
    return set(load()) | set(_ELSEWHERE)


def explanation(code: str) -> str:
    """The rule's long text: its documentation page."""
    try:
        return rule_doc_path(code).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        spec = BY_CODE[code]
        return f"# {spec.code} {spec.name}\n\n{spec.summary}.\n"


def applies(spec: RuleSpec, role: str | None) -> bool:
    """Whether the rule reports in a file of this role (SKIPPED_ROLES)."""
    return code_applies(spec.code, role)


def code_applies(code: str, role: str | None) -> bool:
    return role is None or role not in SKIPPED_ROLES.get(code, frozenset())


def one_finding_per_cause(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Drop a finding that another code reports on the same span for the same cause
    (SUPERSEDES); the survivor keeps or gains what the dropped one said."""
    diagnostics = list(diagnostics)
    at: dict[tuple, dict[str, int]] = {}
    for i, d in enumerate(diagnostics):
        at.setdefault((str(d.path), d.span), {}).setdefault(d.code, i)
    dropped: set[int] = set()
    for sup in SUPERSEDES:
        for codes in at.values():
            if sup.survivor in codes and sup.dropped in codes:
                keep, drop = codes[sup.survivor], codes[sup.dropped]
                dropped.add(drop)
                if sup.merge:
                    survivor = diagnostics[keep]
                    diagnostics[keep] = replace(
                        survivor, message=f"{survivor.message}; also, {diagnostics[drop].message}",
                        related=survivor.related + diagnostics[drop].related)
    return [d for i, d in enumerate(diagnostics) if i not in dropped]
