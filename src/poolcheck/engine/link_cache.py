"""The link's cache: a run whose link reads what an earlier run's link read reuses that
link (no closure, no binding, no propagation), beside the per-file result cache.

The key is a digest of every input the link reads (`state_key`), in path order:
- each file of the run, by path and kind (the module index: what an import may resolve
  to); for a code file with symbols, its symbols, the facts the link reads (constructions,
  lifecycle calls, transactions, fan-outs, transaction calls, each with its place in the
  file's list) and whether it runs on Workers; for one without, the import specifiers and
  names its byte scan found. Values are digested by their `repr` (frozen dataclasses,
  tuples, strings: equal values, equal bytes, however they were built or unpickled);
- the project files the resolvers read (package.json, tsconfig.json/jsconfig.json,
  pyproject.toml), kept in the entry with their content's digest or their absence and read
  again (through safeio, as the resolvers read them) before an entry is trusted.
An edit inside a function body that moves no symbol, a file no import graph edge changes,
a one-file pre-commit run over an unchanged workspace: the same key. An import, an
export, a call site, a construction that changes: another key, and the link runs.

The value is, for each file whose facts the link changes, a patch: the facts it replaces
(by position) and the facts it adds. The engine applies it to the file's current facts and
runs the linked rules again (they read settings and the package, not the link's inputs).

One file per (format, poolcheck version and code, working directory), holding the last
`KEEP` links; the folder rules, the restricted unpickler and the atomic write are the
result cache's (`cache.py`), and so is the rule on credentials: a link whose patches hold
one (a URL with a password in a construction's options) is not stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from .. import __version__
from ..core.digest import blake2b
from ..facts import (ClientCall, ClientConstruction, FileFacts, ParallelQueries, PendingTransaction,
                     Transaction, TransactionCall)
from .cache import code_fingerprint, content_hash, holds_secret, load_pickle, save_pickle

FORMAT = 1
KEEP = 4
# The facts the link reads (its seeds, its scopes, the calls of transaction bodies).
LINK_FACTS = (ClientConstruction, ClientCall, Transaction, ParallelQueries, TransactionCall, PendingTransaction)
CODE_KINDS = frozenset({"typescript", "tsx", "javascript", "vue", "svelte", "astro", "python"})


def file_input(r, fan_out=None) -> str:
    """What the link reads of one file of the run, as text to digest. `fan_out(found)`:
    whether the file's query fan-outs seed the closure (`linking.FAN_OUT_CODE` on for it);
    off, a file with one says so (the closure it gives is another)."""
    head = f"{r.found.path}\x1f{r.found.kind}"
    facts = r.facts
    if facts is None or r.found.kind not in CODE_KINDS:
        return head if facts is not None else head + "\x1fnone"
    if facts.symbols is None:   # () and None alike (the result cache stores an empty file as None)
        return repr((head, facts.import_specs or (), facts.import_names or ()))
    digest, fans_out = link_input(facts)
    text = f"{head}\x1f{facts.path}\x1f{digest}"
    if fan_out is not None and fans_out and not fan_out(r.found):
        text += "\x1fno-fan-out"
    return text


def link_input(facts) -> tuple[str, bool]:
    """(the digest of what the link reads of a parsed file's facts: its symbols, the facts
    it reads and their positions, the trait that changes its scopes; whether it has a query
    fan-out). Computed once per facts and kept with them in the result cache
    (`FileFacts.link_digest`): a one-file run
    keys the link over every file of its project, and the repr of every file's symbols
    was 8 % of its instructions (documenso)."""
    value = facts.link_digest()
    if value is None:
        value = _digest_link_reads(facts)
        facts.keep_link_digest(value)
    return value


def _digest_link_reads(facts) -> tuple[str, bool]:
    relevant = [(i, f) for i, f in enumerate(facts.facts) if isinstance(f, LINK_FACTS)]
    text = repr((facts.symbols, relevant, "cloudflare-worker" in facts.traits()))
    return (content_hash(text.encode("utf-8", errors="surrogatepass")),
            any(isinstance(f, ParallelQueries) for _, f in relevant))


def in_order(results: Iterable) -> list:
    """The run's files in the order the link sees them: by path, so a one-file run (its
    file first, the workspace after) links as the whole run does, and shares its key."""
    return sorted(results, key=lambda r: str(r.found.path))


def state_key(results: Iterable, memo: dict | None = None, fan_out=None) -> str:
    """The digest of the link's inputs. `memo` (one per run: id of a file's facts -> its
    input) spares a second key over mostly the same files their digest; `fan_out`: as
    `file_input`'s."""
    h = blake2b(digest_size=16)
    for r in in_order(results):
        if memo is None:
            text = file_input(r, fan_out)
        else:
            hit = memo.get(id(r.facts))
            if hit is None or hit[0] is not r.facts:
                hit = memo[id(r.facts)] = (r.facts, file_input(r, fan_out))
            text = hit[1]
        h.update(text.encode("utf-8", errors="surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def recording(reader: Callable[[str], bytes | None], reads: dict) -> Callable[[str], bytes | None]:
    """`reader`, noting each path it is asked for with its content's digest (None: absent)."""
    def read(path: str) -> bytes | None:
        data = reader(path)
        reads[path] = content_hash(data) if data is not None else None
        return data
    return read


# -- patches: what the link changes in a file's facts ------------------------------------------
def patch_of(old: list, new: list) -> tuple[tuple, tuple]:
    """(replaced facts by position, added facts): `new` is `old` with some facts replaced
    and the link's own facts appended (`linker.derive`)."""
    replaced = tuple((i, f) for i, (a, f) in enumerate(zip(old, new)) if f is not a)
    return replaced, tuple(new[len(old):])


def apply_patch(old: list, patch: tuple[tuple, tuple]) -> list:
    replaced, added = patch
    out = list(old)
    for i, f in replaced:
        out[i] = f
    out.extend(added)
    return out


def _holds_secret(patches: dict) -> bool:
    from .files import FileResult

    for replaced, added in patches.values():
        facts = FileFacts(path=Path("."), language="", facts=[f for _, f in replaced] + list(added))
        if holds_secret(FileResult(found=None, facts=facts)):
            return True
    return False


class LinkCache:
    def __init__(self, directory: Path):
        key = blake2b(f"{FORMAT}|{__version__}|{code_fingerprint()}|{Path.cwd()}".encode(),
                              digest_size=16).hexdigest()
        self.directory = directory
        self.path = directory / f"link-{key}.pickle"
        # state key -> (project reads, patches, the files its closure parsed), oldest first
        self.entries: dict[str, tuple[tuple, dict, frozenset]] = {}
        self._load()

    def _load(self) -> None:
        entries = load_pickle(self.path, FORMAT, lambda v: isinstance(v, tuple) and len(v) == 3
                              and isinstance(v[0], tuple) and isinstance(v[1], dict)
                              and isinstance(v[2], frozenset))
        self.entries = entries or {}

    def lookup(self, state: str, reader: Callable[[str], bytes | None]) -> dict | None:
        """The patches of the link with these inputs, if the project files it read are
        unchanged."""
        entry = self.entries.get(state)
        if entry is None:
            return None
        reads, patches, _ = entry
        for path, digest in reads:
            data = reader(path)
            if (content_hash(data) if data is not None else None) != digest:
                return None
        return patches

    def last_parsed(self) -> frozenset:
        """The files the closure of the last link stored parsed for symbols."""
        return self.entries[next(reversed(self.entries))][2] if self.entries else frozenset()

    def store(self, state: str, reads: dict, patches: dict, parsed=()) -> bool:
        """Keep this link (False when its patches hold a credential: never written)."""
        if _holds_secret(patches):
            return False
        self.entries.pop(state, None)
        self.entries[state] = (tuple(sorted(reads.items())), patches, frozenset(parsed))
        while len(self.entries) > KEEP:
            self.entries.pop(next(iter(self.entries)))
        self._save()
        return True

    def _save(self) -> None:
        save_pickle(self.path, {"format": FORMAT, "entries": self.entries})


def link_cache_for(cache_dir: Path | None) -> LinkCache | None:
    return LinkCache(cache_dir) if cache_dir is not None else None
