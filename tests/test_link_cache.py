"""The link cache (engine/link_cache.py): a run whose link inputs are unchanged reuses the
last link, whatever else changed; an import, an export or a call site that changes runs
the link again. Counted by calls, never timed."""

from __future__ import annotations

import os
import time

import pytest

from poolcheck.config import Settings
from poolcheck.engine import run
from poolcheck.engine import link_cache
from poolcheck.linker import session

from conftest import write_tree

PKG = '{"name": "app", "dependencies": {"@prisma/client": "5.0.0", "next": "14.0.0"}}'
TSCONFIG = '{"compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["./*"]}}}'
FILES = {
    "package.json": PKG,
    "tsconfig.json": TSCONFIG,
    "lib/db.ts": """
        import { PrismaClient } from "@prisma/client";
        export const prisma = new PrismaClient();
    """,
    "lib/gateway.ts": """
        import axios from "axios";
        export async function createCharge(amount: number) {
          const res = await axios.post(process.env.PAY_API + "/charges", { amount });
          return res.data;
        }
    """,
    "lib/format.ts": """
        export function label(n: number) {
          return "n=" + n;
        }
    """,
    "lib/version.ts": """
        export const VERSION = "1.0";
    """,
    "app/api/pay/route.ts": """
        import { prisma } from "@/lib/db";
        import { createCharge } from "@/lib/gateway";
        import { label } from "@/lib/format";
        export async function POST() {
          await prisma.$transaction(async (tx) => {
            await createCharge(5);
            await tx.order.create({ data: { note: label(1) } });
          });
          return new Response("ok");
        }
    """,
}


class Counter:
    """Counts the link's work: closure rounds and links."""

    def __init__(self, monkeypatch):
        self.rounds = self.links = 0
        needed, link = session.Closure.needed, session.link_results

        def count_round(closure, results):
            self.rounds += 1
            return needed(closure, results)

        def count_link(results, index):
            self.links += 1
            return link(results, index)

        monkeypatch.setattr(session.Closure, "needed", count_round)
        monkeypatch.setattr(session, "link_results", count_link)

    def reset(self):
        self.rounds = self.links = 0


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = write_tree(tmp_path / "proj", FILES)
    _age(root)
    monkeypatch.chdir(root)
    return root


def _age(root):
    """Outside the per-file cache's racy window, as files long untouched are."""
    past = time.time() - 60
    for p in root.rglob("*"):
        os.utime(p, (past, past))


def _edit(root, rel, old, new):
    """An edit as an editor makes it: new content, a later mtime (outside the racy window)."""
    path = root / rel
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    st = path.stat()
    later = st.st_mtime_ns - 30 * 10**9
    os.utime(path, ns=(later, later))


def _findings(result):
    return [(d.path.as_posix(), d.span.line, d.code, d.message, tuple(r.path.as_posix() for r in d.related))
            for d in result.diagnostics]


def _settings():
    settings = Settings()
    settings.select = ["PC201", "PC202"]
    return settings


def _uncached(root):
    return _findings(run([root], _settings()))


def test_a_warm_run_is_linked_from_the_cache(project, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    count = Counter(monkeypatch)
    cold = _findings(run([project], _settings(), cache_dir=cache))
    assert [c for _, _, c, _, _ in cold] == ["PC201"]
    assert count.links == 1 and count.rounds >= 2      # the closure parsed the gateway for symbols
    count.reset()
    warm = _findings(run([project], _settings(), cache_dir=cache))
    assert warm == cold
    assert count.links == 0 and count.rounds == 0      # neither the closure nor the link ran


def test_a_warm_run_keys_the_link_from_the_digests_stored_in_the_result_cache(project, tmp_path, monkeypatch):
    """The cold run digests what the link reads of each parsed file once and stores it
    with the file's facts; the warm run keys the link without digesting any file again."""
    cache = tmp_path / "cache"
    digested = []
    real = link_cache._digest_link_reads
    monkeypatch.setattr(link_cache, "_digest_link_reads", lambda facts: digested.append(1) or real(facts))
    cold = _findings(run([project], _settings(), cache_dir=cache))
    assert digested
    digested.clear()
    assert _findings(run([project], _settings(), cache_dir=cache)) == cold
    assert digested == []


def test_edits_that_change_nothing_the_link_reads_reuse_the_link(project, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    count = Counter(monkeypatch)
    run([project], _settings(), cache_dir=cache)
    # a file the link never parses, whose imports stay: the same link, without the closure
    _edit(project, "lib/version.ts", '"1.0"', '"1.1"')
    count.reset()
    findings = _findings(run([project], _settings(), cache_dir=cache))
    assert count.links == 0 and count.rounds == 0
    assert findings == _uncached(project)
    # inside function bodies of helpers the last closure parsed (the gateway and the
    # formatter a transaction calls): they are parsed again for symbols first, their
    # symbols do not move, so the link is the cached one, without a closure round
    for rel, old, new in (("lib/gateway.ts", '"/charges"', '"/refunds"'), ("lib/format.ts", '"n="', '"#="')):
        _edit(project, rel, old, new)
        count.reset()
        findings = _findings(run([project], _settings(), cache_dir=cache))
        assert count.links == 0 and count.rounds == 0
        assert findings == _uncached(project)


def test_a_helper_never_in_the_result_cache_still_gets_the_cached_link(tmp_path, monkeypatch):
    """A helper whose facts hold a credential is analysed afresh every run (never cached):
    it is parsed for symbols ahead of the lookup, as the last closure did."""
    files = dict(FILES)
    files["lib/gateway.ts"] = FILES["lib/gateway.ts"].replace(
        "export async function", 'const url = "postgres://app:hunter2@db:5432/app";\n        export async function')
    root = write_tree(tmp_path / "proj", files)
    _age(root)
    monkeypatch.chdir(root)
    cache = tmp_path / "cache"
    count = Counter(monkeypatch)
    cold = _findings(run([root], _settings(), cache_dir=cache))
    assert [c for _, _, c, _, _ in cold] == ["PC201"] and count.links == 1
    assert b"hunter2" not in b"".join(p.read_bytes() for p in cache.iterdir())
    count.reset()
    assert _findings(run([root], _settings(), cache_dir=cache)) == cold
    assert count.links == 0 and count.rounds == 0


@pytest.mark.parametrize("rel, old, new, after", [
    # a call site: the transaction no longer calls the gateway
    ("app/api/pay/route.ts", "await createCharge(5);", "await label(5);", []),
    # an import: the helper now comes from a module that does not leave the process
    ("app/api/pay/route.ts", 'import { createCharge } from "@/lib/gateway";',
     'import { label as createCharge } from "@/lib/format";', []),
    # an export: the gateway no longer exports what the route imports
    ("lib/gateway.ts", "export async function createCharge", "export async function createRefund", []),
    # the import path a tsconfig gives: `@/` no longer reaches lib/
    ("tsconfig.json", '"./*"', '"./src/*"', []),
])
def test_a_change_the_link_reads_runs_the_link_again(project, tmp_path, monkeypatch, rel, old, new, after):
    cache = tmp_path / "cache"
    count = Counter(monkeypatch)
    assert [c for _, _, c, _, _ in _findings(run([project], _settings(), cache_dir=cache))] == ["PC201"]
    _edit(project, rel, old, new)
    count.reset()
    findings = _findings(run([project], _settings(), cache_dir=cache))
    assert count.links == 1
    assert findings == _uncached(project) and [c for _, _, c, _, _ in findings] == after


def test_a_one_file_run_over_an_unchanged_workspace_reuses_the_link(project, tmp_path, monkeypatch):
    """Pre-commit from the repository root: the staged file first, the workspace after it,
    named as a whole run names them."""
    from pathlib import Path

    cache = tmp_path / "cache"
    count = Counter(monkeypatch)
    full = _findings(run([Path(".")], _settings(), cache_dir=cache))
    count.reset()
    one = _findings(run([Path("app/api/pay/route.ts")], _settings(), cache_dir=cache))
    assert count.links == 0
    assert one == full and [(p, line, code) for p, line, code, _, _ in one] == [("app/api/pay/route.ts", 6, "PC201")]


def test_a_corrupt_link_cache_is_ignored_and_rebuilt(project, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cold = _findings(run([project], _settings(), cache_dir=cache))
    files = list(cache.glob("link-*.pickle"))
    assert len(files) == 1 and oct(files[0].stat().st_mode & 0o777) == "0o600"
    files[0].write_bytes(b"not a pickle")
    count = Counter(monkeypatch)
    assert _findings(run([project], _settings(), cache_dir=cache)) == cold
    assert count.links == 1
    count.reset()
    assert _findings(run([project], _settings(), cache_dir=cache)) == cold
    assert count.links == 0


def test_a_link_whose_patches_hold_a_credential_is_not_stored(tmp_path):
    from poolcheck.facts import ClientConstruction

    cache = link_cache.LinkCache(tmp_path / "c")
    fact = ClientConstruction.__new__(ClientConstruction)
    secret = {"/p/a.ts": ((), (fact,))}
    # a construction whose options hold a URL with a password is a credential
    import dataclasses

    fields = {f.name for f in dataclasses.fields(ClientConstruction)}
    assert "options" in fields
    object.__setattr__(fact, "options", (("datasourceUrl", "postgres://u:hunter2@db/x"),))
    for f in fields - {"options"}:
        object.__setattr__(fact, f, None)
    assert cache.store("k", {}, secret) is False
    assert not list((tmp_path / "c").glob("link-*.pickle"))
    plain = {"/p/a.ts": ((), ())}
    assert cache.store("k", {}, plain) is True
    assert link_cache.LinkCache(tmp_path / "c").lookup("k", lambda p: None) == plain


def test_the_state_key_is_the_link_inputs_not_the_object_identity(project):
    """Equal facts built twice (or unpickled) give one key; the key moves with an import."""
    a = _context(project)
    b = _context(project)
    assert link_cache.state_key(a) == link_cache.state_key(b)
    import pickle

    assert link_cache.state_key(pickle.loads(pickle.dumps(a))) == link_cache.state_key(a)
    _edit(project, "lib/format.ts", "export function label", 'import "./gateway";\nexport function label')
    assert link_cache.state_key(_context(project)) != link_cache.state_key(a)


def test_a_file_s_link_input_is_kept_with_its_facts_and_recomputed_when_they_change(project, monkeypatch):
    """The digest of what the link reads of a file travels with its facts through the
    result cache's pickle (a one-file or warm run keys the link without a repr of every
    file's symbols), and is computed again once the facts or the symbols are others."""
    import pickle

    route = next(r for r in _context(project) if r.found.path.as_posix().endswith("route.ts"))
    first = link_cache.link_input(route.facts)
    restored = pickle.loads(pickle.dumps(route.facts))
    hashed = []
    real = link_cache.content_hash
    monkeypatch.setattr(link_cache, "content_hash", lambda data: hashed.append(1) or real(data))
    assert link_cache.link_input(restored) == first and not hashed
    restored.facts = [f for f in restored.facts if not isinstance(f, link_cache.LINK_FACTS)]
    assert link_cache.link_input(restored)[0] != first[0] and len(hashed) == 1
    twin = pickle.loads(pickle.dumps(route.facts))
    twin.symbols = pickle.loads(pickle.dumps(twin.symbols))   # equal symbols, another object
    assert link_cache.link_input(twin) == first and len(hashed) == 2


def _context(root):
    from poolcheck.engine.discovery import discover
    from poolcheck.engine.pipeline import Analyser
    from poolcheck.config import Configurations

    configs = Configurations.of(Settings())
    return Analyser(configs, 1, None).analyse(discover([root], configs))


def test_the_benchmark_switches(project, tmp_path):
    """bench/run.py's two internal switches: the link left out (its findings go), and the
    link phase's report (one JSON line per run, saying when the cache served it)."""
    import json

    from conftest import run_cli

    def pc201(env):
        out = run_cli("--format", "json", "--select", "PC201", "--cache-dir", str(tmp_path / "c"), ".",
                      cwd=project, env=env)
        return [d["code"] for d in json.loads(out.stdout)]

    stats = tmp_path / "stats.jsonl"
    assert pc201({"POOLCHECK_BENCH_LINK_STATS": str(stats)}) == ["PC201"]
    assert pc201({"POOLCHECK_BENCH_LINK_STATS": str(stats)}) == ["PC201"]
    first, second = (json.loads(line) for line in stats.read_text().splitlines())
    assert first["cached"] is False and first["parsed"] >= 1 and first["cpu"] >= 0
    assert second["cached"] == "unchanged" and second["parsed"] == 0
    assert pc201({"POOLCHECK_BENCH_NO_LINK": "1"}) == []


FAN_OUT = {
    "package.json": PKG,
    "tsconfig.json": TSCONFIG,
    "lib/db.ts": FILES["lib/db.ts"],
    "lib/load.ts": """
        import { prisma } from "./db";
        export async function loadAll(ids: string[]) {
          return Promise.all(ids.map((id) => prisma.user.findUnique({ where: { id } })));
        }
    """,
    "app/api/u/route.ts": """
        import { loadAll } from "@/lib/load";
        export async function GET() {
          return Response.json(await loadAll(["a", "b"]));
        }
    """,
}


def _parsed_by_the_closure(monkeypatch) -> list:
    """The files the closure parses for symbols, in the order asked."""
    from poolcheck.engine import linking

    asked: list = []
    parse = linking.analyse_symbols

    def record(analyser, found):
        asked.extend(os.path.basename(f.path) for f in found)
        return parse(analyser, found)

    monkeypatch.setattr(linking, "analyse_symbols", record)
    return asked


def _selecting(*codes):
    settings = Settings()
    settings.select = list(codes)
    return settings


def test_a_fan_out_seeds_the_walk_up_only_where_its_opt_in_rule_is_on(tmp_path, monkeypatch):
    root = write_tree(tmp_path / "proj", FAN_OUT)
    monkeypatch.chdir(root)
    asked = _parsed_by_the_closure(monkeypatch)
    on = _findings(run([root], _selecting("PC205")))
    assert [(os.path.relpath(p, root), c) for p, _, c, _, _ in on] == [("lib/load.ts", "PC205")]   # GET calls it
    assert asked == ["route.ts"]
    asked.clear()
    off = _findings(run([root], _selecting("PC201", "PC202", "PC101")))
    assert off == [] and asked == []    # its callers matter to no rule that is on: not parsed


def test_a_link_made_without_the_fan_out_rule_is_not_served_to_a_run_with_it(tmp_path, monkeypatch):
    root = write_tree(tmp_path / "proj", FAN_OUT)
    _age(root)
    monkeypatch.chdir(root)
    cache = tmp_path / "cache"
    count = Counter(monkeypatch)
    assert _findings(run([root], _selecting("PC201"), cache_dir=cache)) == []   # a link stored without it
    count.reset()
    on = _findings(run([root], _selecting("PC201", "PC205"), cache_dir=cache))
    assert [(os.path.relpath(p, root), c) for p, _, c, _, _ in on] == [("lib/load.ts", "PC205")]
    assert count.links == 1    # linked again: the closure walks up from the fan-out now
    count.reset()
    assert _findings(run([root], _selecting("PC201", "PC205"), cache_dir=cache)) == on
    assert count.links == 0    # and that link is served next time


WRAPPED = {
    "package.json": '{"name": "wrapped", "dependencies": {"@prisma/client": "5", "axios": "1"}}',
    "src/db.ts": """
        import { PrismaClient } from "@prisma/client";
        const prisma = new PrismaClient();
        // a wrapper by what it does, named for nothing, on an object every module imports
        export class Db {
          async atomically<T>(fn: (client: unknown) => Promise<T>) {
            return prisma.$transaction(async (inner) => fn(inner));
          }
          label(s: string) { return s.toUpperCase(); }
        }
        export const db = new Db();
    """,
    "src/notify.ts": """
        import axios from "axios";
        export async function notify(id: string) { await axios.post("https://hooks.example.com", { id }); }
    """,
    "src/orders.ts": """
        import { db } from "./db";
        import { notify } from "./notify";
        export async function settle(id: string) {
          await db.atomically(async () => {
            await notify(id);
          });
        }
    """,
    "src/labels.ts": """
        import { db } from "./db";
        export const title = (s: string) => db.label(s);
    """,
}


def test_a_wrapper_by_behaviour_brings_the_importers_that_name_it_and_their_bodies_callees(tmp_path, monkeypatch):
    root = write_tree(tmp_path / "proj", WRAPPED)
    monkeypatch.chdir(root)
    asked = _parsed_by_the_closure(monkeypatch)
    found = _findings(run([root], _selecting("PC201", "PC202")))
    assert [(os.path.relpath(p, root), c) for p, _, c, _, _ in found] == [("src/orders.ts", "PC201")]
    # orders.ts names the wrapper (its body calls notify.ts); labels.ts uses the object otherwise
    assert sorted(asked) == ["notify.ts", "orders.ts"]


def test_a_file_that_newly_calls_a_class_method_wrapper_links_again(tmp_path, monkeypatch):
    """The closure parses the files that mention a class-method wrapper's name by their
    bytes (`linker.hand_wired`): an edit that makes one call it, its imports unchanged,
    must not be served the cached link (the entry records those bytes)."""
    import shutil
    from pathlib import Path

    root = tmp_path / "proj"
    shutil.copytree(Path(__file__).parent / "cases" / "typescript" / "di-module-wiring", root)
    _age(root)
    monkeypatch.chdir(root)
    cache = tmp_path / "cache"
    before = _findings(run([root], _settings(), cache_dir=cache))
    assert all(path.endswith("src/services/order.service.js") for path, *_ in before) and len(before) == 3
    _edit(root, "src/app.js", "app.listen(3000);", (
        'app.post("/again/:id", async (req, res) => {\n'
        "  await orderService.orderRepository.createTransaction(async (tx) => {\n"
        "    await orderService.orderRepository.update(req.params.id);\n"
        "  });\n"
        "  res.end();\n"
        "});\n"
        "app.listen(3000);"))
    warm = _findings(run([root], _settings(), cache_dir=cache))
    assert warm == _uncached(root)
    assert any(p.endswith("src/app.js") and (line, code) == (11, "PC202") for p, line, code, _, _ in warm)
