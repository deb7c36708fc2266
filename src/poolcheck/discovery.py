"""File discovery and classification.

Walks the given paths, honours .gitignore files (nested, with pathspec's gitwildmatch),
skips dependency folders, build output, generated Prisma clients and virtualenvs, and
classifies each file by name into the kind of front-end that reads it.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePath, PurePosixPath
from typing import Iterable, Iterator

import pathspec

# Folders never analysed (handlers.md "Never analysed").
SKIP_DIRS = frozenset({
    "node_modules", ".git", ".hg", ".svn", ".venv", "venv", "__pycache__", ".tox", ".nox",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", ".next", ".nuxt", ".svelte-kit", ".output",
    ".turbo", ".cache", ".parcel-cache", "dist", "build", "coverage", ".direnv", ".eggs",
    "site-packages", "__pypackages__", ".vercel", ".netlify", ".wrangler", ".serverless",
    ".aws-sam", ".idea", ".vscode",
    # Vendored package-manager files (Yarn Berry's releases, plugins, SDKs and cache; pnpm's
    # store; Bower, jspm) and code generators' output (`__generated__`: GraphQL Codegen,
    # Relay): nobody's own code, often megabytes a file.
    ".yarn", ".pnpm-store", "bower_components", "jspm_packages", "__generated__",
})
# Generated Prisma clients: `.prisma/client`, `generated/prisma`, `prisma/generated`.
SKIP_DIR_PAIRS = frozenset({(".prisma", "client"), ("generated", "prisma"), ("prisma", "generated")})

CODE_KINDS = {
    ".py": "python",
    ".ts": "typescript", ".mts": "typescript", ".cts": "typescript",
    ".tsx": "tsx", ".jsx": "tsx",
    ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript",
    ".vue": "vue", ".svelte": "svelte", ".astro": "astro",
    ".md": "markdown", ".mdx": "markdown",
    ".prisma": "prisma",
}
# Deployment and project files that project rules read (by exact name).
PROJECT_FILES = {
    "package.json": "package-json",
    "vercel.json": "deploy", "netlify.toml": "deploy",
    "serverless.yml": "deploy", "serverless.yaml": "deploy",
    "template.yaml": "deploy", "template.yml": "deploy",
    "wrangler.toml": "deploy", "wrangler.json": "deploy", "wrangler.jsonc": "deploy",
    "Dockerfile": "deploy", "pgbouncer.ini": "deploy", "postgresql.conf": "deploy",
    "pyproject.toml": "pyproject",
}


# YAML that may be a Kubernetes manifest: below one of these folders, or named like one.
# The deploy front-end parses such a file only if it mentions `apiVersion` (prefilter),
# so unrelated YAML costs one read, never a parse.
K8S_DIRS = frozenset({
    "k8s", "kubernetes", "kube", ".k8s", "deploy", "deployment", "deployments", "manifests",
    "infra", "infrastructure", "kustomize", "overlays", "helm", "charts", "ops",
})
K8S_NAME_HINTS = ("deployment", "statefulset", "hpa", "autoscaler", "k8s", "kube", "manifest")


# Import specifiers that name the project's own modules, not a package: relative paths
# and the usual path aliases (`@/lib/db`, Nuxt's `~/` and `~~/`, SvelteKit's `$lib`,
# package.json `imports` `#db`).
PROJECT_IMPORT_PREFIXES = (".", "@/", "~~/", "~/", "#", "$")

# `.env.client.diff`, `.env.orig`: patches, merge leftovers and backups of env files,
# which no reader loads.
NOT_ENV_SUFFIXES = (".diff", ".patch", ".orig", ".rej", ".bak", ".swp", ".tmp", "~")


def classify(path: Path) -> str | None:
    """The kind of a file from its name, or None when poolcheck does not read it."""
    name = path.name
    if name == ".env" or name.startswith(".env.") and not name.endswith(NOT_ENV_SUFFIXES):
        return "dotenv"
    if name in PROJECT_FILES:
        return PROJECT_FILES[name]
    if name.startswith(("docker-compose", "compose.")) and name.endswith((".yml", ".yaml")):
        return "deploy"
    if name.endswith((".yml", ".yaml")):
        lower = name.lower()
        if any(h in lower for h in K8S_NAME_HINTS) or any(p in K8S_DIRS for p in path.parts[:-1]):
            return "k8s"
        return None
    if name.startswith("requirements") and name.endswith(".txt"):
        return "requirements"
    if name.endswith(".d.ts"):
        return None
    return CODE_KINDS.get(path.suffix.lower())


def classify_named(path: Path) -> str | None:
    """The kind of a file named explicitly (command line, stdin filename, editor): as
    `classify`, and also env files named by their extension (`prod.env`, `config.env`),
    which a walk leaves alone because `*.env` names many unrelated files."""
    kind = classify(path)
    if kind is None and path.suffix == ".env":
        return "dotenv"
    return kind


# Test and script layout (handlers.md "Test scope", "Script scope"), for every language.
# The one place that says which files are tests, test harnesses, fixtures or scripts;
# rules decide per code what they leave alone in each role (rules.registry SKIPPED_ROLES).
TEST_DIRS = frozenset({
    "__tests__", "tests", "test", "testing", "spec", "specs", "e2e", "e2e-tests", "e2e_tests",
    "integration-tests", "integration_tests", "__mocks__", "mocks", "__fixtures__", "fixtures",
    "testdata", "test-data", "test-utils", "test_utils", "testutils", "test-helpers",
    "playwright", "cypress", "vitest", "jest", "testcontainers",
})
# `integration/` holds integration tests beside a package's sources (apps/web/integration/),
# but inside a source folder it is product code (lib/integration/slack.ts): a test folder
# only when its parent is not one of these.
AMBIGUOUS_TEST_DIRS = frozenset({"integration"})
SOURCE_DIRS = frozenset({"src", "lib", "app", "modules", "server", "services", "utils", "api",
                         "pages", "routes", "features", "components", "core", "domain", "types"})
# File names (their start) of test runners' setup, teardown and configuration files.
TEST_SETUP_FILES = (
    "vitest.setup", "vitestSetup", "vitest-setup", "vitest.config", "vitest.workspace",
    "vitest.global", "jest.setup", "jestSetup", "jest-setup", "jest.config", "jest.global",
    "global-setup", "global-teardown", "globalSetup", "globalTeardown", "setupTests",
    "setup-tests", "setupFiles", "test-setup", "testSetup", "test-env", "testEnv",
    "test-utils", "testUtils", "test-helpers", "testHelpers", "playwright.config",
    "playwright.service.config", "cypress.config",
)
# Infixes of test file names: users.test.ts, users.spec.ts, app.e2e-spec.ts, db.mock.ts, ...
TEST_NAME_PARTS = (".test.", ".spec.", "-spec.", ".e2e.", ".e2e-", ".mock.", ".mocks.",
                   ".fixture.", ".fixtures.", ".stub.", ".test-d.")
# Env files of test runs: .env.test, .env.test.local, .env.testing, .env.e2e, .env.ci, ...
TEST_ENV_SUFFIXES = frozenset({"test", "tests", "testing", "e2e", "ci", "playwright", "cypress", "vitest", "jest"})
# Python test modules: test_*.py, *_test.py, conftest.py.
PY_TEST_PREFIX, PY_TEST_SUFFIX, PY_TEST_FILES = "test_", "_test.py", frozenset({"conftest.py"})
# Modules that only test code imports: a file importing one is a test harness whatever
# its path (a testcontainers helper in src/, a vitest setup named db-setup.ts). Matched as
# the module itself or a subpath/scoped package below it.
TEST_HARNESS_MODULES = (
    "testcontainers", "@testcontainers/", "vitest", "@vitest/", "@jest/globals", "jest",
    "jest-mock-extended", "vitest-mock-extended", "prismock", "@playwright/test", "cypress",
    "supertest", "@testing-library/", "pytest", "pytest_asyncio",
)


def is_test_harness_module(module: str) -> bool:
    """`testcontainers`, `@testcontainers/postgresql`, `vitest/config`, `pytest`: a module
    only tests import."""
    for m in TEST_HARNESS_MODULES:
        if m.endswith("/"):
            if module.startswith(m):
                return True
        elif module == m or module.startswith(m + "/") or module.startswith(m + "."):
            return True
    return False


# migrations/: data migrations (webstudio's prisma/migrations/*/migration.ts) run once.
SCRIPT_DIRS = frozenset({"scripts", "bin", "cli", "cron", "seeds", "seed", "seeders", "migrations"})
SEED_STEMS = frozenset({"seed", "seeds"})


def _test_dir(folders: tuple[str, ...]) -> bool:
    for i, folder in enumerate(folders):
        if folder in TEST_DIRS:
            return True
        if folder in AMBIGUOUS_TEST_DIRS and (i == 0 or folders[i - 1] not in SOURCE_DIRS):
            return True
    return False


def path_role(path: PurePath) -> str | None:
    """"test" or "script" when a file's name or folders say so, else None.

    Tests: `*.test.*`, `*.spec.*`, `*.e2e-spec.*`, `test_*.py`, `*_test.py`, `conftest.py`,
    test-runner setup and config files (`vitest.setup.ts`, `vitestSetup.ts`,
    `playwright.config.ts`, ...), anything under tests/, __tests__/, e2e/, fixtures/,
    __mocks__/, playwright/, cypress/, and integration/ outside a source folder. Scripts:
    seed files (`prisma/seed.ts`, `seed.py`) and anything under scripts/, bin/, cli/, cron/.
    Files that are test harnesses by what they import (testcontainers) are recognised from
    their facts: rules.file_role."""
    name = path.name
    folders = path.parts[:-1]
    if (any(part in name for part in TEST_NAME_PARTS) or name in PY_TEST_FILES
            or name.endswith(".py") and (name.startswith(PY_TEST_PREFIX) or name.endswith(PY_TEST_SUFFIX))
            or name.startswith(TEST_SETUP_FILES) or _test_dir(folders)
            or name.startswith(".env.") and name.split(".")[2] in TEST_ENV_SUFFIXES):
        return "test"
    if path.stem.split(".")[0] in SEED_STEMS or any(p in SCRIPT_DIRS for p in folders):
        return "script"
    return None


@dataclass(frozen=True)
class FoundFile:
    path: Path      # as it will be reported (joined onto the argument given)
    kind: str
    explicit: bool  # named on the command line rather than found by walking
    # The walk's own stat, so the cache can recognise an unchanged file without another.
    size: int = field(default=-1, compare=False)
    mtime_ns: int = field(default=-1, compare=False)
    link: bool = field(default=False, compare=False)  # a symlink (safeio decides if it is read)


class _Ignores:
    """Stacked .gitignore specs, each anchored at its own folder."""

    def __init__(self, specs: tuple[tuple[Path, pathspec.PathSpec], ...] = ()):
        self.specs = specs

    def child(self, folder: Path) -> "_Ignores":
        gitignore = folder / ".gitignore"
        try:
            lines = gitignore.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return self
        spec = pathspec.GitIgnoreSpec.from_lines(lines)
        return _Ignores(self.specs + ((folder, spec),))

    def ignored(self, path: Path, is_dir: bool) -> bool:
        for anchor, spec in self.specs:
            try:
                rel = path.relative_to(anchor).as_posix()
            except ValueError:
                continue
            if spec.match_file(rel + "/" if is_dir else rel):
                return True
        return False


def _repo_top(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def _gitignores_above(folder: Path) -> _Ignores:
    """The .gitignore files between the repository top and `folder` (exclusive)."""
    top = _repo_top(folder)
    ignores = _Ignores()
    if top is None:
        return ignores
    chain = [folder] + [p for p in folder.parents]
    for parent in reversed(chain[1:chain.index(top) + 1] if top in chain else []):
        ignores = ignores.child(parent)
    return ignores


class Excluder:
    """User `exclude`/`extend-exclude` patterns (gitwildmatch), anchored at the config root."""

    def __init__(self, root: Path, patterns: Iterable[str]):
        self.root = root.resolve()
        self.spec = pathspec.GitIgnoreSpec.from_lines(list(patterns))
        self.empty = not list(patterns)

    def excluded(self, path: Path, is_dir: bool = False) -> bool:
        if self.empty:
            return False
        try:
            rel = path.resolve().relative_to(self.root).as_posix()
        except (ValueError, OSError):
            rel = PurePosixPath(path.as_posix()).as_posix()
        return self.spec.match_file(rel + "/" if is_dir else rel)


def _skip_dir(entry_path: Path, parent_name: str) -> bool:
    name = entry_path.name
    if name in SKIP_DIRS or (parent_name, name) in SKIP_DIR_PAIRS:
        return True
    # A virtualenv by any name.
    return (entry_path / "pyvenv.cfg").is_file()


def walk(paths: Iterable[Path], excluder: Excluder, respect_gitignore: bool = True,
         include_markdown: bool = False) -> Iterator[FoundFile]:
    """Yield the files to analyse below `paths`, each once, in a stable order."""
    seen: set[Path] = set()
    for root in paths:
        try:
            st = root.stat()
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            kind = classify_named(root)
            if kind and (kind != "markdown" or include_markdown) and not excluder.excluded(root):
                key = root.resolve()
                if key not in seen:
                    seen.add(key)
                    yield FoundFile(root, kind, True, st.st_size, st.st_mtime_ns, root.is_symlink())
            continue
        if not stat.S_ISDIR(st.st_mode):
            continue
        ignores = _gitignores_above(root.resolve()) if respect_gitignore else _Ignores()
        yield from _walk_dir(root, ignores, excluder, respect_gitignore, include_markdown, seen)


def _walk_dir(folder: Path, ignores: _Ignores, excluder: Excluder, respect_gitignore: bool,
              include_markdown: bool, seen: set[Path]) -> Iterator[FoundFile]:
    # Iterative depth-first walk: deep trees cannot overflow the stack, and directory
    # symlinks are never followed, so symlink loops cannot trap us. For the same reason
    # a folder's real path is its parent's real path plus its name: one resolve() only.
    stack: list[tuple[Path, Path, _Ignores]] = [(folder, folder.resolve(), ignores)]
    while stack:
        current, resolved, inherited = stack.pop()
        here = inherited.child(resolved) if respect_gitignore else inherited
        try:
            with os.scandir(current) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        subdirs = []
        for entry in entries:
            path = current / entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if _skip_dir(path, current.name) or excluder.excluded(path, True):
                        continue
                    if respect_gitignore and here.ignored(resolved / entry.name, True):
                        continue
                    subdirs.append((path, resolved / entry.name))
                    continue
                if not entry.is_file(follow_symlinks=True):
                    continue  # FIFOs, sockets, dangling links
                st = entry.stat(follow_symlinks=True)
            except OSError:
                continue
            if not stat.S_ISREG(st.st_mode):
                continue
            kind = classify(path)
            if kind is None or (kind == "markdown" and not include_markdown):
                continue
            if excluder.excluded(path) or (respect_gitignore and here.ignored(resolved / entry.name, False)):
                continue
            key = resolved / entry.name
            if key in seen:
                continue
            seen.add(key)
            yield FoundFile(path, kind, False, st.st_size, st.st_mtime_ns, entry.is_symlink())
        for sub, sub_resolved in reversed(subdirs):
            stack.append((sub, sub_resolved, here))
