"""Per-project cache of file-scope results, so an unchanged tree costs little more than a walk.

One index file per (poolcheck version, effective settings, project root), loaded once
and written once per run. An entry is trusted when the file's size and modification
time are unchanged (the file is not even read), or, failing that, when its content hash
matches. Writes are atomic (temp file + rename), so concurrent runs never see a torn
index: the last writer wins and both results are valid. A corrupt or foreign index is
ignored and rebuilt, never trusted. Unpickling is restricted to poolcheck's own classes
and a few plain types, so a tampered cache cannot run code. The folder is private (0700),
the index file 0600, and no credential is ever stored: a file whose facts hold one (an
env file, a URL with a password) is not cached (`holds_secret`).
"""

from __future__ import annotations

import copy
import functools
import io
import os
import pickle
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__, frontends
from ..core.resources import default_cache_dir  # noqa: F401  (the CLI's and the editor's)
from ..core.atomic import replace_with
from ..core.digest import blake2b
from .files import FileResult

if TYPE_CHECKING:
    from ..config import Settings
    from .discovery import FoundFile

FORMAT = 5  # 5: each entry's payload pickled on its own; 4: facts became a package; 3: FileFacts.symbols
RACY_WINDOW_NS = 2_000_000_000
_SAFE_MODULE_PREFIXES = ("poolcheck.",)
_SAFE_GLOBALS = {
    ("builtins", "set"), ("builtins", "frozenset"), ("builtins", "dict"), ("builtins", "list"),
    ("builtins", "tuple"), ("builtins", "object"), ("collections", "OrderedDict"),
    ("pathlib", "PosixPath"), ("pathlib", "WindowsPath"), ("pathlib", "Path"),
    ("pathlib", "PurePosixPath"), ("copyreg", "_reconstructor"),
}


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _SAFE_GLOBALS or module.startswith(_SAFE_MODULE_PREFIXES):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refusing to load {module}.{name} from the cache")


def content_hash(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


def _decode(blob: bytes) -> Any:
    return _SafeUnpickler(io.BytesIO(blob)).load()


@dataclass
class Entry:
    size: int
    mtime_ns: int
    digest: str
    # The picklable part of an engine FileResult (cache.payload), pickled on its own and
    # unpickled on first use (`result`): a one-file run (pre-commit, an editor) loads the
    # index of the whole tree but restores only its project's files. None: nothing to
    # restore (most files).
    blob: bytes | None
    checked_ns: int = field(default_factory=time.time_ns)
    # Stats of the project files the analysis consulted beyond the file itself
    # (package.json, lockfiles: the Prisma version, the dotenv dialect).
    inputs: tuple = ()

    @classmethod
    def of(cls, size: int, mtime_ns: int, digest: str, result: Any, inputs: tuple = ()) -> "Entry":
        blob = None if result is None else pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        return cls(size, mtime_ns, digest, blob, inputs=inputs)

    @property
    def result(self) -> Any:
        """The payload, unpickled once (restricted like the index: poolcheck's classes)."""
        if "_result" not in self.__dict__:
            self.__dict__["_result"] = None if self.blob is None else _decode(self.blob)
        return self.__dict__["_result"]

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("_result", None)
        return state

    @property
    def racy(self) -> bool:
        """Modified so shortly before we read it that a later edit may keep the same
        size and mtime (coarse filesystem clocks); such entries are checked by content,
        as git does for "racily clean" index entries."""
        return self.checked_ns - self.mtime_ns < RACY_WINDOW_NS


@functools.cache
def code_fingerprint() -> str:
    """Stats of poolcheck's own modules and grammars: results computed by other code (an
    upgrade, or an edit in a development checkout) are never reused. Once per process (the
    result cache and the link cache both key on it; the code a process runs is the code it
    imported), by os.walk: the pathlib glob and stat of 300 files was 7 ms a call, 6 % of
    a one-file run served from the cache."""
    from ..core.resources import data_dir

    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # poolcheck/
    parts = _stats(package, ".py", True) + _stats(str(data_dir("grammars")), ".lark", False)
    return blake2b("|".join(parts).encode(), digest_size=16).hexdigest()


def _stats(folder: str, suffix: str, recurse: bool) -> list[str]:
    """`relative/path:size:mtime_ns` of the files ending in `suffix` under `folder`, in
    path order."""
    out = []
    for directory, subdirs, names in os.walk(folder):
        if not recurse:
            subdirs.clear()
        prefix = os.path.relpath(directory, folder).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        for name in names:
            if name.endswith(suffix):
                try:
                    st = os.stat(os.path.join(directory, name))
                except OSError:
                    continue
                out.append(f"{prefix}{name}:{st.st_size}:{st.st_mtime_ns}")
    return sorted(out)


def _private_folder(directory: Path) -> None:
    """Create the cache folder readable by its owner only (0700), and tighten an existing
    one we own: the index names every file of the project."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        st = directory.stat()
        if st.st_uid == os.getuid() and st.st_mode & 0o077:
            directory.chmod(0o700)
    except (OSError, AttributeError):  # AttributeError: no getuid on Windows
        pass


class ResultCache:
    def __init__(self, directory: Path, settings_fingerprint: str, root: Path):
        key = blake2b(
            f"{FORMAT}|{__version__}|{code_fingerprint()}|{settings_fingerprint}|{root.resolve()}".encode(),
            digest_size=16).hexdigest()
        self.directory = directory
        self.path = directory / f"index-{key}.pickle"
        self.entries: dict[str, Entry] = {}
        self.dirty = False
        self.hits = 0
        self._load()

    def _load(self) -> None:
        entries = load_pickle(self.path, FORMAT, lambda e: isinstance(e, Entry) and (
            e.blob is None or isinstance(e.blob, bytes)))
        if entries is False:   # corrupt, truncated or tampered: start afresh
            self.dirty = True
        elif entries is not None:
            self.entries = entries

    # Entries are keyed by the path as the run names it: the index itself is specific to
    # the working directory, so the same key always means the same file.
    def lookup(self, path: Path, size: int, mtime_ns: int, inputs: tuple = ()) -> Entry | None:
        """The entry for `path` if size and mtime say it is unchanged (no read needed)."""
        key = str(path)
        entry = self.entries.get(key)
        if entry is not None and entry.size == size and entry.mtime_ns == mtime_ns \
                and entry.inputs == inputs and not entry.racy and self._readable(key, entry):
            self.hits += 1
            return entry
        return None

    def _readable(self, key: str, entry: Entry) -> bool:
        """Whether the entry's payload unpickles; a corrupt or tampered one is dropped
        (and the file analysed again), never trusted."""
        try:
            entry.result
        except Exception:
            del self.entries[key]
            self.dirty = True
            return False
        return True

    def lookup_content(self, path: Path, stat: os.stat_result, digest: str,
                       inputs: tuple = ()) -> Entry | None:
        """The entry for `path` if its content is unchanged though its mtime moved."""
        key = str(path)
        entry = self.entries.get(key)
        if entry is not None and entry.digest == digest and entry.inputs == inputs \
                and self._readable(key, entry):
            self.hits += 1
            fresh = self.entries[key] = Entry(stat.st_size, stat.st_mtime_ns, digest, entry.blob, inputs=inputs)
            fresh.__dict__["_result"] = entry.result
            self.dirty = True
            return entry
        return None

    def store(self, path: Path, stat: os.stat_result, digest: str, result: Any,
              inputs: tuple = ()) -> None:
        try:
            entry = Entry.of(stat.st_size, stat.st_mtime_ns, digest, result, inputs)
        except Exception:  # not picklable (or nested past pickle's stack): not cached
            return
        self.entries[str(path)] = entry
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        save_pickle(self.path, {"format": FORMAT, "entries": self.entries})
        self.dirty = False


def load_pickle(path: Path, fmt: int, valid) -> dict | None | bool:
    """The entries of a cache file `save_pickle` wrote in format `fmt`, each `valid(entry)`;
    None when there is no such file, False when it is corrupt, truncated, tampered with or
    foreign (never trusted; the restricted unpickler runs no code)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    try:
        data = _unpickled(raw)
        if not isinstance(data, dict) or data.get("format") != fmt:
            raise ValueError("foreign cache format")
        entries = data["entries"]
        if not isinstance(entries, dict) or not all(valid(e) for e in entries.values()):
            raise ValueError("malformed entries")
        return entries
    except Exception:
        return False


def _unpickled(raw: bytes):
    """The restricted unpickle of a whole index with the cycle collector paused: it
    builds thousands of long-lived entries and no garbage, and the collections its
    allocations trigger would traverse them again and again (a third of the
    collector's work in a one-file run)."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        return _SafeUnpickler(io.BytesIO(raw)).load()
    finally:
        if enabled:
            gc.enable()


def save_pickle(path: Path, data) -> None:
    """Write `data` pickled to `path` in the private cache folder, atomically (temp file,
    0600, then rename); a read-only or full cache folder never fails the run."""
    try:
        _private_folder(path.parent)
        payload = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
        replace_with(path, payload, "." + path.name.split("-", 1)[0] + "-")
    except (OSError, pickle.PicklingError):
        pass


def holds_secret(result: FileResult) -> bool:
    """Whether a file's facts hold a credential: such a result is never written to the
    cache (it is analysed again next run), so no password ever lands on disk.

    Env files are secret stores by nature; elsewhere a URL with a password, a token or a
    secret parameter, or a client option named like a secret, counts."""
    from ..facts import ClientConstruction, UrlConcatenation, UrlLiteral
    from ..urlmodel import is_secret_key, redact, redact_text

    facts = result.facts
    if facts is None:
        return False
    if "dotenv" in facts.models:
        return True
    for f in facts.facts:
        if isinstance(f, UrlLiteral) and redact(f.value) != f.value:
            return True
        if isinstance(f, UrlConcatenation) and redact_text(f.appended) != f.appended:
            return True
        if isinstance(f, ClientConstruction):
            for key, value in f.options:
                if isinstance(value, str) and (is_secret_key(key.rsplit(".", 1)[-1])
                                               or redact_text(value) != value):
                    return True
    return False


def secret_pieces(result: FileResult) -> list[str]:
    """The credentials `holds_secret` finds in a file's facts, as the pieces the redactor
    masks (a password, a token), and the values of env keys named like secrets: a run
    whose output holds one of them is never stored for replay (engine.recording).
    Placeholders (PC307's `placeholder_password`: `pass`, `changeme`, anything under four
    characters) are no credential: words like these are in every report."""
    from ..facts import ClientConstruction, UrlConcatenation, UrlLiteral
    from ..urlmodel import is_secret_key, placeholder_password, redact, redact_text

    facts = result.facts
    if facts is None:
        return []
    pairs: list[tuple[str, str]] = []  # (key or "", value)
    dotenv = facts.models.get("dotenv")
    for entry in getattr(dotenv, "entries", None) or ():
        if entry.value:
            pairs.append((entry.key, entry.value))
    for f in facts.facts:
        if isinstance(f, UrlLiteral):
            pairs.append(("", f.value))
        elif isinstance(f, UrlConcatenation):
            pairs.append(("", f.appended))
        elif isinstance(f, ClientConstruction):
            pairs.extend((key.rsplit(".", 1)[-1], value) for key, value in f.options if isinstance(value, str))
    out: list[str] = []
    for key, value in pairs:
        if key and is_secret_key(key):
            out.append(value)
        else:
            out.extend(_masked(value, redact(value) if "://" in value else redact_text(value)))
    return list(dict.fromkeys(p for p in out if not placeholder_password(p)))


def _masked(value: str, redacted: str) -> list[str]:
    """What `redacted` (`value` with pieces replaced by `***`) masked; the whole value when
    the two cannot be lined up."""
    if redacted == value:
        return []
    segments = redacted.split("***")
    if not value.startswith(segments[0]):
        return [value]
    pos, out = len(segments[0]), []
    for segment in segments[1:]:
        end = value.find(segment, pos) if segment else len(value)
        if end == -1:
            return [value]
        out.append(value[pos:end])
        pos = end + len(segment)
    return out


def payload(result: FileResult):
    # Most files have no facts and no findings; store those as None so a warm run over
    # a large tree unpickles almost nothing.
    facts = result.facts
    if (facts is not None and not facts.facts and not facts.models and not result.diagnostics
            and facts.symbols is None and not facts.import_specs and not facts.env_set
            and not result.suppressions.by_line and not result.suppressions.file_wide):
        return None
    if facts is not None:  # the path is the entry's own (restore puts it back): no Path to unpickle
        facts = copy.copy(facts)
        facts.path = None
    return (facts, result.diagnostics, result.suppressions)


def unparsed(payload) -> bool:
    """A cached result without symbols (the prefilter rejected the file, or it did not
    seed the link): the linker's closure parses it again, with symbols."""
    return payload is None or payload[0] is None or payload[0].symbols is None


def restore(found: FoundFile, payload) -> FileResult:
    if payload is None:
        return FileResult(found=found, facts=frontends.empty_facts(found.path, found.kind))
    facts, diagnostics, suppressions = payload
    if facts is not None:
        facts.path = found.path
    return FileResult(found=found, facts=facts, diagnostics=list(diagnostics), suppressions=suppressions)


def cache_for(cache_dir: Path | None, settings: Settings, enabled: set[str]):
    if cache_dir is None:
        return None
    from ..symbols import LINK_OFF   # the benchmark's runs without the link: no symbols, no scan

    return ResultCache(cache_dir, f"{settings.fingerprint()}|{sorted(enabled)}|{Path.cwd()}|{LINK_OFF}",
                       settings.root)
