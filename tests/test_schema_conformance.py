"""Conformance: poolcheck's schema grammar against Prisma's own parser.

@prisma/prisma-schema-wasm (the parser Prisma's CLI runs, pinned to Prisma 6.19.0's
engines in tests/conformance/node, installed by `make test`) runs its `get_config` over
every schema fixture, read as the CLI reads it (UTF-8, a byte-order mark kept):
poolcheck must accept and reject the same files and extract the same datasource values.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.oracles import needs_node, run_node
from poolcheck.frontends.prisma_schema import parse

HERE = Path(__file__).parent
FIXTURES = sorted((HERE / "fixtures" / "schema").glob("*.prisma"))
# Prisma 7's parser (pinned in tests/conformance/node as prisma-schema-wasm-7) on schemas
# of projects on Prisma 7, which poolcheck parses with prisma_major=7.
FIXTURES_7 = sorted((HERE / "fixtures" / "schema" / "v7").glob("*.prisma"))
pytestmark = needs_node


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")  # a BOM stays, as the Prisma CLI reads it


@pytest.fixture(scope="module")
def prisma_results() -> dict:
    return {Path(k).name: v for k, v in run_node("get_config.js", *map(str, FIXTURES)).items()}


def _setting(ds, role):
    u = ds.url(role)
    if u is None:
        return None
    return {"fromEnvVar": u.env_var, "value": u.literal}


def test_there_are_fixtures_of_both_kinds():
    names = [p.name for p in FIXTURES]
    assert sum(n.startswith("ok_") for n in names) >= 15
    assert sum(n.startswith("bad_") for n in names) >= 15


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_accepts_and_rejects_like_prisma(path, prisma_results):
    theirs = prisma_results[path.name]
    model = parse(_read(path))
    ours_ok = model.ok
    assert ours_ok == (not theirs["errors"]), (
        f"Prisma: {theirs['errors']}; poolcheck: {[p.message for p in model.problems + model.config_errors]}")
    # The fixture's name records the expected verdict, so a Prisma upgrade that changes it shows up.
    assert ours_ok == path.name.startswith("ok_")


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_extracts_the_same_datasource(path, prisma_results):
    theirs = prisma_results[path.name]
    model = parse(_read(path))
    if model.config_errors or not theirs["datasources"]:
        return  # Prisma returns no datasource when the configuration is invalid
    # get_config does not report shadowDatabaseUrl; compare what it does report.
    ours = [{"provider": ds.provider, "url": _setting(ds, "url"), "directUrl": _setting(ds, "directUrl")}
            for ds in model.datasources]
    assert ours == [{k: d[k] for k in ("provider", "url", "directUrl")} for d in theirs["datasources"]]


@pytest.fixture(scope="module")
def prisma7_results() -> dict:
    results = run_node("get_config.js", *map(str, FIXTURES_7), env={"POOLCHECK_WASM": "prisma-schema-wasm-7"})
    return {Path(k).name: v for k, v in results.items()}


@pytest.mark.parametrize("path", FIXTURES_7, ids=lambda p: p.name)
def test_prisma_7_accepts_and_rejects_like_prisma_7(path, prisma7_results):
    theirs = prisma7_results[path.name]
    model = parse(_read(path), prisma_major=7)
    assert model.ok == (not theirs["errors"]), (
        f"Prisma 7: {theirs['errors']}; poolcheck: {[p.message for p in model.problems + model.config_errors]}")
    assert model.ok == path.name.startswith("ok_")
    if model.ok:
        assert [ds.provider for ds in model.datasources] == [d["provider"] for d in theirs["datasources"]]
    else:  # the one error: a URL in the schema, which Prisma 7 refuses and poolcheck reports (PC900)
        assert any("no longer supported in schema files" in p.message for p in model.problems)
