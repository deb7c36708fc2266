"""The engine's side of the link: parse what the linker's closure asks for, link, and run
the file rules that judge scopes and transactions again where the link changed a file's
facts (a given file's findings of those rules are replaced: one finding per cause)."""

from __future__ import annotations

import gc
import json
import os
import time
from contextlib import contextmanager
from typing import Sequence

from ..config import Configurations, Settings
from ..core.diagnostics import Diagnostic
from ..facts import FileFacts
from .cache import cache_for
from .discovery import FoundFile
from .files import FileResult, run_file_rules
from .filtering import touches_given
from .link_cache import apply_patch, in_order, link_cache_for, patch_of, recording, state_key
from .parallel import analyse_all

# File rules that judge scopes and transactions: the link may change what they see.
LINKED_CODES = frozenset({"PC101", "PC104", "PC105", "PC106", "PC108", "PC201", "PC202", "PC203", "PC205",
                          "PC310"})  # PC310: a pool built per request on a Worker
MAX_ROUNDS = 64
# The rule a query fan-out's callers matter to (opt-in): off for a file, the closure does
# not walk up from its fan-outs (`session.Closure`).
FAN_OUT_CODE = "PC205"
# The benchmark's report of the link phase (bench/run.py): with this set to a file, each
# run appends one JSON line there (CPU and wall seconds of the link, whether the link
# cache served it). The switch that leaves the link out is `symbols.LINK_OFF`.
BENCH_LINK_STATS = "POOLCHECK_BENCH_LINK_STATS"


def analyse_symbols(analyser, found: Sequence[FoundFile]) -> list[FileResult]:
    """Parse files for their symbols (past the prefilter), through the analyser's caches, in
    the workers of its first pass when their pool is still open (parallel.Pools)."""
    groups: dict[int, tuple[Settings, list[int]]] = {}
    for i, f in enumerate(found):
        settings = analyser.configs.for_file(f.path)
        groups.setdefault(id(settings), (settings, []))[1].append(i)
    results: list[FileResult | None] = [None] * len(found)
    for key, (settings, indexes) in groups.items():
        enabled = analyser.enabled(settings)
        if key not in analyser.caches:
            analyser.caches[key] = cache_for(analyser.cache_dir, settings, enabled)
        part = analyse_all([found[i] for i in indexes], settings, enabled, jobs=analyser.jobs,
                           cache=analyser.caches[key], force=True, pools=analyser.pools)
        for i, r in zip(indexes, part):
            results[i] = r
    return results  # type: ignore[return-value]


@contextmanager
def _heap_frozen():
    """The run's facts (every file's, thousands of objects each) out of the cycle
    collector's sight while the link allocates: each collection would walk them all,
    for nothing (they are garbage only when the run ends), and did cost as much as the
    link's own work on a 4,000-file tree."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


class LinkMemo:
    """What an editor session keeps between two links of one project (engine.document):
    each file's link input (the state key's memo: a keystroke digests the buffer alone),
    the loaded link cache, and the patches of the links it made or looked up by state key,
    trusted without reading the project files again (the session is renewed when files
    on disk may have changed)."""

    KEEP = 4

    def __init__(self, cache_dir):
        self.keys: dict = {}
        self.cache = link_cache_for(cache_dir)
        self.served: dict[str, dict] = {}

    def lookup(self, state: str, reader) -> dict | None:
        hit = self.served.get(state)
        if hit is None and self.cache is not None:
            hit = self.cache.lookup(state, reader)
            if hit is not None:
                self.keep(state, hit)
        return hit

    def keep(self, state: str, patches: dict) -> None:
        self.served.pop(state, None)
        self.served[state] = patches
        while len(self.served) > self.KEEP:
            self.served.pop(next(iter(self.served)))

    def store(self, state: str, reads: dict, patches: dict, parsed=()) -> None:
        self.keep(state, patches)
        if self.cache is not None:
            self.cache.store(state, reads, patches, parsed)

    def last_parsed(self) -> frozenset:
        return self.cache.last_parsed() if self.cache is not None else frozenset()

    def settle(self, context_results: list) -> None:
        """Forget the inputs of files no longer in the project (an older buffer's facts)."""
        live = {id(r.facts) for r in context_results}
        self.keys = {k: v for k, v in self.keys.items() if k in live}


def link_diagnostics(context_results: list, results: list, given: set[str], configs: Configurations,
                     analyser, memo: LinkMemo | None = None) -> list[Diagnostic]:
    """Link the run's files (the whole workspace of a partial run). Replaces the linked
    rules' findings of the given files in place (`results`); returns a context file's new
    findings that touch the given files (a related location in a staged helper). `memo`:
    an editor session's (LinkMemo)."""
    from .. import symbols

    if symbols.LINK_OFF:
        return []
    clock = (time.process_time(), time.perf_counter())
    stats: dict = {}
    with _heap_frozen():
        out = _link(context_results, results, given, configs, analyser, stats, memo)
    if memo is not None:
        memo.settle(context_results)
    report = os.environ.get(BENCH_LINK_STATS)
    if report:
        stats.update(cpu=time.process_time() - clock[0], wall=time.perf_counter() - clock[1])
        try:
            with open(report, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(stats) + "\n")
        except OSError:
            pass
    return out


def _link(context_results: list, results: list, given: set[str], configs: Configurations,
          analyser, stats: dict, memo: LinkMemo | None = None) -> list[Diagnostic]:
    """The link, from the link cache when its inputs are an earlier link's (`link_cache`):
    looked up before the closure (a warm run: the cached files already carry the symbols
    the last closure parsed) and, if the closure parsed anything, after it. The module
    index is built only when the link is not served."""
    from ..linker import session
    from ..linker.modules import AbsPaths, ProjectFiles, _read_bytes

    cache = memo if memo is not None else link_cache_for(analyser.cache_dir)
    stats.update(cached=False, parsed=0)
    parse = _Parser(analyser, memo.keys if memo is not None else None,
                    _enables(FAN_OUT_CODE, configs, analyser))
    abs_of = AbsPaths()
    patches = _cached(cache, context_results, parse, stats, abs_of) if cache is not None else None
    if patches is None:
        reads: dict = {}
        index = session.index_for((r.found.path for r in context_results),
                                  ProjectFiles(recording(_read_bytes, reads)), abs_of)
        closure = session.Closure(index, parse.fan_out)
        settled = _close(context_results, closure, parse, stats)
        state = state_key(context_results, parse.keys, parse.fan_out) if cache is not None else None
        if cache is not None and stats["parsed"]:
            patches = cache.lookup(state, _read_bytes)
            stats["cached"] = "after the closure" if patches is not None else False
    if patches is None:
        derived = session.link_results(in_order(context_results), index)
        facts_of = {abs_of[r.found.path]: r.facts for r in context_results if r.facts is not None}
        patches = {p: patch_of(facts_of[p].facts, new) for p, new in derived.items()}
        if cache is not None and settled:
            cache.store(state, reads, patches, parse.asked)
    return _linked_findings(context_results, results, given, configs, analyser, patches, abs_of)


def _enables(code: str, configs: Configurations, analyser):
    """found file -> whether `code` is enabled for it, asked once per folder's settings."""
    by_settings: dict[int, bool] = {}

    def enabled(found) -> bool:
        settings = configs.for_file(found.path)
        hit = by_settings.get(id(settings))
        if hit is None:
            hit = by_settings[id(settings)] = code in analyser.enabled(settings)
        return hit
    return enabled


class _Parser:
    """`analyse_symbols` for the closure, remembering what it parsed: a file parsed ahead
    (`_cached`) is not parsed again."""

    def __init__(self, analyser, keys: dict | None = None, fan_out=None):
        self.analyser = analyser
        self.fan_out = fan_out   # found file -> whether its query fan-outs seed the closure
        self.done: dict = {}     # FoundFile -> its result with symbols
        self.asked: set[str] = set()
        self.keys: dict = keys if keys is not None else {}  # the state keys' memo (`link_cache.state_key`)

    def __call__(self, found: list) -> list:
        todo = [f for f in found if f not in self.done]
        for f, r in zip(todo, analyse_symbols(self.analyser, todo)):
            self.done[f] = r
        return [self.done[f] for f in found]


def _cached(cache, context_results: list, parse: _Parser, stats: dict, abs_of) -> dict | None:
    """The cached link of a run whose files are the last link's. The files the last closure
    parsed are in the result cache with their symbols, unless they could not be stored (a
    credential in their facts): those are parsed first, as the closure would, so such a run
    is still served without the closure; if the link inputs then differ, the run goes on
    with the files as they were (the closure parses what it needs, reusing those parses)."""
    from ..linker.modules import _read_bytes
    from ..linker.session import SYMBOL_KINDS

    patches = cache.lookup(state_key(context_results, parse.keys, parse.fan_out), _read_bytes)
    if patches is not None:
        stats["cached"] = "unchanged"
        return patches
    hinted = cache.last_parsed()
    ahead = [r for r in context_results if r.facts is not None and r.facts.symbols is None
             and r.found.kind in SYMBOL_KINDS and abs_of[r.found.path] in hinted] if hinted else []
    if not ahead:
        return None
    fresh = dict(zip((id(r) for r in ahead), parse([r.found for r in ahead])))
    trial = [fresh.get(id(r), r) for r in context_results]
    patches = cache.lookup(state_key(trial, parse.keys, parse.fan_out), _read_bytes)
    if patches is not None:
        context_results[:] = trial
        stats.update(cached="unchanged", parsed=len(ahead))
    return patches


def _close(context_results: list, closure, parse, stats: dict) -> bool:
    """Parse, in rounds, the files the link needs symbols of (each round, what the last
    one's calls reached). True when the closure settled on files that all parsed whole: a
    link over it may be kept (the next run's files are these, from the result cache)."""
    for _ in range(MAX_ROUNDS):
        needed = closure.needed(context_results)
        if not needed:
            return not stats.get("transient")
        stats["parsed"] += len(needed)
        parse.asked.update(closure.asked_paths(needed))
        fresh = parse([r.found for r in needed])
        if any(r.transient for r in fresh):
            stats["transient"] = True
        parsed = {id(old): new for old, new in zip(needed, fresh)}
        context_results[:] = [parsed.get(id(r), r) for r in context_results]
    return False


def _linked_findings(context_results: list, results: list, given: set[str], configs: Configurations,
                     analyser, patches: dict, abs_of) -> list[Diagnostic]:
    """The linked rules again on each file the link changed: the given files' findings of
    those rules are replaced; a context file's new findings that touch the given files
    are returned. `abs_of`: the link's absolute paths (`linker.modules.AbsPaths`, the
    patches' keys), not `os.path.abspath` twice for every file of the run."""
    out: list[Diagnostic] = []
    if not patches:
        return out
    by_path = {abs_of[r.found.path]: r for r in results}
    for r in context_results:
        path = abs_of[r.found.path]
        patch = patches.get(path)
        if patch is None or r.facts is None:
            continue
        facts = FileFacts(path=r.facts.path, language=r.facts.language, facts=apply_patch(r.facts.facts, patch),
                          models=r.facts.models, symbols=r.facts.symbols)
        settings = configs.for_file(r.found.path)
        linked: list[Diagnostic] = []
        run_file_rules(facts, settings, analyser.enabled(settings), linked, r.errors, LINKED_CODES)
        own = by_path.get(path)
        if own is not None:
            own.diagnostics = [d for d in own.diagnostics if d.code not in LINKED_CODES] + linked
        else:
            before = set(r.diagnostics)
            out.extend(d for d in linked if d not in before and touches_given(d, given))
    return out
