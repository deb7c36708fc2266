"""`constructions.stored_in_cache` answers False from the bytes when the name a client is
bound to occurs only once in its function (the walk over every node of the function can
then find no `<shared>.set(k, name)` nor `<shared>[k] = name`). The byte test must never
change a verdict: every question the analyser asks, over every TS/JS file of the test
cases and over look-alikes written here, gets the walk's own answer, and the facts and
symbols are those of the walk alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from poolcheck.core.sources import Source
from poolcheck.facts import ClientConstruction
from poolcheck.frontends.typescript import analyser, constructions

CASES = Path(__file__).parent / "cases"
SUFFIXES = {".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".tsx": "tsx",
            ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript", ".jsx": "tsx"}

LOOK_ALIKES = {
    # stored: the name is read again by the cache
    "map_set.ts": """import { PrismaClient } from '@prisma/client';
const clients = new Map<string, PrismaClient>();
export function clientFor(tenant: string) {
  const c = new PrismaClient({ datasourceUrl: tenant });
  clients.set(tenant, c);
  return c;
}
""",
    "subscript.ts": """import { PrismaClient } from '@prisma/client';
const cache: Record<string, PrismaClient> = {};
export function clientFor(tenant: string) {
  let client;
  client = new PrismaClient();
  cache[tenant] = client;
  return client;
}
""",
    "global_member.js": """const { PrismaClient } = require('@prisma/client');
function make() {
  const db = new PrismaClient();
  globalThis.db = db;
  return db;
}
module.exports = { make };
""",
    "twice.ts": """import { PrismaClient } from '@prisma/client';
const pool = new Map();
export function register(tenant: string) {
  const tenantClient = new PrismaClient();
  pool.set(tenant, tenantClient);
}
""",
    # not stored: the name occurs once, or only in a look-alike
    "once.ts": """import { PrismaClient } from '@prisma/client';
const clients = new Map();
export function clientFor(tenant: string) {
  const c = new PrismaClient();
  clients.set(tenant, other);
  return new PrismaClient();
}
""",
    "comment_only.ts": """import { PrismaClient } from '@prisma/client';
const clients = new Map();
export function clientFor(tenant: string) {
  const prismaClient = new PrismaClient(); // prismaClient goes nowhere
  clients.set(tenant, 'prismaClient');
  return 1;
}
""",
    "local_map.ts": """import { PrismaClient } from '@prisma/client';
export function clientFor(tenant: string) {
  const local = new Map();
  const c = new PrismaClient();
  local.set(tenant, c);
  return c;
}
""",
    "non_ascii.ts": """import { PrismaClient } from '@prisma/client';
const caché = new Map();
export function clientFor(tenant: string) {
  const clïent = new PrismaClient();
  caché.set(tenant, clïent);
  return clïent;
}
""",
}


def _sources(tmp_path):
    for path in sorted(CASES.rglob("*")):
        kind = SUFFIXES.get(path.suffix)
        if kind is not None and path.is_file():
            yield path, kind, path.read_bytes()
    for name, text in LOOK_ALIKES.items():
        yield tmp_path / name, SUFFIXES[Path(name).suffix], text.encode()


def _walk_only(tf, node, top):
    """stored_in_cache without its byte test: the walk decides every question."""
    parent = top.parent
    name = None
    if parent is not None and parent.type == "variable_declarator":
        name = parent.child_by_field_name("name")
    elif parent is not None and parent.type == "assignment_expression":
        name = constructions.strip(parent.child_by_field_name("left"))
    if name is None or name.type != "identifier":
        return False
    fn = constructions.enclosing_function(node)
    return fn is not None and constructions._stores_name(tf, fn, tf.text(name))


def _facts(path, kind, data):
    facts = analyser.analyse(Source.from_bytes(path, kind, data), None, symbols=True)
    return repr(facts.facts), repr(facts.symbols)


def test_the_byte_test_never_changes_a_verdict(tmp_path, monkeypatch):
    real = constructions.stored_in_cache
    asked = []

    def both(tf, node, top):
        verdict = real(tf, node, top)
        asked.append((verdict, _walk_only(tf, node, top)))
        return verdict

    monkeypatch.setattr(constructions, "stored_in_cache", both)
    files = list(_sources(tmp_path))
    for path, kind, data in files:
        _facts(path, kind, data)
    assert len(files) > 100
    assert asked and all(verdict == walked for verdict, walked in asked)
    # the look-alikes ask both ways: some verdicts are True, and the byte test settles some
    assert any(walked for _, walked in asked) and any(not walked for _, walked in asked)


@pytest.mark.parametrize("name, stored", [
    ("map_set.ts", True), ("subscript.ts", True), ("twice.ts", True), ("global_member.js", True),
    ("once.ts", False), ("comment_only.ts", False), ("local_map.ts", False), ("non_ascii.ts", True),
])
def test_a_client_kept_in_a_shared_cache_is_memoised(tmp_path, name, stored):
    path = tmp_path / name
    facts = analyser.analyse(Source.from_bytes(path, SUFFIXES[path.suffix], LOOK_ALIKES[name].encode()),
                             None, symbols=True)
    built = [c for c in facts.of(ClientConstruction) if c.scope.kind.name == "FUNCTION"]
    assert built, facts.facts
    assert any(c.memoised for c in built) is stored


def test_facts_and_symbols_are_the_walks(tmp_path, monkeypatch):
    files = [f for f in _sources(tmp_path) if b"PrismaClient" in f[2] or b"Pool" in f[2]]
    with_test = [_facts(*f) for f in files]
    monkeypatch.setattr(constructions, "stored_in_cache", _walk_only)
    assert [_facts(*f) for f in files] == with_test
