"""The data rules judge by (vocabulary/clients.py adapters, vocabulary/slow.py libraries):
one table each, the views the rules read, and the per-ecosystem lookup of PC201."""

from __future__ import annotations

from poolcheck.core.diagnostics import Span
from poolcheck.facts import ClientApi, TransactionCall
from poolcheck.rules.helpers.slow import slow_reason
from poolcheck.vocabulary import clients, slow


def test_adapter_rows_give_the_views_the_rules_read():
    assert clients.JS_ADAPTER_CLASSES == {a.class_name for a in clients.JS_ADAPTERS}
    assert len(clients.JS_ADAPTERS) == len(clients.JS_ADAPTER_CLASSES)  # one row per spelling
    # What PC107/PC303 leave alone on Workers/serverless, and what PC310 sizes.
    assert clients.SOCKETLESS_ADAPTERS == {"PrismaD1", "PrismaPlanetScale", "PrismaLibSql", "PrismaLibSQL",
                                           "PrismaNeonHttp", "PrismaNeonHTTP", "PrismaBetterSqlite3",
                                           "PrismaBetterSQLite3"}
    assert clients.POOL_OPTION_CLASSES == {"Pool", "PrismaPg", "PrismaNeon", "PrismaMssql"}


def _call(callee: str, api: ClientApi) -> TransactionCall:
    return TransactionCall(Span(1, 1, 1, 2), callee, Span(1, 1, 1, 2), api=api)


def test_slow_libraries_are_looked_up_in_the_calls_ecosystem():
    assert set(slow.SLOW_LIBRARIES) == {c.ecosystem for c in clients.CLIENT_APIS.values()}
    assert slow_reason(_call("axios.post", ClientApi.JS), [], by_name=False) == "`axios` leaves the process"
    assert slow_reason(_call("requests.get", ClientApi.PY), [], by_name=False) == "`requests` leaves the process"
    assert slow_reason(_call("asyncio.sleep", ClientApi.PY), [], by_name=False) == "`asyncio.sleep` waits"
    # `got` is an npm HTTP client, `requests` a Python one: neither name means it elsewhere.
    assert slow_reason(_call("got", ClientApi.PY), [], by_name=False) is None
    assert slow_reason(_call("requests.get", ClientApi.JS), [], by_name=False) is None
    # configured names apply in both
    assert slow_reason(_call("geocode", ClientApi.PY), ["geocode"], by_name=False) == "`geocode` leaves the process"


def test_every_library_entry_lives_in_one_ecosystem():
    npm, pypi = set(slow.SLOW_LIBRARIES["npm"]), set(slow.SLOW_LIBRARIES["pypi"])
    # only the service SDKs published under the same name on both registries are in both
    assert npm and pypi and npm & pypi <= {"stripe", "openai", "anthropic", "twilio", "sendgrid", "resend",
                                           "meilisearch", "algoliasearch", "typesense",
                                           "razorpay", "braintree", "pusher", "plivo", "cloudinary",
                                           "replicate", "ollama"}
    assert "got" not in pypi and "requests" not in npm


def test_pc107_leaves_every_spelling_of_a_socketless_adapter_alone(tmp_path):
    from project_helpers import client, run_project_rule

    worker = {"package.json": '{"dependencies": {"@prisma/client": "7.0.0"}}',
              "wrangler.toml": 'name = "api"\nmain = "src/index.ts"\n'}
    for name in ("PrismaLibSQL", "PrismaBetterSQLite3", "PrismaPg"):
        found = run_project_rule(tmp_path / name, "PC107", worker, {"src/index.ts": [client(3, "adapter", name)]})
        assert [f[2] for f in found] == ([] if name != "PrismaPg" else ["PC107"]), name


def test_test_harness_modules_match_the_module_its_subpaths_and_submodules_only():
    from poolcheck.vocabulary.layout import is_test_harness_module as harness

    for module in ("vitest", "vitest/config", "@vitest/ui", "@testcontainers/postgresql", "testcontainers",
                   "jest", "jest.config", "jest-mock-extended", "@jest/globals", "pytest", "pytest_asyncio.plugin",
                   "@testing-library/react", "@playwright/test", "supertest/lib/agent"):
        assert harness(module), module
    # look-alikes: a longer name that merely starts with a harness's name, or contains one
    for module in ("jestx", "vitest-tools", "@vitestx/ui", "@playwright/testing", "pytestify", "my-vitest",
                   "@jest/globalsx", "react", "", "jest\n"):
        assert not harness(module), module
