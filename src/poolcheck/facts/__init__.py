"""Language-neutral facts: what front-ends find and rules consume.

A front-end knows one syntax, a rule knows one mistake. Front-ends (Python, TS/JS and
the code embedded in .vue/.svelte/.astro/.md, schema.prisma, .env, deployment files)
turn a file into a `FileFacts`; rules read only these types, so one rule serves every
language. Facts are plain frozen dataclasses so they pickle (cache, worker processes).

The package's modules: `scope` (ScopeKind, Scope, ClientApi, UNKNOWN), `code` (client and
transaction facts), `urls`, `config` (schema, prisma.config.ts, .env), `file` (FileFacts),
`deploy` (project facts) and `views` (what rules see of settings and project). Callers
import every name from here.
"""

from __future__ import annotations

from .scope import (
    ScopeKind, Scope, MODULE_SCOPE, ClientApi, _Unknown, UNKNOWN, OptionValue
)
from .code import (
    ClientConstruction, ClientCall, Transaction, TransactionCall, ParallelQueries, PendingTransaction,
    ParseProblem, Trait, GlobalCacheAccess, NestPrismaService, NestProvider,
    NestRequestScoped, STANDALONE_SCRIPT, CLIENT_MODULE_EXPORTS
)
from .urls import UrlLiteral, UrlConcatenation, UrlFromResource, UrlQueryInCode  # noqa: F401
from .config import (
    UrlSetting, Datasource, SchemaFile, ConfigValue, PrismaConfig, EnvWarning
)
from .file import Fact, F, FileFacts  # noqa: F401
from .deploy import (
    DeploymentTarget, Workload, Autoscaler, MaxConnections, PoolerSetting, PackageInfo
)
from .views import SettingsView, PackageView, PackageInProcess, ProjectView  # noqa: F401

__all__ = [
    "ScopeKind",
    "Scope",
    "MODULE_SCOPE",
    "ClientApi",
    "UNKNOWN",
    "OptionValue",
    "ClientConstruction",
    "ClientCall",
    "Transaction",
    "TransactionCall",
    "PendingTransaction",
    "ParallelQueries",
    "ParseProblem",
    "Trait", "STANDALONE_SCRIPT", "CLIENT_MODULE_EXPORTS",
    "GlobalCacheAccess",
    "NestPrismaService",
    "NestProvider",
    "NestRequestScoped",
    "UrlLiteral",
    "UrlConcatenation",
    "UrlQueryInCode", "UrlFromResource",
    "UrlSetting",
    "Datasource",
    "SchemaFile",
    "ConfigValue",
    "PrismaConfig",
    "EnvWarning",
    "Fact",
    "F",
    "FileFacts",
    "DeploymentTarget",
    "Workload",
    "Autoscaler",
    "MaxConnections",
    "PoolerSetting",
    "PackageInfo",
    "SettingsView",
    "PackageView",
    "PackageInProcess", "ProjectView",
]
