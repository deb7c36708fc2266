"""PC1xx/PC3xx/PC4xx rules that need the deployment: platforms, replicas, poolers.

They read the project context (poolcheck.project): one per project root, so in a
monorepo every app is judged by its own platform and its own files.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..core.diagnostics import Related, Span
from ..discovery import path_role
from ..facts import ClientConstruction, DeploymentTarget, PoolerSetting, Trait, UrlLiteral, Workload
from ..urlmodel import is_accelerate, names_direct_url, parse_url, pool_params
from . import FileRuleContext, ProjectRuleContext, backs_prisma, file_role, file_rule, project_rule

POOL_TIMEOUT_OPTIONS = frozenset({"connectionTimeoutMillis", "acquireTimeout"})
DB_URL_NAME = re.compile(r"(DATABASE|DB|POSTGRES|PG|MYSQL)\w*_?URL|DATABASE_URL|DIRECT_URL", re.I)
PG_POOL_DEFAULT = 10  # node-postgres `max`


# --- URL helpers: thin views on the one URL model (poolcheck.urls) --------------------

def _connection_limit(url: str) -> int | None:
    return parse_url(url).connection_limit()


def _through_pooler(url: str, pooler_hosts: set[str] = frozenset()) -> bool:
    """pgbouncer=true, any pooler the URL model recognises, or a compose/k8s pooler service."""
    u = parse_url(url)
    return u.pgbouncer or u.pooler is not None or (u.host or "") in pooler_hosts


def _int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# --- PC401 ---------------------------------------------------------------------------

@dataclass
class _Term:
    label: str           # "api"
    instances: int
    unit: str            # "replica", "concurrent execution"
    pool: int
    pool_why: str        # "connection_limit=10 in DATABASE_URL", "default pool (1 CPU × 2 + 1)"
    path: Path
    span: Span

    @property
    def total(self) -> int:
        return self.instances * self.pool

    def text(self, named: bool) -> str:
        prefix = f"{self.label}: " if named else ""
        return f"{prefix}{_plural(self.instances, self.unit)} × {self.pool}"


def _workload_url(w: Workload) -> str | None:
    for key, value, _ in w.env:
        if DB_URL_NAME.fullmatch(key) or value.lower().startswith(("postgres://", "postgresql://", "mysql://")):
            if "://" in value:
                return value
    return None


def _uses_database(w: Workload) -> bool:
    if w.role != "app":
        return False
    if _workload_url(w):
        return True
    return any(DB_URL_NAME.fullmatch(r) for r in w.env_refs) or w.platform == "aws-lambda"


def _project_pool(project) -> tuple[int, str] | None:
    """Pool size stated in the project's code or datasource URLs (not manifests)."""
    sizes = []
    for f, c in project.facts_of(ClientConstruction):
        if c.kind in ("pool", "adapter"):
            n = _int(c.option("max"))
            if n:
                sizes.append((n, f"`max: {n}` in {f.path.name}"))
    for path, u in project.urls:
        if u.origin == "deploy":
            continue
        n = _connection_limit(u.value)
        if n:
            sizes.append((n, f"connection_limit={n} in {path.name}"))
    return max(sizes) if sizes else None


def _default_pool(project, cpus: float | None) -> tuple[int, str]:
    if project.client_kind == "driver-adapter":
        return PG_POOL_DEFAULT, f"pg Pool default max {PG_POOL_DEFAULT}"
    configured = project.option("cpus")
    n = configured or max(1, int(cpus or 1))
    return n * 2 + 1, f"default pool {_plural(n, 'CPU')} × 2 + 1"


@project_rule("PC401")
def connection_budget(ctx: ProjectRuleContext):
    project = ctx.project
    limit = project.max_connections
    if limit is None:
        return
    max_conn, mc_path, mc_span, mc_source = limit
    reserved = project.option("reserved-connections") or 0
    configured_replicas = project.option("replicas")
    pooler_hosts = {w.name for _, w in project.workloads if w.role == "pooler"}
    hpa = {(a.target_kind, a.target_name): (p, a) for p, a in project.autoscalers}
    code_pool = _project_pool(project)

    terms: list[_Term] = []
    for path, w in project.workloads:
        if not _uses_database(w):
            continue
        url = _workload_url(w)
        if url and _through_pooler(url, pooler_hosts):
            continue  # the pooler's own pool is what reaches the database (PC403)
        if w.platform == "aws-lambda" and w.replicas is None and configured_replicas is None:
            continue  # unbounded concurrency is PC303's finding
        instances, span, anchor, unit = 1, w.span, path, "replica"
        if w.platform == "aws-lambda":
            unit = "concurrent execution"
        if w.replicas is not None:
            instances, span = w.replicas, w.replicas_span or w.span
        scaled = hpa.get((w.kind, w.name))
        if scaled is not None:
            anchor, a = scaled
            instances, span = a.max_replicas, a.max_span
        if configured_replicas is not None:
            instances = configured_replicas
        n = _connection_limit(url) if url else None
        if n:
            pool, why = n, f"connection_limit={n}"
        elif code_pool:
            pool, why = code_pool
        else:
            pool, why = _default_pool(project, w.cpus)
        terms.append(_Term(w.name, instances, unit, pool, why, anchor, span))

    if not terms and configured_replicas is not None and mc_path is not None:
        pool, why = code_pool or _default_pool(project, None)
        terms.append(_Term("app", configured_replicas, "replica", pool, why, mc_path, mc_span))
    if not terms:
        return
    total = sum(t.total for t in terms) + reserved
    if total <= max_conn:
        return
    named = len(terms) > 1
    arithmetic = " + ".join(t.text(named) for t in terms)
    arithmetic += f" + {reserved} reserved = {total} > max_connections {max_conn}"
    worst = max(terms, key=lambda t: t.total)
    pools = "; ".join(f"{t.label}: {t.pool_why}" for t in terms)
    where = "" if named else f" ({worst.label})"
    related = []
    if mc_path is not None:
        related.append(Related(mc_path, mc_span, f"max_connections {max_conn} ({mc_source})"))
    yield ctx.report(
        worst.path, worst.span,
        f"connection budget exceeded{where}: {arithmetic} (pool sizes: {pools}); lower the pool "
        f"size or the instance count, put a pooler in front, or raise max_connections",
        related)


# --- PC402 ---------------------------------------------------------------------------

@file_rule("PC402")
def pgbouncer_statement_mode(ctx: FileRuleContext):
    for s in ctx.facts.of(PoolerSetting):
        if s.section == "pgbouncer" and s.key == "pool_mode" and s.value.strip().lower() == "statement":
            where = "pool_mode = statement" if s.source == "pgbouncer.ini" else "pool mode `statement`"
            yield ctx.report(
                s.span,
                f"PgBouncer {where}: the server connection goes back to the pool after every "
                f"statement, so Prisma's transactions and multi-statement queries break; use "
                f"pool_mode = transaction (with pgbouncer=true in the URL) or session")


# --- PC403 ---------------------------------------------------------------------------

PGBOUNCER_DEFAULT_POOL_SIZE = 20


@project_rule("PC403")
def pooler_pool_exceeds_database(ctx: ProjectRuleContext):
    project = ctx.project
    limit = project.max_connections
    settings = [(p, s) for p, s in project.pooler_settings]
    if limit is None or not settings:
        return
    max_conn, mc_path, mc_span, mc_source = limit
    reserved = project.option("reserved-connections") or 0
    allowed = max_conn - reserved
    # One pooler per file (a pgbouncer.ini, or a pooler service's environment).
    by_file: dict[Path, dict[str, tuple[str, Span]]] = {}
    databases: list[tuple[Path, PoolerSetting]] = []
    for path, s in settings:
        if s.section == "pgbouncer":
            by_file.setdefault(path, {})[s.key] = (s.value, s.span)
        elif s.section == "databases":
            databases.append((path, s))
    related = [Related(mc_path, mc_span, f"max_connections {max_conn} ({mc_source})")] if mc_path else []
    for path, values in by_file.items():
        size_entry = values.get("default_pool_size")
        size = _int(size_entry[0]) if size_entry else PGBOUNCER_DEFAULT_POOL_SIZE
        if size is None:
            continue
        reserve = _int(values.get("reserve_pool_size", ("0",))[0]) or 0
        cap = _int(values.get("max_db_connections", ("0",))[0]) or 0
        per_pair = size + reserve
        if cap and cap <= allowed:
            continue
        if per_pair > allowed:
            anchor = size_entry[1] if size_entry else next(iter(values.values()))[1]
            parts = f"default_pool_size {size}" + ("" if size_entry else " (PgBouncer's default)")
            if reserve:
                parts += f" + reserve_pool_size {reserve} = {per_pair}"
            yield ctx.report(
                path, anchor,
                f"PgBouncer may open {parts} server connections per database/user pair, but "
                f"max_connections {max_conn} − {reserved} reserved leaves {allowed}; lower "
                f"default_pool_size or set max_db_connections",
                related)
    for path, s in databases:
        m = re.search(r"\bpool_size\s*=\s*(\d+)", s.value)
        if m and int(m[1]) > allowed:
            yield ctx.report(
                path, s.span,
                f"PgBouncer database {s.key!r} has pool_size {m[1]}, but max_connections "
                f"{max_conn} − {reserved} reserved leaves {allowed}",
                related)


# --- PC1xx project rules -------------------------------------------------------------

JS_LANGUAGES = frozenset({"typescript", "javascript", "tsx", "vue", "svelte", "astro", "markdown"})
PROCESS_SCOPES = frozenset({"module", "factory"})


def _module_level(c: ClientConstruction) -> bool:
    return c.scope.kind.value in PROCESS_SCOPES


def _option_names(c: ClientConstruction) -> set[str]:
    return {k.rsplit(".", 1)[-1] for k, _ in c.options}


def _label(c: ClientConstruction) -> str:
    return f"`{c.class_name}`" if c.class_name else "client"


def _global_cache_state(facts) -> dict[str, dict[str, list]]:
    """Per global property: the read/write/production-only-write trait spans of a file.

    The TS front-end emits Trait("global-cache", span, "read:prisma" | "write:prisma" |
    "readwrite:prisma" | "write:prisma:production-only")."""
    state: dict[str, dict[str, list]] = {}
    for t in facts.of(Trait):
        if t.name != "global-cache" or not t.detail or t.span is None:
            continue
        parts = t.detail.split(":")
        if len(parts) < 2:
            continue
        mode, prop = parts[0], parts[1]
        entry = state.setdefault(prop, {"read": [], "write": [], "prod": []})
        if mode in ("read", "readwrite"):
            entry["read"].append(t.span)
        if mode in ("write", "readwrite"):
            entry["write" if "production-only" not in parts[2:] else "prod"].append(t.span)
    return state


@project_rule("PC102")
def missing_dev_singleton(ctx: ProjectRuleContext):
    project = ctx.project
    reloader = project.hot_reload
    if reloader is None:
        return
    for facts in project.files:
        if facts.language not in JS_LANGUAGES or "cloudflare-worker" in facts.traits():
            continue  # Workers do not hot-reload modules; PC107 judges module clients there
        # An Accelerate client talks HTTP to a server-side pool: a reload leaks no pool.
        clients = [c for c in facts.of(ClientConstruction)
                   if _module_level(c) and not c.accelerate and backs_prisma(facts, c)]
        prisma = [c for c in clients if c.kind == "prisma"]
        if not prisma and any(c.kind == "prisma" for c in facts.of(ClientConstruction)):
            # The client is built by a function of this file (`const make = () => new
            # PrismaClient({ adapter })`, cached as `globalThis.prisma ?? make()`): a
            # module-level adapter opens its pool only when that client connects, so the
            # client decides, not the adapter.
            continue
        clients = prisma or clients
        if not clients:
            continue
        for c in clients:
            if not c.memoised:
                yield ctx.report(
                    facts.path, c.span,
                    f"module-level {_label(c)} without a globalThis cache: the {reloader} dev "
                    f"server re-evaluates this module on every change and each reload leaks a "
                    f"connection pool; keep the client on globalThis outside production")
        if not any(c.memoised for c in clients):
            continue
        for prop, entry in sorted(_global_cache_state(facts).items()):
            reads, writes, prod = entry["read"], entry["write"], entry["prod"]
            if reads and not writes and prod:
                yield ctx.report(
                    facts.path, prod[0],
                    f"globalThis.{prop} is written only when NODE_ENV is \"production\": in "
                    f"development, where modules reload, the cache is never filled and each "
                    f"reload leaks a pool; write it when NODE_ENV !== \"production\"")
            elif writes and not reads and not prod:
                yield ctx.report(
                    facts.path, writes[0],
                    f"globalThis.{prop} is written but never read: every reload still constructs "
                    f"a new client; use `globalThis.{prop} ?? new PrismaClient()`")
            elif reads and not writes and not prod:
                yield ctx.report(
                    facts.path, reads[0],
                    f"globalThis.{prop} is read but never written: the cache stays empty and "
                    f"every reload constructs a new client; assign globalThis.{prop} = client "
                    f"outside production")


def _excluded_path(path: Path) -> bool:
    """Tests, scripts and fixtures construct clients of their own on purpose."""
    return path_role(path) is not None or "fixtures" in path.parts[:-1]


# Modules named for the shared client (rules.md PC103), and the folders they usually sit in.
CLIENT_MODULE_NAMES = frozenset({"prisma", "db", "client", "database"})
CLIENT_MODULE_DIRS = frozenset({"lib", "server", "src", "utils"})
_SOURCE_SUFFIXES = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")
# The alias text to strip from a specifier before matching it to a module path (the
# longer forms first); which specifiers are the project's is discovery.PROJECT_IMPORT_PREFIXES.
_ALIAS_PREFIXES = ("@/", "~~/", "~/", "#/", "$lib/", "#", "$")


def _named_for_client(path: Path) -> int:
    """2: `lib/prisma.ts`, `src/server/db.ts`; 1: `prisma.py`, `db.server.ts` elsewhere; 0."""
    stem = path.name.split(".")[0]
    if path.stem == "index":
        stem = path.parent.name
    if stem not in CLIENT_MODULE_NAMES:
        return 0
    return 2 if any(p in CLIENT_MODULE_DIRS for p in path.parts[:-1]) else 1


def _module_key(path: Path) -> str:
    """A module as imports name it: absolute, posix, no source suffix, `x/index` -> `x`."""
    text = os.path.abspath(path).replace(os.sep, "/")
    for suffix in _SOURCE_SUFFIXES:
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    return text[: -len("/index")] if text.endswith("/index") else text


def _spec_key(spec: str, importer: Path) -> tuple[str, bool]:
    """(key, exact): a relative specifier resolved against the importer, or an alias's
    tail (`@/lib/db` -> `lib/db`) that must end a candidate's key."""
    for suffix in _SOURCE_SUFFIXES:
        if spec.endswith(suffix):
            spec = spec[: -len(suffix)]
            break
    if spec.startswith("."):
        key = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(importer)), spec))
        key = key.replace(os.sep, "/")
        return (key[: -len("/index")] if key.endswith("/index") else key), True
    for prefix in _ALIAS_PREFIXES:
        if spec.startswith(prefix):
            spec = spec[len(prefix):]
            break
    return spec.rstrip("/").removesuffix("/index"), False


def _importers(project, candidates: list[Path]) -> dict[Path, list]:
    """The modules (FileFacts) that import each candidate module (TS/JS traits "import";
    Python imports are not recorded, so Python candidates have none): the project's own,
    and its workspace neighbours' through a package subpath (`@acme/db/replica` for
    `packages/db/src/replica.ts`, the `exports: {"./*": "./src/*.ts"}` shape)."""
    keys = {c: _module_key(c) for c in candidates}
    out: dict[Path, list] = {c: [] for c in candidates}
    own = {id(f) for f in project.files}
    for facts in project.workspace or project.files:
        specs = [t.detail for t in facts.of(Trait) if t.name == "import" and t.detail]
        if not specs:
            continue
        inside = id(facts) in own
        hit = set()
        for spec in specs:
            if inside:
                key, exact = _spec_key(spec, facts.path)
                if not key:
                    continue
                for c, ckey in keys.items():
                    if c != facts.path and (ckey == key if exact else ckey.endswith("/" + key)):
                        hit.add(c)
            elif not spec.startswith("."):
                hit.update(c for c, ckey in keys.items() if _package_subpath_names(spec, ckey))
        for c in hit:
            out[c].append(facts)
    return out


def _package_subpath_names(spec: str, module_key: str) -> bool:
    """`@scope/name/sub` (or `name/sub`) names the module at `module_key`: the subpath is
    the end of the module's path and the package's last name is one of its folders."""
    parts = spec.split("/")
    package, sub = (parts[:2], parts[2:]) if spec.startswith("@") else (parts[:1], parts[1:])
    if not sub or len(package) != (2 if spec.startswith("@") else 1):
        return False
    subpath = "/".join(sub)
    folders = module_key.split("/")[:-1]
    return module_key.endswith("/" + subpath) and package[-1] in folders


def _function_entries(project) -> set[str]:
    """Entry modules of serverless functions (serverless.yml `handler:`, SAM `Handler:`,
    the files and `<name>/<name>`/`<name>/index` modules of Netlify's functions directory),
    as posix paths without extension. Each deploys as its own function, so module-level
    clients in two of them never share a process."""
    entries = set()
    for facts, w in project.facts_of(Workload):
        if w.kind == "function" and w.entry:
            entries.add((facts.path.parent / w.entry).as_posix())
    # netlify.toml may sit above this project (a functions folder with its own package.json)
    folders = [facts.path.parent / t.detail for facts in (project.workspace or project.files)
               for t in facts.of(DeploymentTarget) if t.platform == "netlify" and t.detail]
    for folder in folders:
        for f in project.files:
            try:
                rel = f.path.relative_to(folder).with_suffix("")
            except ValueError:
                continue
            if len(rel.parts) == 1 or len(rel.parts) == 2 and rel.name in (rel.parts[0], "index"):
                entries.add(f.path.with_suffix("").as_posix())
    return entries


def _in_project(path: Path, root: Path) -> str:
    """`path` as the message shows it: relative to the project root, so the text does not
    depend on the folder poolcheck ran from."""
    try:
        return Path(os.path.abspath(path)).relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


@project_rule("PC103")
def multiple_clients(ctx: ProjectRuleContext):
    project = ctx.project
    entries = _function_entries(project)
    firsts: list[tuple[Path, ClientConstruction]] = []
    for facts in sorted(project.files, key=lambda f: f.path.as_posix()):
        if _excluded_path(facts.path) or facts.path.with_suffix("").as_posix() in entries:
            continue
        own = [c for c in facts.of(ClientConstruction)
               if c.kind == "prisma" and _module_level(c) and not c.accelerate]
        if own:
            firsts.append((facts.path, own[0]))
    # One client module (the usual case) needs no importer scan of the whole workspace.
    importers = _importers(project, [p for p, _ in firsts]) if len(firsts) > 1 else {}
    # A module that only scripts and tests import runs in scripts and tests (rules.md PC103
    # excludes those): its client is not a second pool of the app.
    firsts = [(p, c) for p, c in firsts
              if not importers.get(p) or any(file_role(f) is None for f in importers[p])]
    if len(firsts) > 1:
        # rules.md PC103: the canonical client is the one most modules import; on a tie the
        # one in a module named for it, then a memoised singleton, then the first by path.
        imports = {p: len(importers[p]) for p, _ in firsts}
        firsts.sort(key=lambda pc: (-imports[pc[0]], -_named_for_client(pc[0]), not pc[1].memoised,
                                    pc[0].as_posix()))
        first_path, first = firsts[0]
        reloader = project.hot_reload
        for path, c in firsts[1:]:
            # PC102 on the same construction is dropped (catalogue.SUPERSEDES): say it here.
            leak = (f"; without a globalThis cache the {reloader} dev server also leaks one "
                    f"more pool per reload" if reloader and not c.memoised else "")
            yield ctx.report(
                path, c.span,
                f"another module-level {_label(c)}: {_in_project(first_path, project.root)} already constructs "
                f"one, and each client has its own pool counting against max_connections{leak}; "
                f"import the shared client instead",
                [Related(first_path, first.span, "the shared client is constructed here")])
    # NestJS: a PrismaService provided by several modules gets one instance per module;
    # one with `scope: Scope.REQUEST` gets one per request. The TS front-end marks the
    # service class (Trait "nestjs-prisma-service") and each provider entry
    # (Trait "nestjs-provider", detail = class name; "nestjs-request-scope" likewise).
    services = {t.detail for _, t in project.facts_of(Trait) if t.name == "nestjs-prisma-service"}
    providers: dict[str, list[tuple[Path, Span]]] = {}
    for facts, t in project.facts_of(Trait):
        if t.detail in services and t.span is not None:
            if t.name == "nestjs-provider":
                providers.setdefault(t.detail, []).append((facts.path, t.span))
            elif t.name == "nestjs-request-scope":
                yield ctx.report(
                    facts.path, t.span,
                    f"`{t.detail}` extends PrismaClient and is request-scoped: NestJS constructs "
                    f"a new client, with its own pool, for every request; use the default "
                    f"singleton scope")
    for name, places in sorted(providers.items()):
        places.sort(key=lambda p: (p[0].as_posix(), p[1]))
        for path, span in places[1:]:
            yield ctx.report(
                path, span,
                f"`{name}` (a PrismaClient) is listed in the providers of more than one module: "
                f"each module gets its own instance and pool; provide it in one (global) module "
                f"and import that module",
                [Related(places[0][0], places[0][1], "also provided here")])


# Driver adapters and pools that hold sockets; HTTP-based ones are fine on Workers.
HTTP_ADAPTERS = frozenset({"PrismaD1", "PrismaPlanetScale", "PrismaLibSql", "PrismaNeonHttp",
                           "PrismaBetterSqlite3", "PrismaNeonHTTP"})


@project_rule("PC107")
def module_client_on_workers(ctx: ProjectRuleContext):
    project = ctx.project
    if not project.workers:
        return
    for facts in project.files:
        if facts.language not in JS_LANGUAGES or _excluded_path(facts.path):
            continue
        for c in facts.of(ClientConstruction):
            if not _module_level(c) or c.kind not in ("pool", "adapter") or c.class_name in HTTP_ADAPTERS:
                continue
            if c.wraps_pool:
                continue  # `new PrismaPg(pool)`: one finding, on the pool that owns the sockets
            yield ctx.report(
                facts.path, c.span,
                f"{_label(c)} at module scope on Cloudflare Workers: a Worker cannot reuse a socket "
                f"across requests, so the next request hangs; construct it inside the fetch "
                f"handler and end it with ctx.waitUntil(prisma.$disconnect())")


# --- PC303, PC309: URLs judged against the deployment and the client kind ---------------

_EXAMPLE_ENV = re.compile(r"^\.env\.(example|sample|template|dist|defaults|test)$", re.I)


def runtime_urls(project) -> list[tuple[Path, UrlLiteral]]:
    """URLs the running app connects with: the datasource url / DATABASE_URL-like env
    values / datasourceUrl literals; not directUrl, shadow or migration URLs, not example
    env files, not deployment manifests (they belong to their own workloads)."""
    out = []
    schema_vars = project.schema_env_vars
    for path, u in project.urls:
        if u.origin == "deploy" or _EXAMPLE_ENV.match(path.name):
            continue
        name = u.env_var or u.role or ""
        if (u.role or "").lower() in ("directurl", "shadowdatabaseurl"):
            continue
        if u.origin == "env":
            role = schema_vars.get(u.env_var or "")
            if role is not None:
                if role != "url":
                    continue
            elif names_direct_url(name) or not DB_URL_NAME.fullmatch(u.env_var or ""):
                continue
        out.append((path, u))
    for f, u in project.facts_of(UrlLiteral):
        if u.origin == "code" and not names_direct_url(u.role):
            out.append((f.path, u))
    return out


@project_rule("PC303")
def serverless_pool_unbounded(ctx: ProjectRuleContext):
    project = ctx.project
    target = project.serverless
    if target is None:
        return
    platform = {"config": "serverless (config)", "serverless-framework": "AWS Lambda (serverless.yml)",
                "aws-sam": "AWS Lambda (SAM)", "vercel": "Vercel", "netlify": "Netlify",
                "sst": "SST"}.get(target.platform, target.platform)
    threshold = project.option("serverless-connection-limit")
    related = []
    if project.serverless_path is not None and project.serverless_path.is_file():
        related.append(Related(project.serverless_path, target.span, f"deploys to {platform}"))
    if project.uses_adapter and not project.is_python_client:
        for facts in project.files:
            if _excluded_path(facts.path):
                continue
            for c in facts.of(ClientConstruction):
                if c.kind not in ("pool", "adapter") or c.class_name in HTTP_ADAPTERS or \
                        not backs_prisma(facts, c):
                    continue
                if c.scope.kind.value in ("test", "script") or c.has_option("max") or c.wraps_pool or \
                        any(k in ("...", "*") for k, _ in c.options):
                    continue
                # PC310 on the same construction is dropped (catalogue.SUPERSEDES): say it here.
                timeout = "" if _option_names(c) & POOL_TIMEOUT_OPTIONS else (
                    "; without `connectionTimeoutMillis` an exhausted pool also waits forever "
                    "instead of failing like P2024")
                settings = "`max: 1` (or a small number)" + (" and `connectionTimeoutMillis`" if timeout else "")
                yield ctx.report(
                    facts.path, c.span,
                    f"{_label(c)} without `max` on {platform}: every instance opens up to "
                    f"{PG_POOL_DEFAULT} connections (the pg default), and instances multiply "
                    f"with traffic{timeout}; set {settings}, or use a pooler",
                    related)
        return
    for path, u in runtime_urls(project):
        if is_accelerate(u.value) or _through_pooler(u.value):
            continue
        if not u.value.lower().startswith(("postgres://", "postgresql://", "mysql://", "sqlserver://", "cockroachdb://")):
            continue
        parsed = parse_url(u.value)
        if parsed is not None and parsed.local:
            continue  # localhost or a compose service: the dev database, not what is deployed
        n = _connection_limit(u.value)
        what = f"`{u.env_var}`" if u.env_var else "the datasource URL"
        if n is None:
            yield ctx.report(
                path, u.span,
                f"{what} is a direct connection without connection_limit on {platform}: each "
                f"instance opens CPUs × 2 + 1 connections and instances multiply with traffic; "
                f"add connection_limit={threshold} or connect through a pooler",
                related)
        elif n > threshold:
            yield ctx.report(
                path, u.span,
                f"{what} allows connection_limit={n} per instance on {platform} without a "
                f"pooler; instances multiply with traffic: use connection_limit={threshold} or a "
                f"pooler",
                related)


@project_rule("PC309")
def url_params_ignored(ctx: ProjectRuleContext):
    project = ctx.project
    adapter = project.uses_adapter and not project.is_python_client
    seen: set[tuple] = set()
    for path, u in [*project.urls, *((f.path, u) for f, u in project.facts_of(UrlLiteral) if u.origin == "code")]:
        key = (path, u.span)
        if key in seen or u.origin == "deploy":
            continue
        seen.add(key)
        accelerate = is_accelerate(u.value)
        if not (adapter or accelerate):
            continue
        params = list(dict.fromkeys(p.key for p in pool_params(parse_url(u.value))))
        if not params:
            continue
        listed = " and ".join(", ".join(params).rsplit(", ", 1))
        verb = "does" if len(params) == 1 else "do"
        what = f" in `{u.env_var}`" if u.env_var else ""
        if accelerate:
            reader = ("Accelerate reads this URL and keeps the pool on its side; configure the "
                      "pool in the Accelerate console")
        else:
            who = "a Prisma 7 driver adapter" if (project.prisma_version or 0) >= 7 else "the driver adapter"
            reader = (f"{who} reads this URL at runtime and ignores Prisma's pool parameters "
                      f"(only prisma migrate reads them); {_adapter_instead(params)}")
        yield ctx.report(path, u.span, f"{listed}{what} {verb} nothing: {reader}")


# What a driver pool (pg.Pool, and the PrismaPg/PrismaNeon options) offers instead.
ADAPTER_POOL_EQUIVALENT = {
    "connection_limit": "max", "pool_timeout": "connectionTimeoutMillis",
    "connect_timeout": "connectionTimeoutMillis", "socket_timeout": "query_timeout",
    "max_idle_connection_lifetime": "idleTimeoutMillis", "max_connection_lifetime": "maxLifetimeSeconds",
}


def _adapter_instead(params: list[str]) -> str:
    options = list(dict.fromkeys(ADAPTER_POOL_EQUIVALENT[p] for p in params if p in ADAPTER_POOL_EQUIVALENT))
    rest = [p for p in params if p not in ADAPTER_POOL_EQUIVALENT]
    parts = []
    if options:
        parts.append("set " + ", ".join(f"`{o}`" for o in options) + " on the adapter's pool instead")
    if rest:
        parts.append("drop " + ", ".join(rest) + " (the driver has no equivalent)")
    return " and ".join(parts)
