"""FileFacts: everything a front-end learned about one file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, TypeVar, Union

from .code import (
    ClientCall, ClientConstruction, GlobalCacheAccess, NestPrismaService, NestProvider,
    NestRequestScoped, ParallelQueries, ParseProblem, PendingTransaction, Trait, Transaction, TransactionCall
)
from .config import EnvWarning, PrismaConfig, SchemaFile
from .urls import UrlConcatenation, UrlLiteral, UrlQueryInCode


Fact = Union[
    ClientConstruction, ClientCall, Transaction, TransactionCall, ParallelQueries,
    UrlLiteral, UrlConcatenation, UrlQueryInCode, ParseProblem, Trait, GlobalCacheAccess, NestPrismaService,
    NestProvider, NestRequestScoped, EnvWarning, PendingTransaction,
]
F = TypeVar("F")


@dataclass
class FileFacts:
    """Everything a front-end learned about one file."""

    path: Path
    language: str                  # "typescript", "javascript", "python", "prisma", "dotenv", ...
    facts: list = field(default_factory=list)
    # Front-ends may attach a structured model for the project loader (a parsed schema,
    # env entries, a deployment manifest); keyed by a short name. Rules never read it:
    # what they need is a typed field or fact (schema, EnvWarning, ...).
    models: dict = field(default_factory=dict)
    schema: SchemaFile | None = None  # schema.prisma files
    prisma_config: PrismaConfig | None = None  # prisma.config.ts files
    # The file's symbols for the linker (`poolcheck.symbols.ModuleSymbols`), None when not
    # computed; and, for a file that was not parsed, the import specifiers a byte scan
    # found (the approximate import graph that decides which files the link needs).
    symbols: object = None
    import_specs: tuple[str, ...] | None = None
    # ... and the names it imports from each: (specifier, name), "*" for a whole module
    import_names: tuple[tuple[str, str], ...] | None = None
    # The environment variables a code file sets for its own process (`process.env.X = ...`,
    # `os.environ["X"] = ...`): the app defines them itself, from its config (PC308).
    env_set: tuple[str, ...] = ()

    def add(self, fact) -> None:
        self.facts.append(fact)

    def of(self, kind: type[F]) -> Iterator[F]:
        """The facts that are instances of `kind` (a type or a tuple of types), in order."""
        return iter(self.all_of(kind))

    def all_of(self, kind: type[F]) -> tuple[F, ...]:
        """`of` as a tuple, computed once per kind: project rules ask every file of a
        project for the same few kinds, rule after rule. The memo holds the list it was
        computed from and its length, so `add`, `facts.extend` or a new `facts` list
        (front-ends build files that way) are seen; it is never pickled."""
        facts = self.facts
        if not facts:
            return ()
        memo = self.__dict__.get("_by_kind")
        if memo is None or memo[0] is not facts or memo[1] != len(facts):
            memo = self.__dict__["_by_kind"] = (facts, len(facts), {})
        hit = memo[2].get(kind)
        if hit is None:
            hit = memo[2][kind] = tuple(f for f in facts if isinstance(f, kind))
        return hit

    def traits(self) -> set[str]:
        return {f.name for f in self.all_of(Trait)}

    def link_digest(self):
        """What `keep_link_digest` kept (engine.link_cache.link_input), while the facts list,
        its length and the symbols are the ones it was kept with; else None. Pickled with
        the facts (the result cache), so a warm run keys the link without a repr of every
        file. The link builds new FileFacts; front-ends edit a list before it is stored."""
        memo = self.__dict__.get("_link_digest")
        if memo is not None and memo[0] is self.facts and memo[1] == len(self.facts) and memo[2] is self.symbols:
            return memo[3]
        return None

    def keep_link_digest(self, value) -> None:
        self.__dict__["_link_digest"] = (self.facts, len(self.facts), self.symbols, value)

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("_by_kind", None)
        state.pop("_link_digest", None)
        kept = self.link_digest()
        if kept is not None:
            state["_link_digest_saved"] = kept
        return state

    def __setstate__(self, state):
        kept = state.pop("_link_digest_saved", None)
        self.__dict__.update(state)
        if kept is not None:
            self.keep_link_digest(kept)
