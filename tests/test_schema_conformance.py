"""Conformance: poolcheck's schema grammar against Prisma's own parser.

The test setup installs @prisma/prisma-schema-wasm (the parser Prisma's CLI runs, pinned
to Prisma 6.19.0's engines) from the npm registry with the machine's Node.js into a cache
folder (tests/.cache, never committed) and runs its `get_config` over every schema fixture:
poolcheck must accept and reject the same files and extract the same datasource values.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from poolcheck.frontends.prisma_schema import parse

HERE = Path(__file__).parent
FIXTURES = sorted((HERE / "fixtures" / "schema").glob("*.prisma"))
WASM_VERSION = "6.19.0-26.2ba551f319ab1df4bc874a89965d8b3641056773"
CACHE = Path(os.environ.get("POOLCHECK_TEST_NODE_CACHE", HERE / ".cache" / "prisma-schema-wasm" / WASM_VERSION))

NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js is not installed: cannot run Prisma's own parser")


@pytest.fixture(scope="module")
def prisma_results() -> dict:
    modules = CACHE / "node_modules"
    if not (modules / "@prisma" / "prisma-schema-wasm" / "package.json").is_file():
        npm = shutil.which("npm")
        assert npm, "Node.js is installed but npm is not; cannot fetch @prisma/prisma-schema-wasm"
        CACHE.mkdir(parents=True, exist_ok=True)
        (CACHE / "package.json").write_text('{"private": true}\n')
        done = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--no-save", "--prefix", str(CACHE),
             f"@prisma/prisma-schema-wasm@{WASM_VERSION}"],
            capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"npm install failed:\n{done.stderr[-2000:]}"
    done = subprocess.run([NODE, str(HERE / "conformance" / "get_config.js"), str(modules),
                           *map(str, FIXTURES)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


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
    model = parse(path.read_bytes().decode("utf-8").lstrip("\ufeff"))
    ours_ok = model.ok
    assert ours_ok == (not theirs["errors"]), (
        f"Prisma: {theirs['errors']}; poolcheck: {[p.message for p in model.problems + model.config_errors]}")
    # The fixture's name records the expected verdict, so a Prisma upgrade that changes it shows up.
    assert ours_ok == path.name.startswith("ok_")


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_extracts_the_same_datasource(path, prisma_results):
    theirs = prisma_results[path.name]
    model = parse(path.read_bytes().decode("utf-8").lstrip("\ufeff"))
    if model.config_errors or not theirs["datasources"]:
        return  # Prisma returns no datasource when the configuration is invalid
    # get_config does not report shadowDatabaseUrl; compare what it does report.
    ours = [{"provider": ds.provider, "url": _setting(ds, "url"), "directUrl": _setting(ds, "directUrl")}
            for ds in model.datasources]
    assert ours == [{k: d[k] for k in ("provider", "url", "directUrl")} for d in theirs["datasources"]]
