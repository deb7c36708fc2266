"""Project layout conventions, as data: the folders never analysed, where Kubernetes
manifests live, which import specifiers name the project's own modules, and which files
are tests, test harnesses or scripts (`path_role`, the one classifier every layer uses:
discovery, front-ends, rules; handlers.md "Never analysed", "Test scope", "Script scope")."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import PurePath

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


# YAML that may be a Kubernetes manifest: below one of these folders, or named like one.
# The deploy front-end parses such a file only if it mentions `apiVersion` (prefilter),
# so unrelated YAML costs one read, never a parse.
K8S_DIRS = frozenset({
    "k8s", "kubernetes", "kube", ".k8s", "deploy", "deployment", "deployments", "manifests",
    "infra", "infrastructure", "kustomize", "overlays", "helm", "charts", "ops",
})


K8S_NAME_HINTS = ("deployment", "statefulset", "hpa", "autoscaler", "k8s", "kube", "manifest")


# Folders and files of health-check routes (`app/api/status/route.ts`, `api/healthz.ts`,
# `routes/health.py`), and the segments of route paths (`@Get('/healthz')`,
# `app.get('/api/health', ...)`, `@app.get("/health")`): there a `$connect()` is the check
# itself, not per-request overhead (PC105). The linker reaches a helper from an ordinary
# route before a health route.
HEALTH_ROUTE_NAMES = frozenset({"health", "healthz", "healthcheck", "health-check", "health_check",
                                "status", "ready", "readyz", "readiness", "live", "livez",
                                "liveness", "ping", "heartbeat"})


def health_route(path: str | PurePath) -> bool:
    """A file whose folders or own name (before its first dot) mark a health check."""
    parts = PurePath(path).parts
    if not parts:
        return False
    return any(p.lower() in HEALTH_ROUTE_NAMES for p in parts[:-1]) \
        or parts[-1].split(".")[0].lower() in HEALTH_ROUTE_NAMES


# What may come before a health segment in a route path: `/api/health`, `/api/v1/healthz`,
# `/internal/status`; `/orders/status` is a resource's status, no health check.
_HEALTH_PREFIXES = frozenset({"api", "internal", "_", "system", "sys", "monitoring", "management", "actuator", "ops"})


def health_url(route: str | None) -> bool:
    """A route path whose first segments, past API prefixes (`/api`, `/v1`), mark a health
    check: `/healthz`, `api/health/db`, `/status`; not `/health-stats`, a parameter
    (`/orders/:status`: segments are compared whole, as file names are) nor a resource's
    sub-path (`/orders/status`, `/users/ping`)."""
    if route is None:
        return False
    for seg in route.lower().split("/"):
        if not seg:
            continue
        if seg in HEALTH_ROUTE_NAMES:
            return True
        if seg not in _HEALTH_PREFIXES and not (seg[0] == "v" and seg[1:].isdigit()):
            return False
    return False


# Import specifiers that name the project's own modules, not a package: relative paths
# and the usual path aliases (`@/lib/db`, Nuxt's `~/` and `~~/`, SvelteKit's `$lib`,
# package.json `imports` `#db`).
PROJECT_IMPORT_PREFIXES = (".", "@/", "~~/", "~/", "#", "$")


def is_project_specifier(m: str) -> bool:
    """A specifier that may name a module of the project: the prefixes above and baseUrl
    paths (`lib/db`); not npm packages (`pg`, `@prisma/client`), though a scoped package's
    subpath (`@acme/db/replica`) may be a workspace package's module."""
    return m.startswith(PROJECT_IMPORT_PREFIXES) or ("/" in m and not m.startswith("@")) \
        or m.startswith("@") and m.count("/") >= 2


# `.env.client.diff`, `.env.orig`: patches, merge leftovers and backups of env files,
# which no reader loads.
NOT_ENV_SUFFIXES = (".diff", ".patch", ".orig", ".rej", ".bak", ".swp", ".tmp", "~")


# Test and script layout (handlers.md "Test scope", "Script scope"), for every language.
# The one place that says which files are tests, test harnesses, fixtures or scripts;
# rules decide per code what they leave alone in each role (rules.registry.SKIPPED_ROLES).
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


# One expression for the table (a front-end asks for every import binding of a file):
# an entry ending in "/" is a prefix, any other the module itself or a subpath/submodule.
_TEST_HARNESS = re.compile("|".join(
    re.escape(m) if m.endswith("/") else re.escape(m) + r"(?:[/.]|\Z)" for m in TEST_HARNESS_MODULES))


def is_test_harness_module(module: str) -> bool:
    """`testcontainers`, `@testcontainers/postgresql`, `vitest/config`, `pytest`: a module
    only tests import."""
    return _TEST_HARNESS.match(module) is not None


# migrations/: data migrations (webstudio's prisma/migrations/*/migration.ts) run once.
SCRIPT_DIRS = frozenset({"scripts", "bin", "cli", "cron", "seeds", "seed", "seeders", "migrations"})


SEED_STEMS = frozenset({"seed", "seeds"})
# `seed-synthetic-dataset.ts`, `seedDashboard.ts`, `seed_users.py`, `seed2.ts`: a seed stem
# followed by a separator, a capital or a digit (`seeder-utils.ts`, `seedling.ts` are not).
# Also a seed stem as the last word after a separator: `index_seed.js`, `dev-seed.ts`,
# `users.seed.ts` (`reseed.ts`, `cottonseed.ts` are not).
_SEED_NAME = re.compile(r"^seeds?(?:[-_.A-Z0-9]|\Z)|[-_.]seeds?\Z")


def _test_dir(folders: tuple[str, ...]) -> bool:
    for i, folder in enumerate(folders):
        if folder in TEST_DIRS:
            return True
        if folder in AMBIGUOUS_TEST_DIRS and (i == 0 or folders[i - 1] not in SOURCE_DIRS):
            return True
    return False


# The files and folders that mark a project's top. The folders above the outermost folder
# holding one are where the checkout sits on the machine (`~/bin/app`, `/tmp/tests/app`,
# a harness's `cases/seed/`), not the project's own: they never give a file a role.
PROJECT_TOP_MARKERS = ("package.json", "pyproject.toml", "requirements.txt", "setup.py", "setup.cfg",
                       "Pipfile", ".git", "deno.json")


@lru_cache(maxsize=1 << 12)
def _project_top(folder: str) -> str | None:
    """The outermost ancestor of `folder` (itself included) that holds a project marker,
    never above a repository's root (`.git`: a `~/package.json` is not the project's)."""
    if os.path.lexists(os.path.join(folder, ".git")):
        return folder
    parent = os.path.dirname(folder)
    above = _project_top(parent) if parent != folder else None
    if above is not None:
        return above
    return folder if any(os.path.lexists(os.path.join(folder, m)) for m in PROJECT_TOP_MARKERS) else None


def project_folders(path: PurePath) -> tuple[str, ...]:
    """The folders of `path` inside its project: below the outermost folder with a project
    marker (PROJECT_TOP_MARKERS), whatever the path as given names above it (an absolute
    path, `../../tests/app/src/x.ts`); all of them when no folder above has a marker."""
    folders = path.parts[:-1]
    return _inside_project(folders) if folders else folders


@lru_cache(maxsize=1 << 12)
def _inside_project(folders: tuple[str, ...]) -> tuple[str, ...]:
    """`project_folders` per folder (a tree has a fifth as many folders as files)."""
    folder = os.path.abspath(os.path.join(*folders))
    top = _project_top(folder)
    if top is None:
        return folders
    inside = os.path.relpath(folder, top)
    return () if inside == "." else tuple(inside.replace(os.sep, "/").split("/"))


@lru_cache(maxsize=1 << 14)
def path_role(path: PurePath) -> str | None:
    """"test" or "script" when a file's name or folders say so, else None.

    Tests: `*.test.*`, `*.spec.*`, `*.e2e-spec.*`, `test_*.py`, `*_test.py`, `conftest.py`,
    test-runner setup and config files (`vitest.setup.ts`, `vitestSetup.ts`,
    `playwright.config.ts`, ...), anything under tests/, __tests__/, e2e/, fixtures/,
    __mocks__/, playwright/, cypress/, and integration/ outside a source folder. Scripts:
    seed files (`prisma/seed.ts`, `seed.py`, `seed-demo.ts`, `seedUsers.ts`, `index_seed.js`) and anything under scripts/, bin/, cli/, cron/.
    Files that are test harnesses by what they import (testcontainers) are recognised from
    their facts: rules.file_role.

    Only the folders inside the project count (`project_folders`).

    Memoised (the process's working folder does not change during a run): the project rules ask it of the same
    files rule after rule (documenso: 7,442 calls for 2,110 files, PC102's package clients
    asking every file of every package once per root)."""
    name = path.name
    folders = project_folders(path)
    if (any(part in name for part in TEST_NAME_PARTS) or name in PY_TEST_FILES
            or name.endswith(".py") and (name.startswith(PY_TEST_PREFIX) or name.endswith(PY_TEST_SUFFIX))
            or name.startswith(TEST_SETUP_FILES) or _test_dir(folders)
            or name.startswith(".env.") and name.split(".")[2] in TEST_ENV_SUFFIXES):
        return "test"
    if _SEED_NAME.search(path.stem) or any(p in SCRIPT_DIRS for p in folders):
        return "script"
    return None


# Files that mark a Python project, and the JavaScript lockfiles (the Prisma version, the
# dotenv dialect, the result cache's inputs).
PYTHON_MARKERS = ("pyproject.toml", "requirements.txt", "setup.py", "setup.cfg", "Pipfile")
LOCKFILES = ("package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock", "bun.lock")

# What makes a folder a project root (project.roots): a manifest; a schema.prisma that is
# not inside a prisma/ folder (that folder's parent is the root); a prisma/ folder of a schema; a
# prisma.config.* file.
ROOT_MANIFESTS = ("package.json", "pyproject.toml")
ROOT_SCHEMA, ROOT_PRISMA_DIR, ROOT_CONFIG_PREFIX = "schema.prisma", "prisma", "prisma.config."
# What a prisma/ folder holds besides `*.prisma` files for it to mark a root: a multi-file
# schema folder, migrations (a code folder named prisma/, `src/lib/prisma/client.ts`, does not)
ROOT_PRISMA_CONTENTS = frozenset({"schema", "migrations"})


# Where Prisma finds a schema: `schema.prisma` (its default name, anywhere `--schema` or
# package.json `prisma.schema` points), the files of a prisma/ folder, a multi-file schema/ folder.
SCHEMA_NAME, SCHEMA_FOLDERS = "schema.prisma", frozenset({"prisma", "schema"})


def schema_place(path) -> bool:
    """Whether a .prisma file sits where Prisma looks for a schema (SCHEMA_NAME, SCHEMA_FOLDERS)."""
    parts = str(path).replace("\\", "/").split("/")
    return parts[-1] == SCHEMA_NAME or any(p in SCHEMA_FOLDERS for p in parts[:-1])

