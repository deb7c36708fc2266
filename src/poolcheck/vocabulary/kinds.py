"""File kinds: one table says, for every kind of file poolcheck reads, which names and
suffixes it has, which front-end reads it, the language label its facts carry, and
which Markdown fence tags hold code of that kind.

`engine.discovery.classify` (by suffix and by name), the front-end registry, the facts'
`language` and the Markdown fence reader all derive from `FILE_KINDS`; the views below
keep the names those callers use. Kinds found by a pattern rather than a name (`.env*`,
compose files, Kubernetes YAML, requirements*.txt) are classified in
`engine.discovery.classify`, and still have their row here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FileKind:
    kind: str
    frontend: str                  # module under poolcheck.frontends that reads it
    language: str | None = None    # FileFacts.language; None: the kind itself
    suffixes: tuple[str, ...] = ()  # lower-case file suffixes of the kind
    names: tuple[str, ...] = ()     # exact file names of the kind
    fences: tuple[str, ...] = ()    # Markdown fence info strings whose code is of this kind


# Prisma's config file, in the order the CLI looks for it at a project root (a name with a
# `/` is matched with its parent folder: `.config/prisma.ts`).
PRISMA_CONFIG_NAMES = ("prisma.config.ts", "prisma7.config.ts", ".config/prisma.ts", "prisma.config.mts",
                       "prisma.config.js", "prisma.config.mjs", "prisma.config.cts", "prisma.config.cjs")

FILE_KINDS: tuple[FileKind, ...] = (
    FileKind("python", "python", "python", (".py",)),
    FileKind("typescript", "typescript", "typescript", (".ts", ".mts", ".cts"),
             fences=("ts", "typescript", "mts", "cts")),
    FileKind("tsx", "typescript", "typescript", (".tsx", ".jsx"),
             fences=("tsx", "js", "javascript", "jsx", "mjs", "cjs")),
    FileKind("javascript", "typescript", "javascript", (".js", ".mjs", ".cjs")),
    FileKind("vue", "typescript.embedded", "vue", (".vue",)),
    FileKind("svelte", "typescript.embedded", "svelte", (".svelte",)),
    FileKind("astro", "typescript.embedded", "astro", (".astro",)),
    FileKind("markdown", "typescript.embedded", "markdown", (".md", ".mdx")),
    FileKind("prisma", "prisma_schema", "prisma", (".prisma",)),
    # Read once, by its own front-end: the TS passes and the config object on one tree.
    FileKind("prisma-config", "prisma_config", "typescript", names=PRISMA_CONFIG_NAMES),
    FileKind("dotenv", "dotenv", "dotenv"),
    # Deployment and project files that project rules read (PC4xx, project context).
    FileKind("package-json", "deploy", names=("package.json",)),
    FileKind("deploy", "deploy", names=(
        "vercel.json", "netlify.toml", "serverless.yml", "serverless.yaml", "template.yaml", "template.yml",
        "wrangler.toml", "wrangler.json", "wrangler.jsonc", "Dockerfile", "pgbouncer.ini", "postgresql.conf")),
    FileKind("pyproject", "deploy", names=("pyproject.toml",)),
    FileKind("k8s", "deploy"),
    FileKind("requirements", "deploy"),
)

def is_dockerfile_name(name: str) -> bool:
    """`Dockerfile`, and the names Docker's convention gives others: `Dockerfile.prisma`,
    `Dockerfile.dev`, `api.Dockerfile`, `Containerfile` (a `Dockerfile.prisma` is no
    Prisma schema: tegon builds its migration image from one)."""
    return name in ("Dockerfile", "Containerfile") or name.startswith(("Dockerfile.", "Containerfile.")) \
        or name.endswith((".Dockerfile", ".dockerfile", ".Containerfile"))


# Views, derived from FILE_KINDS.
# file suffix -> kind (source code and schemas)
CODE_KINDS: dict[str, str] = {s: k.kind for k in FILE_KINDS for s in k.suffixes}
# exact file name -> kind (deployment and project files, prisma.config.ts)
PROJECT_FILES: dict[str, str] = {n: k.kind for k in FILE_KINDS for n in k.names if "/" not in n}
# `folder/name` -> kind, for names that count only in a folder of that name
NESTED_FILES: dict[str, str] = {n: k.kind for k in FILE_KINDS for n in k.names if "/" in n}
# kind -> front-end module (relative to poolcheck.frontends)
FRONTEND_MODULES: dict[str, str] = {k.kind: k.frontend for k in FILE_KINDS}
# kind -> FileFacts.language, for the kinds whose label is set (others carry the kind)
LANGUAGE_OF_KIND: dict[str, str] = {k.kind: k.language for k in FILE_KINDS if k.language is not None}
# Markdown fence info string -> the kind its code is parsed as
FENCE_LANGUAGES: dict[str, str] = {f: k.kind for k in FILE_KINDS for f in k.fences}


def language_of(kind: str) -> str:
    """The language label of a kind's facts (`FileFacts.language`)."""
    return LANGUAGE_OF_KIND.get(kind, kind)
