"""What schema.prisma, prisma.config.ts and .env files say, as facts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.diagnostics import Span


# Schema and env facts (frontends/prisma_schema.py, frontends/dotenv.py).

@dataclass(frozen=True)
class UrlSetting:
    """A datasource URL: a literal, `env("X")`, or something Prisma rejects (neither)."""

    role: str                  # "url" | "directUrl" | "shadowDatabaseUrl"
    span: Span                 # the value's span
    key_span: Span
    literal: str | None = None
    env_var: str | None = None


@dataclass(frozen=True)
class Datasource:
    name: str
    span: Span
    provider: str | None
    provider_span: Span | None
    urls: tuple[UrlSetting, ...] = ()

    def url(self, role: str = "url") -> UrlSetting | None:
        return next((u for u in self.urls if u.role == role), None)


@dataclass(frozen=True)
class SchemaFile:
    """What a schema.prisma says that rules read: its datasource blocks (Prisma allows one;
    the first is the one it uses)."""

    datasources: tuple[Datasource, ...] = ()

    @property
    def datasource(self) -> Datasource | None:
        return self.datasources[0] if self.datasources else None


@dataclass(frozen=True)
class ConfigValue:
    """A config value: a string literal (its span inside the quotes), `env("X")`,
    `process.env.X`, or something else (neither set)."""

    span: Span
    literal: str | None = None
    env_var: str | None = None
    # `process.env.A || process.env.B ?? "..."`: the variables tried after `env_var`, and
    # whether a non-environment default ends the chain.
    fallbacks: tuple[str, ...] = ()
    has_default: bool = False
    # How the config reads `env_var`, as written (`process.env.DIRECT_URL`,
    # `process.env["DIRECT_URL"]`, `env("DIRECT_URL")`), for messages; None when unknown.
    written: str | None = None

    @property
    def env_vars(self) -> tuple[str, ...]:
        return ((self.env_var,) if self.env_var else ()) + self.fallbacks


@dataclass(frozen=True)
class PrismaConfig:
    """What prisma.config.ts sets that rules read (frontends/prisma_config.py)."""

    path: Path
    schema: ConfigValue | None = None
    datasource_url: ConfigValue | None = None
    direct_url: ConfigValue | None = None
    shadow_database_url: ConfigValue | None = None
    seed: ConfigValue | None = None
    has_adapter: bool = False  # `adapter:` / `engine: "js"` / `experimental.adapter`


@dataclass(frozen=True)
class EnvWarning:
    """An env-file line the project's reader takes differently from what it says (PC306
    for a URL)."""

    span: Span
    key: str
    message: str
    url_related: bool = False  # the value is (or would be) a connection URL
