"""The prefilter's needles and the Python gate's names come from the vocabulary, not from
lists kept in sync by hand: the snapshot below shows the derived set, and a name added to
a client table reaches the prefilter without anyone remembering it."""

import pytest
from hypothesis import given, settings, strategies as st

from poolcheck.frontends import PREFILTER, passes_prefilter, ts_model
from poolcheck.frontends.python import gate
from poolcheck.vocabulary import clients, prefilter

JS = (b"$connect", b"$disconnect", b"$executeRaw", b"$on", b"$queryRaw", b"$runCommandRaw",
      b"$transaction", b"$use", b"://", b"@Module(", b"DATABASE", b"DSN", b"Pool", b"_URI", b"_URL",
      b"aggregate", b"createMany", b"deleteMany", b"findFirst", b"findMany", b"findUnique",
      b"groupBy", b"risma", b"updateMany", b"upsert")
PY = (b".tx(", b"://", b"?connect_timeout", b"?connection_limit", b"?pgbouncer", b"?pool_timeout",
      b"?schema", b"?socket_timeout", b"?sslaccept", b"?sslmode", b"?statement_cache_size",
      b"DATABASE", b"DSN", b"_URI", b"_URL", b"connect()", b"gather(*", b"is_connected", b"register(",
      b"risma")


def test_snapshot_of_the_derived_prefilter():
    assert PREFILTER == {**{k: JS for k in ("typescript", "tsx", "javascript", "vue", "svelte",
                                            "astro", "markdown")},
                         "python": PY, "k8s": (b"apiVersion",)}


def test_the_prisma_word_is_what_every_prisma_name_shares():
    assert prefilter.PRISMA_WORD == "risma"
    assert prefilter.common_word(["prisma", "PrismaClient", "@prisma/adapter-"]) == "risma"


def test_minimal_drops_needles_another_needle_finds():
    assert prefilter.minimal(["$queryRaw", "$queryRawUnsafe", "findUnique", "findUniqueOrThrow"]) \
        == (b"$queryRaw", b"findUnique")


def test_a_query_method_added_to_the_client_table_reaches_the_prefilter(monkeypatch):
    monkeypatch.setattr(clients, "JS_DISTINCT_QUERY_METHODS",
                        clients.JS_DISTINCT_QUERY_METHODS | {"findSimilar"})
    assert b"findSimilar" in prefilter.js_needles()
    monkeypatch.setattr(clients, "URL_QUERY_KEYS", (*clients.URL_QUERY_KEYS, "application_name"))
    assert b"?application_name" in prefilter.py_needles()


@pytest.mark.parametrize("kind,data", [
    ("typescript", b"import { db } from './db'\nawait db.$runCommandRaw({ ping: 1 })\n"),
    ("typescript", b"export const p = new Pool({ connectionString: process.env.DATABASE_URL })\n"),
    ("python", b"import os\nurl = os.environ['PG_URI'] + '?schema=app'\n"),
    ("python", b"from app.db import db\nasync def f():\n    async with db.tx() as tx:\n        pass\n"),
])
def test_files_with_a_vocabulary_name_pass(kind, data):
    assert passes_prefilter(kind, data)


@pytest.mark.parametrize("kind,data", [
    ("typescript", b"export const add = (a: number, b: number) => a + b\n"),
    ("python", b"import json\nprint(json.dumps({'connect': 1}))\n"),
])
def test_files_without_one_are_skipped(kind, data):
    assert not passes_prefilter(kind, data)


def test_the_python_gate_reads_the_same_tables():
    assert gate.PRISMA_ACTIONS is clients.PY_QUERY_ACTIONS
    assert gate.CLIENT_EVIDENCE is clients.PY_CLIENT_EVIDENCE
    assert gate.GATE_CALLS == {"Prisma", "Client", "register", "get_client"}


def test_ts_model_reads_the_client_tables():
    # the same objects, not copies: a name added to vocabulary.clients reaches the TS passes
    assert ts_model.QUERY_METHODS is clients.JS_QUERY_METHODS
    assert ts_model.RAW_METHODS is clients.JS_RAW_METHODS
    assert ts_model.DISTINCT_QUERY_METHODS is clients.JS_DISTINCT_QUERY_METHODS
    assert ts_model.PRISMA_CLIENT_MODULES is clients.JS_CLIENT_MODULES
    assert ts_model.POOL_MODULES is clients.JS_POOL_MODULES
    assert ts_model.ADAPTER_MODULE_PREFIX is clients.JS_ADAPTER_MODULE_PREFIX
    assert ts_model.ADAPTER_CLASSES is clients.JS_ADAPTER_CLASSES


@settings(derandomize=True, max_examples=300)
@given(st.sampled_from(sorted(PREFILTER)),
       st.lists(st.sampled_from([*JS, *PY, b"apiVersion", b"$", b"?", b"x", b" ", b"risk", b"Poo", b"_UR"])
                .map(lambda n: n[: len(n) // 2] if len(n) > 3 and n[0] % 2 else n), max_size=10))
def test_the_prefilter_decides_as_its_needles_do(kind, pieces):
    data = b"".join(pieces)
    assert passes_prefilter(kind, data) == any(n in data for n in PREFILTER[kind])
