"""Every option the configuration accepts, as one table (`OPTIONS`), and the keys that
are not options (rule selection, paths, per-file ignores, `extend`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Option:
    """A rule or tool option: its type, default and one-line meaning (for the docs)."""

    key: str
    types: tuple[type, ...]
    default: Any
    help: str
    choices: tuple = ()


# Every option the configuration accepts beside the selection keys. Rules read them with
# `ctx.option("key")`; docs/configuration.md lists the same table.
OPTIONS: dict[str, Option] = {o.key: o for o in (
    Option("serverless", (bool, str), "auto",
           "Deploys to a serverless platform: true, false or \"auto\" (infer from files)",
           choices=(True, False, "auto")),
    Option("runtime", (str,), "auto",
           "Where the code runs: \"auto\", \"node\", \"edge\", \"workers\" or \"python\"",
           choices=("auto", "node", "edge", "workers", "python")),
    Option("prisma-version", (str,), "auto",
           "Prisma major version (\"6\", \"7\") when package.json or a lockfile cannot tell"),
    Option("max-connections", (int,), None,
           "The database's max_connections, when no compose file or postgresql.conf says"),
    Option("replicas", (int,), None, "Instances of the app that run at once"),
    Option("cpus", (int,), None,
           "Physical CPUs per instance, for Prisma's default pool size (CPUs x 2 + 1)"),
    Option("reserved-connections", (int,), 5,
           "Connections kept free for superusers and migrations (PC401)"),
    Option("serverless-connection-limit", (int,), 1,
           "Largest connection_limit tolerated on serverless without a pooler (PC303)"),
    Option("max-transaction-timeout", (int, float), 10,
           "Seconds above which an interactive transaction timeout is reported (PC203)"),
    Option("slow-calls", (list,), [],
           "Extra callee names treated as slow inside transactions (PC201)"),
    Option("include-markdown", (bool,), False,
           "Also check ts/js code fences in .md and .mdx files"),
    Option("respect-gitignore", (bool,), True, "Skip files that .gitignore excludes"),
    Option("force-exclude", (bool,), False,
           "Apply exclude patterns to files named explicitly too (pre-commit, stdin)"),
    Option("max-file-size", (int,), 2 * 1024 * 1024,
           "Files larger than this many bytes are skipped with a note"),
    Option("file-time-budget", (int, float), 20,
           "CPU seconds one file's analysis may take before it is skipped with a note (0: no limit)"),
    Option("memory-limit", (int,), 2048,
           "MiB of memory a process may hold while analysing a file before the file is skipped "
           "with a note (0: no limit)"),
)}


SELECTION_KEYS = ("select", "ignore", "extend-select")


PATH_KEYS = ("exclude", "extend-exclude")


KNOWN_KEYS = set(SELECTION_KEYS) | set(PATH_KEYS) | {"per-file-ignores", "extend"} | set(OPTIONS)
