"""Every file of one configuration: cache hits and prefiltered files here, the rest
parsed in this process or, for a large tree, in `jobs` worker processes. The result
list is in the order of the files given whatever `jobs` is, so output is identical.

A cold run (no cache) of a large TS/JS tree in several processes hands its TS/JS files to
the workers unread (`_deferred`): each worker reads, prefilters and scans the imports of
its share itself (`analyse_task`), so that the parent does not do it for every file
serially before the pool starts, nor pickle every file's bytes to a worker. The results
are the same either way (tests/test_cache_and_jobs.py)."""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import TYPE_CHECKING, Sequence

from .. import frontends, suppression
from ..config import Settings
from ..core import safeio
from ..linker.session import scan_imports
from ..project.env import assigned_env_names
from ..vocabulary.kinds import FRONTEND_MODULES
from .cache import content_hash, holds_secret, payload, restore, secret_pieces, unparsed
from .discovery import FoundFile
from .files import FileResult, analyse_source, read_file, refused_result
from .link_cache import link_input

if TYPE_CHECKING:
    from .cache import ResultCache


# Worker-process state, set once per worker by the pool initializer.
_WORKER: dict = {}


def _worker_init(settings: Settings, enabled: set[str], record: bool = False) -> None:
    _WORKER["settings"], _WORKER["enabled"], _WORKER["record"] = settings, enabled, record


def _worker_analyse(task: tuple[FoundFile, bytes | None, bool]) -> FileResult:
    found, data, force = task
    if not _WORKER.get("record"):
        result = analyse_task(found, data, _WORKER["settings"], _WORKER["enabled"], force)
    else:
        safeio.start_recording()  # what this file's analysis reads goes back with its result
        try:
            result = analyse_task(found, data, _WORKER["settings"], _WORKER["enabled"], force)
        finally:
            reads, why = safeio.stop_recording()
        result.reads = (reads, why)
    result.found = None  # type: ignore[assignment]  # the parent has it: not sent back
    return result


def analyse_task(found: FoundFile, data: bytes | None, settings: Settings, enabled: set[str],
                 force: bool = False) -> FileResult:
    """`analyse_source` of one file; `data` None: a deferred file, read and prefiltered
    here as `_triage` would have (its PC900 when it cannot be read)."""
    if data is None:
        result, data, _ = read_file(found, settings)
        if data is None:
            return result
        if not force and not frontends.passes_prefilter(found.kind, data):
            return prefiltered_result(found, data)
    return analyse_source(found, data, settings, enabled, force)


def prefiltered_result(found: FoundFile, data: bytes) -> FileResult:
    """The result of a file the prefilter drops: no facts but its approximate imports."""
    facts = frontends.empty_facts(found.path, found.kind)
    facts.import_specs, facts.import_names = scan_imports(found.kind, data)  # the approximate import graph
    facts.env_set = assigned_env_names(found.kind, data)
    return FileResult(found=found, facts=facts, suppressions=suppression.Suppressions())


# Below this many files to parse, worker start-up costs more than it saves.
PARALLEL_THRESHOLD = 48
# The front-ends whose files a cold run in several processes leaves to the workers to read
# and prefilter, from this many such files on: about half of a real TS tree's files pass
# the prefilter (documenso, trigger.dev), so that many files still make a pool worth
# starting, which the parent cannot count before it has read them. Python files keep
# the parent's triage (their front-end decides before the fork what to load: before_fork).
DEFERRED_FRONTENDS = frozenset({"typescript", "typescript.embedded"})
DEFER_THRESHOLD = 4 * PARALLEL_THRESHOLD


def analyse_all(found: Sequence[FoundFile], settings: Settings, enabled: set[str],
                jobs: int = 1, cache: "ResultCache | None" = None, progress=None,
                force: bool = False, pools: Pools | None = None) -> list[FileResult]:
    """Analyse every file: cache hits and prefiltered files here, the rest in `jobs` processes.

    The result list is in the order of `found` whatever `jobs` is, so output is identical.
    `force`: parse even what the prefilter rejects, with symbols (the linker's closure).
    `pools`: the run's pools, kept open between its passes (`Pools`).
    """
    defer = _deferred(found, jobs, cache, force)
    results, todo = _triage(found, settings, cache, force, defer)
    ready = len(found) - len(todo)  # cache hits and prefiltered files, done already
    computed = _parse([(found[i], data, force) for i, data, _, _, _ in todo], settings, enabled, jobs,
                      progress, ready, pools)
    for (i, _, st, digest, inputs), result in zip(todo, computed):
        results[i] = result
        if result.found is None:  # from a worker, which does not send it back
            result.found = found[i]
        if result.reads is not None:
            safeio.merge(*result.reads)
            result.reads = None
        if result.transient:
            safeio.spoil(f"{found[i].path}: skipped by a budget")
        if cache is None or result.errors or result.transient:
            continue
        if not holds_secret(result):
            if result.facts is not None and result.facts.symbols is not None:
                link_input(result.facts)   # the file's link key, stored with its facts
            cache.store(found[i].path, st, digest, payload(result), inputs)
        elif safeio.recording():
            safeio.keep_out(secret_pieces(result))  # never in a replay store either
    return results  # type: ignore[return-value]


def _deferred(found: Sequence[FoundFile], jobs: int, cache: "ResultCache | None", force: bool) -> frozenset[str]:
    """The kinds whose files the workers read and prefilter themselves (the module's
    docstring): a cold run without a cache, in several processes, over many of them."""
    if jobs <= 1 or cache is not None or force:
        return frozenset()
    kinds = {kind for kind, module in FRONTEND_MODULES.items() if module in DEFERRED_FRONTENDS}
    if sum(f.kind in kinds for f in found) < DEFER_THRESHOLD:
        return frozenset()
    return frozenset(kinds)


def _triage(found: Sequence[FoundFile], settings: Settings, cache: "ResultCache | None", force: bool = False,
            defer: frozenset[str] = frozenset()):
    """The results known without parsing (refused files, cache hits, files the prefilter
    drops), and the files left to parse as (index, bytes, stat, digest, inputs); a file
    of a `defer` kind is left unread (bytes None: `analyse_task` reads it)."""
    from ..project.packages import project_inputs

    results: list[FileResult | None] = [None] * len(found)
    todo: list[tuple[int, bytes | None, object, str, tuple]] = []
    memo: dict = {}
    by_folder: dict[str, tuple] = {}  # project_inputs of each folder, as the paths name it
    for i, f in enumerate(found):
        refused = refused_result(f)
        if refused is not None:
            results[i] = refused
            continue
        if f.kind in defer:
            todo.append((i, None, None, "", ()))
            continue
        inputs = ()
        if cache is not None:
            folder = os.path.dirname(f.path)
            inputs = by_folder.get(folder)
            if inputs is None:
                inputs = by_folder[folder] = project_inputs(f.path.parent, memo)
        if cache is not None:
            entry = cache.lookup(f.path, f.size, f.mtime_ns, inputs)
            if entry is not None and not (force and unparsed(entry.result)):
                results[i] = restore(f, entry.result)
                continue
        result, data, st = read_file(f, settings)
        if data is None:
            results[i] = result
            continue
        digest = content_hash(data) if cache is not None else ""
        if cache is not None:
            entry = cache.lookup_content(f.path, st, digest, inputs)
            if entry is not None and not (force and unparsed(entry.result)):
                results[i] = restore(f, entry.result)
                continue
        if not force and not frontends.passes_prefilter(f.kind, data):
            results[i] = prefiltered_result(f, data)
            if cache is not None:
                cache.store(f.path, st, digest, payload(results[i]), inputs)
            continue
        todo.append((i, data, st, digest, inputs))
    return results, todo


def _parse(tasks: list[tuple[FoundFile, bytes, bool]], settings: Settings, enabled: set[str], jobs: int,
           progress, ready: int, pools: "Pools | None" = None) -> list[FileResult]:
    """`analyse_source` on every task, in order: in `jobs` processes for a large tree, or
    for a few files when the run's pool for these settings is open already (`Pools`)."""
    done: dict[int, FileResult] = {}
    if jobs > 1 and pools is not None and len(tasks) >= 2 and pools.live(settings, enabled):
        return _run(tasks, settings, enabled, jobs, progress, ready, pools)
    pooled = jobs > 1 and len(tasks) >= PARALLEL_THRESHOLD
    if pooled:
        done, pooled = _settled_here(tasks, settings, enabled)
    if not done:
        return _run(tasks, settings, enabled, jobs if pooled else 1, progress, ready, pools)
    if progress is not None:
        progress(ready + len(done))
    rest = [i for i in range(len(tasks)) if i not in done]
    computed = _run([tasks[i] for i in rest], settings, enabled, jobs if pooled else 1, progress,
                    ready + len(done), pools)
    done.update(zip(rest, computed))
    return [done[i] for i in range(len(tasks))]


def _run(tasks: list[tuple[FoundFile, bytes, bool]], settings: Settings, enabled: set[str], jobs: int,
         progress, ready: int, pools: "Pools | None" = None) -> list[FileResult]:
    computed: list[FileResult] = []
    if jobs > 1:
        with _pool(pools, settings, enabled, jobs, [found.kind for found, _, _ in tasks]) as pool:
            # 32 chunks a worker: the last one dispatched runs while the other workers may
            # idle, so a chunk is kept short (a simulation over trigger.dev's per-file costs:
            # up to 0.15 s of a 2.2 s share idle with 8 a worker, up to 0.03 s with 32);
            # a chunk's hand-off costs far less than one file's parse.
            chunk = max(1, len(tasks) // (jobs * 32))
            for r in pool.map(_worker_analyse, tasks, chunksize=chunk):
                computed.append(r)
                if progress is not None:
                    progress(ready + len(computed))
    else:
        for found, data, force in tasks:
            computed.append(analyse_task(found, data, settings, enabled, force))
            if progress is not None:
                progress(ready + len(computed))
    return computed


def _new_pool(settings: Settings, enabled: set[str], jobs: int, kinds: list[str]):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    if context.get_start_method() == "fork":
        frontends.before_fork(kinds)
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_init,
                               initargs=(settings, enabled, safeio.recording()))


@contextmanager
def _pool(pools: "Pools | None", settings: Settings, enabled: set[str], jobs: int, kinds: list[str]):
    """A pool for one configuration's files: the run's own, kept open (`pools`), or one for
    these files alone, shut down after them."""
    if pools is not None:
        yield pools.get(settings, enabled, jobs, kinds)
        return
    with _new_pool(settings, enabled, jobs, kinds) as pool:
        yield pool


class Pools:
    """The worker pools of one run, kept open from the first pass to the link (closed by
    `close`): the linker's closure asks for a few dozen files at a time after the first
    pass, too few to start a pool for (PARALLEL_THRESHOLD), but the first pass's workers are
    idle by then, so its rounds are parsed there instead of serially in this process
    (documenso: 38 files, 28 then 10, while the second core waited). A pool serves one
    configuration (its workers hold the settings they analyse with, `_worker_init`), and
    one is open at a time: a tree of many configurations still runs `jobs` workers, not
    `jobs` per configuration."""

    def __init__(self):
        self._open: dict[tuple, object] = {}

    def live(self, settings: Settings, enabled: set[str]) -> bool:
        return self._key(settings, enabled) in self._open

    def get(self, settings: Settings, enabled: set[str], jobs: int, kinds: list[str]):
        key = self._key(settings, enabled)
        pool = self._open.get(key)
        if pool is None:
            self.close()
            pool = self._open[key] = _new_pool(settings, enabled, jobs, kinds)
        return pool

    @staticmethod
    def _key(settings: Settings, enabled: set[str]) -> tuple:
        return id(settings), frozenset(enabled), safeio.recording()

    def close(self) -> None:
        pools, self._open = list(self._open.values()), {}
        for pool in pools:
            pool.shutdown(wait=True)


# What a file costs, for a tree with Python files: one that needs a model (the TS/JS
# front-ends' files, a Python file past its gate: LibCST) 10-20 ms; a Python file the gate
# closes, a schema, an .env or a deployment file a millisecond or two. LIGHT_WEIGHT light
# files weigh one heavy file (prisma-client-py @ f2d1d7e7: 24 gated Python files 0.35-0.40
# s, 22 schemas 0.03 s, 258 closed Python files 0.2 s, one process, best of 5).
_POOLED_FRONTENDS = ("typescript", "typescript.embedded", "prisma_config")
LIGHT_WEIGHT = 8
# A Python file before the gate has said anything: ~3.7 ms on average (CPython's parse and
# the gate's walk, LibCST for the few past it), a quarter of a heavy file. A tree whose
# Python files alone weigh PARALLEL_THRESHOLD heavy files pays for the workers without the
# parent screening them first: prisma-client-py @ f2d1d7e7 (342 Python files), cold, 1.40
# s wall in one process against 1.00 s with two workers (+15 % CPU), median of 4.
PYTHON_WEIGHT = 4


def _settled_here(tasks: list[tuple[FoundFile, bytes, bool]], settings: Settings,
                  enabled: set[str]) -> tuple[dict[int, FileResult], bool]:
    """For a tree with Python files and too few heavy ones to decide the pool on their own,
    when its Python files weigh less than that too (PYTHON_WEIGHT): the Python files the
    gate closes, analysed in this process (their parse, `screen`'s, is not done twice); and
    whether the rest weighs PARALLEL_THRESHOLD heavy files. A service with a hundred
    Python files, a few past the gate, stays in one process (two workers cost more CPU
    than they save); a tree as large as prisma-client-py's goes to the workers unscreened."""
    from ..vocabulary.kinds import FRONTEND_MODULES

    python = [i for i, (found, _, _) in enumerate(tasks) if found.kind == "python"]
    heavy = sum(FRONTEND_MODULES.get(found.kind) in _POOLED_FRONTENDS for found, _, _ in tasks)
    if not python or heavy + len(python) / PYTHON_WEIGHT >= PARALLEL_THRESHOLD:
        return {}, True
    from ..frontends.python import screen

    done: dict[int, FileResult] = {}
    for i in python:
        found, data, force = tasks[i]
        if screen(found.path, data):
            heavy += 1
        else:
            done[i] = analyse_source(found, data, settings, enabled, force)
    light = len(tasks) - len(done) - heavy
    return done, heavy + light / LIGHT_WEIGHT >= PARALLEL_THRESHOLD
