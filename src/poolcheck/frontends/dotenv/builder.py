"""The model of one .env file for the project's readers (DotenvModel), built by reading
it as each reader does and comparing what they read (problems, crashes, warnings)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...core.diagnostics import Span
from ...facts import EnvWarning, ParseProblem
from .model import _COMMENT_OR_BLANK, DOTENV, NODE, PRISMA, PYDOTENV, READER_NAMES, EnvEntry, Positions
from .node import expand_prisma, read_dotenv
from .python import expand_python, read_python


@dataclass
class DotenvModel:
    runtime: str = NODE
    readers: tuple[str, ...] = (PRISMA, DOTENV)
    bindings: dict[str, list[EnvEntry]] = field(default_factory=dict)
    problems: list[ParseProblem] = field(default_factory=list)
    warnings: list[EnvWarning] = field(default_factory=list)
    skipped: dict[str, list[int]] = field(default_factory=dict)  # reader -> skipped line numbers
    # Names a comment shows assigned (`# DATABASE_URL=`): an example file documenting a
    # variable the tooling provides (Wasp's `.env.server.example`). Not values: PC308 only.
    documented: frozenset[str] = frozenset()
    _values: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)
    _last: dict[str, dict[str, EnvEntry]] = field(default_factory=dict, repr=False)

    @property
    def dialect(self) -> str:
        return self.runtime

    @property
    def reader(self) -> str:
        """The project's own reader: the values URL rules check."""
        return self.readers[0]

    @property
    def entries(self) -> list[EnvEntry]:
        return self.bindings.get(self.reader, [])

    def of(self, reader: str | None) -> list[EnvEntry]:
        return self.bindings.get(reader or self.reader, [])

    def _index(self, reader: str | None) -> dict[str, EnvEntry]:
        reader = reader or self.reader
        if reader not in self._last:
            self._last[reader] = {e.key: e for e in self.of(reader)}
        return self._last[reader]

    def entry(self, key: str, reader: str | None = None) -> EnvEntry | None:
        """The assignment that wins: the last one (a bare `KEY` last unsets it in python-dotenv)."""
        found = self._index(reader).get(key)
        return found if found is not None and found.value is not None else None

    def keys(self, reader: str | None = None) -> set[str]:
        return {k for k, e in self._index(reader).items() if e.value is not None}

    def raw_values(self, reader: str | None = None) -> dict[str, str]:
        return {k: e.value for k, e in self._index(reader).items() if e.value is not None}

    def values(self, reader: str | None = None, outer: dict[str, str] | None = None) -> dict[str, str]:
        """Final values as the reader gives them (`outer`: the environment before this file).

        A key Prisma's loader cannot expand (it recurses without end) is left out."""
        reader = reader or self.reader
        if outer is None and reader in self._values:
            return self._values[reader]
        entries = self.of(reader)
        if reader == PRISMA:
            out = expand_prisma(entries, outer or {})
        elif reader == PYDOTENV:
            out = {k: v for k, v in expand_python(entries, outer or {}).items() if v is not None}
        else:
            out = {**(outer or {}), **self.raw_values(reader)} if outer else self.raw_values(reader)
        if outer is None:
            self._values[reader] = out
        return out



_COMMENTED_ASSIGNMENT = re.compile(r"^[ \t]*#+[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.]*)[ \t]*=", re.MULTILINE)


class _Builder:
    def __init__(self, text: str, runtime: str, readers: tuple[str, ...]):
        self.text = text
        self.lines = re.split(r"\r\n|\r|\n", text)
        self.model = DotenvModel(runtime=runtime, readers=readers)

    def run(self) -> DotenvModel:
        model = self.model
        # dotenv replaces \r\n and \r by \n first; python-dotenv opens the file in text
        # mode (universal newlines): both read the same normalised text.
        norm = self.text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in self.text else self.text
        pos = Positions(norm)
        if any(r in (PRISMA, DOTENV) for r in model.readers):
            js_entries, skipped = read_dotenv(norm, pos)
            model.skipped[DOTENV] = model.skipped[PRISMA] = skipped
            for reader in (PRISMA, DOTENV):
                if reader in model.readers:
                    model.bindings[reader] = js_entries
        if PYDOTENV in model.readers:
            py_entries, errors = read_python(norm, pos)
            model.bindings[PYDOTENV] = py_entries
            lines: list[int] = []
            for start, end in errors:
                first, last = pos.line_of(start), pos.line_of(max(start, end - 1))
                lines.extend(range(first, last + 1))
            model.skipped[PYDOTENV] = [n for n in dict.fromkeys(lines) if not self._blank(n)]
        model.documented = frozenset(_COMMENTED_ASSIGNMENT.findall(norm)) if "#" in norm else frozenset()
        self._problems()
        self._crashes()
        self._hash_cuts()
        self._disagreements()
        return model

    def _blank(self, number: int) -> bool:
        text = self.lines[number - 1] if 0 < number <= len(self.lines) else ""
        return _COMMENT_OR_BLANK.fullmatch(text) is not None

    def _problems(self) -> None:
        model = self.model
        skipped_by = {r: set(model.skipped.get(r, ())) for r in model.readers}
        everyone = set.intersection(*skipped_by.values()) if skipped_by else set()
        labels = [READER_NAMES[r] for r in (DOTENV, PRISMA, PYDOTENV) if r in model.readers]
        names = " and ".join(labels)
        verb = "skips" if len(labels) == 1 else "skip"
        for number in sorted(everyone):
            text = self.lines[number - 1]
            col = len(text) - len(text.lstrip()) + 1
            model.problems.append(ParseProblem(
                Span(number, col, number, max(len(text.rstrip()) + 1, col + 1)),
                f"this line is not a KEY=value assignment (or its quote is not closed); {names} {verb} it"))

    def _crashes(self) -> None:
        if PRISMA not in self.model.readers:
            return
        entries = self.model.bindings[PRISMA]
        if not any(e.value and "${" in e.value for e in entries):
            return
        expanded = self.model.values(PRISMA)
        for e in reversed(entries):
            if e.value is not None and e.key not in expanded:
                self.model.warnings.append(EnvWarning(
                    e.span, e.key,
                    f"{e.key} refers to itself through ${{...}}: Prisma's .env loader recurses "
                    f"without end and the Prisma CLI stops with 'Maximum call stack size exceeded'",
                    True))
                return  # one report: the first crash stops the loader

    def _hash_cuts(self) -> None:
        """dotenv ends an unquoted value at `#` even inside a URL (a password with `#`)."""
        reader = self.model.reader
        if reader not in (PRISMA, DOTENV):
            return
        for e in self.model.bindings[reader]:
            if e.hash_cut and _looks_like_url(e.hash_cut) and self.model.entry(e.key) is e:
                self.model.warnings.append(EnvWarning(
                    e.span, e.key,
                    f"{e.key}: dotenv ends an unquoted value at `#`, so {READER_NAMES[reader]} reads "
                    f"only the text before the `#` of {redact_url(e.hash_cut)!r}; quote the value (and "
                    f"percent-encode `#` in a password as %23)", True))

    def _disagreements(self) -> None:
        """One warning per URL key that the project's readers read differently."""
        model = self.model
        if len(model.readers) < 2:
            return
        redact = redact_url
        finals = {r: model.values(r) for r in model.readers}
        first, others = finals[model.readers[0]], [finals[r] for r in model.readers[1:]]
        keys = dict.fromkeys(k for r in model.readers for k in finals[r])
        for key in keys:
            mine = first.get(key)
            if all(other.get(key) == mine for other in others):
                continue
            seen = {r: finals[r].get(key) for r in model.readers}
            if len(set(seen.values())) < 2 or not any(_looks_like_url(v) for v in seen.values()):
                continue
            anchor = next((model.entry(key, r) for r in model.readers if model.entry(key, r) is not None))
            parts = []
            for r in model.readers:
                v = seen[r]
                parts.append(f"{READER_NAMES[r]} reads {redact(v)!r}" if v is not None
                             else f"{READER_NAMES[r]} does not define it")
            model.warnings.append(EnvWarning(
                anchor.span, key,
                f"{key} is read differently: " + "; ".join(parts) +
                "; write the value so that every reader agrees (quote it, use ${VAR} only where all expand it)",
                True))


_CUT_PASSWORD = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://[^/:@\s]*:)[^@]*$")


def redact_url(value: str | None) -> str:
    """urlmodel.redact, and also a URL cut before its `@` (`postgresql://u:secret`, read up to
    a `#`): whatever follows `user:` may be a password."""
    from ...urlmodel import redact
    out = redact(value or "")
    return _CUT_PASSWORD.sub(lambda m: m.group(1) + "***", out)


def _looks_like_url(value: str | None) -> bool:
    if not value or (":" not in value):
        return False
    from ...urlmodel import looks_like_connection_url
    return looks_like_connection_url(value)
