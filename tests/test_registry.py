"""The catalogue is collected from the rule modules, and the registry refuses modules that
disagree with each other: one rule per module, named for it, in its family's package,
taking the context of its scope."""

from __future__ import annotations

import types

import pytest

from poolcheck.core.diagnostics import Severity
from poolcheck.rules import BY_CODE, SPECS, load
from poolcheck.rules.context import FileRuleContext, ProjectRuleContext
from poolcheck.rules.registry import RegistryError, check_tables, collect, module_name_for, rule_modules
from poolcheck.rules.spec import RuleSpec, rule

FILE_SPEC = RuleSpec("PC199", "made-up-rule", Severity.WARNING, True, "file", "A summary", "A fix")


def _module(name: str, spec: RuleSpec | None, *checks, produced_by: str | None = None) -> types.ModuleType:
    module = types.ModuleType(name)
    if spec is not None:
        module.SPEC = spec
    for check in checks:
        check.__module__ = name
        setattr(module, check.__name__, check)
    if produced_by:
        module.PRODUCED_BY = produced_by
    return module


def _file_check(spec=FILE_SPEC):
    @rule(spec)
    def check(ctx: FileRuleContext):
        yield from ()
    return check


PKG = "poolcheck.rules.pc1_lifecycle"
GOOD = f"{PKG}.pc199_made_up_rule"


def test_every_rule_lives_in_a_module_named_for_it_in_its_family_package():
    modules = rule_modules()
    assert [m.SPEC.code for m in modules] == [s.code for s in SPECS]  # a sorted walk
    for module in modules:
        family, name = module.__name__.split(".")[-2:]
        assert name == module_name_for(module.SPEC)
        assert family.startswith(f"pc{module.SPEC.code[2]}_")
    implemented = load()
    assert {c: r.check.__module__ for c, r in implemented.items()} == \
        {m.SPEC.code: m.__name__ for m in modules if m.SPEC.code in implemented}


def test_a_good_module_is_collected_with_its_check():
    check = _file_check()
    specs, checks, elsewhere = collect([_module(GOOD, FILE_SPEC, check)])
    assert specs == (FILE_SPEC,) and checks["PC199"].check is check and elsewhere == frozenset()


def test_a_spec_without_a_check_is_produced_elsewhere_or_planned():
    specs, checks, elsewhere = collect([_module(GOOD, FILE_SPEC, produced_by="the engine")])
    assert specs == (FILE_SPEC,) and checks == {} and elsewhere == {"PC199"}
    specs, checks, elsewhere = collect([_module(GOOD, FILE_SPEC)])
    assert specs == (FILE_SPEC,) and checks == {} and elsewhere == frozenset()  # planned


@pytest.mark.parametrize("modules,message", [
    (lambda: [_module(GOOD, None)], "has no SPEC"),
    (lambda: [_module(f"{PKG}.pc199_other_name", FILE_SPEC, _file_check())], "must live in pc199_made_up_rule.py"),
    (lambda: [_module("poolcheck.rules.pc2_transactions.pc199_made_up_rule", FILE_SPEC, _file_check())],
     "belongs in a pc1_ package"),
    (lambda: [_module(GOOD, FILE_SPEC, _file_check()),
              _module("poolcheck.rules.pc1_other.pc199_made_up_rule", FILE_SPEC, _file_check())],
     "declared twice"),
    (lambda: [_module(GOOD, FILE_SPEC, _file_check(), _second_check())], "one rule per module"),
    (lambda: [_module(GOOD, FILE_SPEC, _file_check(BY_CODE["PC101"]))], "registered for PC101"),
    (lambda: [_module(GOOD, FILE_SPEC, _project_check(FILE_SPEC))], "must take a FileRuleContext, not ProjectRuleContext"),
    (lambda: [_module(GOOD, FILE_SPEC, _unannotated_check(FILE_SPEC))], "not an unannotated context"),
], ids=["no-spec", "module-name", "family", "duplicate", "two-checks", "other-spec", "scope", "unannotated"])
def test_the_registry_refuses_modules_that_disagree(modules, message):
    with pytest.raises(RegistryError, match=message):
        collect(modules())


def _second_check():
    @rule(FILE_SPEC)
    def another(ctx: FileRuleContext):
        yield from ()
    return another


def _project_check(spec):
    @rule(spec)
    def check(ctx: ProjectRuleContext):
        yield from ()
    return check


def _unannotated_check(spec):
    @rule(spec)
    def check(ctx):
        yield from ()
    return check


def test_the_tables_name_only_declared_codes():
    check_tables(BY_CODE)
    with pytest.raises(RegistryError, match="PC101"):
        check_tables({c: s for c, s in BY_CODE.items() if c != "PC101"})
