"""The result cache and --jobs: same output, less work, never a stale or unsafe result."""

import os
import pickle
import time
from pathlib import Path

from poolcheck.config import Settings
from poolcheck.engine import PARALLEL_THRESHOLD, run

from conftest import run_cli, write_tree

ROUTE = """
import { PrismaClient } from '@prisma/client'
export async function GET() {
  const prisma = new PrismaClient()
  return Response.json([])
}
"""


def _tree(tmp_path, n_routes=3, n_plain=20):
    files = {f"app/api/r{i}/route.ts": ROUTE for i in range(n_routes)}
    files.update({f"lib/util{i}.ts": f"export const n{i} = {i}\n" for i in range(n_plain)})
    return write_tree(tmp_path / "proj", files)


def _lines(result):
    return [(d.path.as_posix(), d.span.line, d.span.col, d.code) for d in result.diagnostics]


def test_warm_run_reuses_every_entry_and_gives_the_same_output(tmp_path, monkeypatch):
    root = _tree(tmp_path)
    monkeypatch.chdir(root)
    cache_dir = tmp_path / "cache"
    # Age the files so their mtimes are outside the racy window.
    past = time.time() - 60
    for p in root.rglob("*.ts"):
        os.utime(p, (past, past))
    cold = run([root], Settings(), cache_dir=cache_dir)
    calls = []
    import poolcheck.engine.parallel as parallel
    original = parallel.analyse_source
    monkeypatch.setattr(parallel, "analyse_source", lambda *a, **k: calls.append(a[0]) or original(*a, **k))
    warm = run([root], Settings(), cache_dir=cache_dir)
    assert _lines(warm) == _lines(cold) and len(_lines(cold)) == 3
    assert calls == []  # nothing re-parsed


def test_edited_file_is_reanalysed(tmp_path, monkeypatch):
    root = _tree(tmp_path, n_routes=1, n_plain=0)
    monkeypatch.chdir(root)
    cache_dir = tmp_path / "cache"
    assert len(run([root], Settings(), cache_dir=cache_dir).diagnostics) == 1
    route = root / "app/api/r0/route.ts"
    # Same size, same mtime as before: only the content check can see the edit.
    st = route.stat()
    route.write_text(ROUTE.replace("GET", "FOO"))
    os.utime(route, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert run([root], Settings(), cache_dir=cache_dir).diagnostics == []


def test_corrupt_or_tampered_cache_is_ignored_and_rebuilt(tmp_path, monkeypatch):
    root = _tree(tmp_path, n_routes=1, n_plain=0)
    monkeypatch.chdir(root)
    cache_dir = tmp_path / "cache"
    run([root], Settings(), cache_dir=cache_dir)
    (index,) = cache_dir.glob("index-*.pickle")
    index.write_bytes(b"\x80\x05garbage")
    assert len(run([root], Settings(), cache_dir=cache_dir).diagnostics) == 1

    class Evil:
        def __reduce__(self):
            return (os.system, ("touch pwned",))

    index.write_bytes(pickle.dumps({"format": 1, "entries": {"x": Evil()}}))
    assert len(run([root], Settings(), cache_dir=cache_dir).diagnostics) == 1
    assert not (root / "pwned").exists()


def test_unwritable_cache_dir_does_not_fail_the_run(tmp_path, monkeypatch):
    root = _tree(tmp_path, n_routes=1, n_plain=0)
    monkeypatch.chdir(root)
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("")
    assert len(run([root], Settings(), cache_dir=blocker / "cache").diagnostics) == 1


def test_jobs_output_is_identical_to_serial(tmp_path, monkeypatch):
    root = _tree(tmp_path, n_routes=PARALLEL_THRESHOLD + 5, n_plain=10)
    monkeypatch.chdir(root)
    serial = run([root], Settings(), jobs=1)
    parallel = run([root], Settings(), jobs=2)
    assert _lines(parallel) == _lines(serial)
    assert len(_lines(serial)) == PARALLEL_THRESHOLD + 5


def test_cli_cache_flags(tmp_path):
    root = _tree(tmp_path, n_routes=1, n_plain=1)
    cache_dir = tmp_path / "c"
    first = run_cli("--cache-dir", str(cache_dir), cwd=root)
    second = run_cli("--cache-dir", str(cache_dir), "--jobs", "2", cwd=root)
    assert first.stdout == second.stdout and first.returncode == second.returncode == 1
    assert list(cache_dir.glob("index-*.pickle"))
    other = tmp_path / "none"
    run_cli("--no-cache", "--cache-dir", str(other), cwd=root)
    assert not other.exists()
    assert run_cli("--jobs", "0", cwd=root).returncode == 2


def test_upgrading_prisma_in_package_json_invalidates_cached_url_findings(tmp_path, monkeypatch):
    # PC301 applies only where a Prisma <= 6 engine reads the URL; the version lives in
    # package.json, outside the .env file whose result is cached.
    root = write_tree(tmp_path / "proj", {
        "package.json": '{"dependencies": {"prisma": "^6.0.0"}}',
        ".env": "DATABASE_URL=postgresql://app@db.pooler.example.com:6543/app\n",
    })
    monkeypatch.chdir(root)
    cache_dir = tmp_path / "cache"
    past = time.time() - 60
    for p in (root / ".env", root / "package.json"):
        os.utime(p, (past, past))
    first = [d.code for d in run([root], Settings(select=["PC301"]), cache_dir=cache_dir).diagnostics]
    assert first == ["PC301"]
    (root / "package.json").write_text('{"dependencies": {"prisma": "^7.0.0"}}')
    second = [d.code for d in run([root], Settings(select=["PC301"]), cache_dir=cache_dir).diagnostics]
    assert second == []


def test_a_changed_poolcheck_never_reuses_cached_results(tmp_path, monkeypatch):
    import poolcheck.engine.cache as cache_module

    root = _tree(tmp_path, n_routes=1, n_plain=0)
    monkeypatch.chdir(root)
    cache_dir = tmp_path / "cache"
    run([root], Settings(), cache_dir=cache_dir)
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "another build of poolcheck")
    calls = []
    import poolcheck.engine.parallel as parallel
    original = parallel.analyse_source
    monkeypatch.setattr(parallel, "analyse_source", lambda *a, **k: calls.append(a[0]) or original(*a, **k))
    run([root], Settings(), cache_dir=cache_dir)
    assert len(calls) == 1


def test_a_tampered_payload_is_dropped_and_its_file_analysed_again(tmp_path, monkeypatch):
    # Each entry's payload is pickled on its own and unpickled on first use: a payload
    # that names a foreign global is refused then, and the file is analysed as if the
    # entry were missing (never trusted, never executed).
    root = _tree(tmp_path, n_routes=1, n_plain=0)
    monkeypatch.chdir(root)
    past = time.time() - 60
    for p in root.rglob("*.ts"):
        os.utime(p, (past, past))
    cache_dir = tmp_path / "cache"
    run([root], Settings(), cache_dir=cache_dir)
    (index,) = cache_dir.glob("index-*.pickle")
    data = pickle.loads(index.read_bytes())

    class Evil:
        def __reduce__(self):
            return (os.system, ("touch pwned",))

    (key,) = [k for k, e in data["entries"].items() if k.endswith("route.ts")]
    data["entries"][key].blob = pickle.dumps(Evil())
    index.write_bytes(pickle.dumps(data))
    calls = []
    import poolcheck.engine.parallel as parallel
    original = parallel.analyse_source
    monkeypatch.setattr(parallel, "analyse_source", lambda *a, **k: calls.append(a[0]) or original(*a, **k))
    assert len(run([root], Settings(), cache_dir=cache_dir).diagnostics) == 1
    assert not (root / "pwned").exists()
    assert [f.path.name for f in calls] == ["route.ts"]


def test_a_one_file_run_unpickles_only_its_projects_entries(tmp_path, monkeypatch):
    from pathlib import Path

    files = {"apps/web/package.json": "{}", "apps/api/package.json": "{}",
             "apps/web/app/api/r/route.ts": ROUTE, "apps/api/app/api/r/route.ts": ROUTE}
    root = write_tree(tmp_path / "proj", files)
    monkeypatch.chdir(root)
    past = time.time() - 60
    for p in root.rglob("*"):
        if p.is_file():
            os.utime(p, (past, past))
    cache_dir = tmp_path / "cache"
    full = run([Path(".")], Settings(), cache_dir=cache_dir)
    assert sorted(d.path.as_posix() for d in full.diagnostics) == ["apps/api/app/api/r/route.ts",
                                                                   "apps/web/app/api/r/route.ts"]
    (index,) = cache_dir.glob("index-*.pickle")
    by_blob = {e.blob: key for key, e in pickle.loads(index.read_bytes())["entries"].items() if e.blob}
    assert any(key.startswith("apps/api/") for key in by_blob.values())
    import poolcheck.engine.cache as cache
    decoded = []
    original = cache._decode
    monkeypatch.setattr(cache, "_decode", lambda blob: decoded.append(by_blob[blob]) or original(blob))
    one = run([Path("apps/web/app/api/r/route.ts")], Settings(), cache_dir=cache_dir)
    assert [d.path.as_posix() for d in one.diagnostics] == ["apps/web/app/api/r/route.ts"]
    assert decoded and all(key.startswith("apps/web/") for key in decoded)


def test_jobs_output_is_identical_to_serial_on_a_python_tree(tmp_path, monkeypatch):
    """Enough Python files for the parent to load LibCST before the workers fork
    (frontends.before_fork): the same findings as one process."""
    files = {f"api/handler_{i}.py": "from fastapi import FastAPI\nfrom prisma import Prisma\n\napp = FastAPI()\n\n\n"
             "@app.get('/users')\nasync def handler():\n"
             "    db = Prisma()\n    await db.connect()\n    return await db.user.find_many()\n"
             for i in range(PARALLEL_THRESHOLD + 2)}
    files.update({f"api/plain_{i}.py": "import prisma  # noqa\n\n\ndef add(a, b):\n    return a + b\n"
                  for i in range(10)})
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    monkeypatch.chdir(tmp_path)
    serial = run([tmp_path], Settings(), jobs=1)
    parallel = run([tmp_path], Settings(), jobs=2)
    assert _lines(parallel) == _lines(serial)
    assert len({path for path, *_ in _lines(serial) if "handler_" in path}) == PARALLEL_THRESHOLD + 2


def test_a_cold_parallel_run_leaves_ts_files_to_the_workers_with_the_same_output(tmp_path, monkeypatch):
    """A cold run (no cache) in two processes over many TS/JS files: the workers read and
    prefilter them (parallel._deferred), and the findings, the cross-module ones (the
    import graph of prefiltered files) and the PC900 of a file over max-file-size are
    those of one process."""
    import shutil

    from poolcheck.config import Configurations
    from poolcheck.engine import parallel
    from poolcheck.engine.discovery import Discovery
    from poolcheck.rules.registry import implemented_codes

    case = Path(__file__).parent / "cases" / "typescript" / "cross-module"
    root = tmp_path / "proj"
    shutil.copytree(case, root)
    files = {f"lib/plain{i}.ts": f"import {{ helper }} from './db'\nexport const n{i} = helper({i})\n"
             for i in range(parallel.DEFER_THRESHOLD)}
    files["lib/huge.ts"] = "import { PrismaClient } from '@prisma/client'\n" + "// filler\n" * 2000
    files["poolcheck.toml"] = "max-file-size = 8000\n"
    files["app/Page.vue"] = "<script setup lang=\"ts\">\nimport { db } from \"../lib/db\"\n</script>\n"
    write_tree(root, files)
    monkeypatch.chdir(root)

    def check(jobs):
        return run([root], Configurations(implemented_codes(), cwd=root), jobs=jobs)

    serial = check(1)
    unread = []  # the files each triage leaves unread, of the run's first (not the link's closure)
    original = parallel._triage

    def triage(found, *args):
        results, todo = original(found, *args)
        unread.append({found[i].path.suffix for i, data, *_ in todo if data is None})
        return results, todo

    monkeypatch.setattr(parallel, "_triage", triage)
    two = check(2)
    full = [(d.path.as_posix(), d.span.line, d.span.col, d.code, d.message) for d in serial.diagnostics]
    assert [(d.path.as_posix(), d.span.line, d.span.col, d.code, d.message) for d in two.diagnostics] == full
    codes = {code for _, _, _, code, _ in full}
    assert "PC900" in codes and len(codes) > 2  # the size limit's PC900 and the case's findings
    assert unread[0] == {".ts", ".vue"}  # left to the workers (package.json, the toml: the parent's)

    # file by file: the same facts, approximate imports and diagnostics
    configs = Configurations(implemented_codes(), cwd=root)
    found = Discovery([root], configs).given([root])
    settings = configs.for_file(found[0].path)
    enabled = settings.enabled_codes(implemented_codes())
    assert parallel._deferred(found, 2, None, False)

    def facts(results):
        return [(r.found, r.diagnostics, r.facts) for r in results]

    one = facts(parallel.analyse_all(found, settings, enabled, jobs=1))
    assert facts(parallel.analyse_all(found, settings, enabled, jobs=2)) == one
    assert sum(f is not None and bool(f.import_specs) for _, _, f in one) > parallel.DEFER_THRESHOLD


def test_the_link_s_closure_is_parsed_by_the_first_pass_s_workers(tmp_path, monkeypatch):
    """A cold run in two processes: the files the linker's closure asks for (a payment and
    a mail helper the prefilter dropped, called inside a transaction) are parsed, with their
    symbols, by the workers of the first pass (parallel.Pools), which are shut down when
    the run ends; the findings are those of one process."""
    import multiprocessing

    from poolcheck.engine import parallel

    files = {
        "lib/db.ts": "import { PrismaClient } from '@prisma/client'\nexport const prisma = new PrismaClient()\n",
        "lib/pay.ts": "export async function charge(n: number) {\n"
                      "  return fetch('https://api.stripe.com/v1/charges', { method: 'POST' })\n}\n",
        "lib/mail.ts": "export async function notify(to: string) {\n"
                       "  return fetch('https://api.mailgun.net/v3/messages', { method: 'POST' })\n}\n",
        "app/api/pay/route.ts": "import { prisma } from '../../../lib/db'\nimport { charge } from '../../../lib/pay'\n"
                                "import { notify } from '../../../lib/mail'\n"
                                "export async function POST() {\n  await prisma.$transaction(async (tx) => {\n"
                                "    await tx.order.create({ data: {} })\n    await charge(1)\n    await notify('a')\n"
                                "  })\n  return Response.json({})\n}\n",
    }
    files.update({f"lib/plain{i}.ts": f"export const n{i} = {i}\n" for i in range(parallel.DEFER_THRESHOLD)})
    root = write_tree(tmp_path / "proj", files)
    monkeypatch.chdir(root)
    serial = run([root], Settings(), jobs=1)

    log = tmp_path / "analysed.log"
    original = parallel.analyse_source

    def analyse_source(found, data, settings, enabled, force=False):
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()} {int(force)} {found.path.as_posix()}\n")
        return original(found, data, settings, enabled, force)

    monkeypatch.setattr(parallel, "analyse_source", analyse_source)
    two = run([root], Settings(), jobs=2)
    full = [(d.path.as_posix(), d.span.line, d.code, d.message) for d in serial.diagnostics]
    assert [(d.path.as_posix(), d.span.line, d.code, d.message) for d in two.diagnostics] == full
    assert [(p.rsplit("/", 1)[-1], line, code) for p, line, code, _ in full] == [("route.ts", 7, "PC201"),
                                                                                 ("route.ts", 8, "PC201")]
    rows = [line.split(" ", 2) for line in log.read_text().splitlines()]
    closure = [(int(pid), path) for pid, force, path in rows if force == "1"]
    assert sorted(path.rsplit("/", 1)[-1] for _, path in closure) == ["mail.ts", "pay.ts"]
    assert all(pid != os.getpid() for pid, _ in closure)   # in a worker, not in this process
    assert multiprocessing.active_children() == []           # and the pool is shut down


def test_the_run_s_pools_keep_one_open_at_a_time():
    """A tree of several configurations runs `jobs` workers, not `jobs` per configuration:
    asking for another configuration's pool shuts the open one down."""
    import multiprocessing

    import pytest

    from poolcheck.engine.parallel import Pools

    pools = Pools()
    first_settings, second_settings = Settings(), Settings()
    first = pools.get(first_settings, {"PC101"}, 2, ["typescript"])
    assert pools.get(first_settings, {"PC101"}, 2, ["typescript"]) is first and pools.live(first_settings, {"PC101"})
    assert first.submit(abs, -1).result() == 1
    second = pools.get(second_settings, {"PC101"}, 2, ["typescript"])
    assert second is not first and not pools.live(first_settings, {"PC101"})
    with pytest.raises(RuntimeError):
        first.submit(abs, -1)
    assert second.submit(abs, -2).result() == 2
    pools.close()
    assert not pools.live(second_settings, {"PC101"}) and multiprocessing.active_children() == []
