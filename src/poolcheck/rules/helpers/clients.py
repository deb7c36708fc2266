"""What rules say about clients: their labels, which constructions are Prisma's, which
run once per process, and which files build clients of their own on purpose."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ...vocabulary.clients import SOCKETLESS_ADAPTERS
from ...vocabulary.layout import path_role, project_folders
from ...facts import ClientCall, ClientConstruction, PackageInfo, ScopeKind
from ..context import FileRuleContext

if TYPE_CHECKING:
    from ...facts import FileFacts

_WHAT = {"prisma": "PrismaClient", "pool": "connection pool", "adapter": "driver adapter"}
PROCESS_SCOPES = frozenset({"module", "factory"})


def client_label(c: ClientConstruction) -> str:
    """"PrismaClient", "`Prisma` client", "`Pool` connection pool", "`PrismaPg` driver adapter"."""
    label = _WHAT.get(c.kind, "client")
    if c.kind == "prisma" and c.class_name and c.class_name != "PrismaClient":
        return f"`{c.class_name}` client"  # Python `Prisma`, or an alias
    return f"`{c.class_name}` {label}" if c.class_name and c.class_name != label else label


def short_label(c: ClientConstruction) -> str:
    """"`PrismaClient`", or "client" when the class is not known."""
    return f"`{c.class_name}`" if c.class_name else "client"


def module_level(c: ClientConstruction) -> bool:
    """Constructed once per process: at module scope or in a memoised factory."""
    return c.scope.kind.value in PROCESS_SCOPES


def option_names(c: ClientConstruction) -> set[str]:
    """The last segment of every literal option key (`ssl.rejectUnauthorized` -> `rejectUnauthorized`)."""
    return {k.rsplit(".", 1)[-1] for k, _ in c.options}


def lifecycle_calls(ctx: FileRuleContext, method: str):
    """Calls of `method` on a shared client in request scope. A client an instance keeps
    (`self.db`) that the same file builds per request (`self.db = Prisma()` in an `__init__`
    a handler runs: PC101's finding) lives for that instance, i.e. that request: its
    connect and disconnect are not a second and third finding."""
    per_request = {c.binding for c in ctx.facts.of(ClientConstruction)
                   if c.binding and c.binding.startswith(("self.", "this.")) and c.scope.per_request}
    for call in ctx.facts.of(ClientCall):
        if call.method == method and call.scope.kind is ScopeKind.REQUEST and call.receiver_shared \
                and call.receiver not in per_request:
            yield call


def file_role(facts: "FileFacts") -> str | None:
    """"test" or "script" for a file, from its path (discovery.path_role) or, for a test
    harness anywhere (a testcontainers helper, a vitest setup), from what it imports."""
    role = path_role(facts.path)
    if role is None and "test-harness" in facts.traits():
        return "test"
    return role


def inside_client(c, among) -> bool:
    """An adapter or pool built for one of these client constructions: inside its arguments
    (`new PrismaClient({ adapter: new PrismaPg(...) })`), or, per request, in the same
    function reached the same way (`const pool = new Pool(); const adapter = new
    PrismaPg(pool); return new PrismaClient({ adapter })`): one cause, reported on the client."""
    if c.kind == "prisma":
        return False
    s = c.span
    return any(o.kind == "prisma" and ((o.span.line, o.span.col) <= (s.line, s.col) and
               (s.end_line, s.end_col) <= (o.span.end_line, o.span.end_col) or
               c.scope.per_request and o.scope == c.scope) for o in among)


def excluded_path(path: Path) -> bool:
    """Tests, scripts and fixtures construct clients of their own on purpose."""
    return path_role(path) is not None or "fixtures" in project_folders(path)


def backs_prisma(facts: "FileFacts", c) -> bool:
    """Whether a construction is Prisma's: a client or an adapter, or a bare driver pool
    (`new Pool(...)`) in a file that also builds a driver adapter to hand it to. A pg/Neon
    pool for Kysely, Drizzle, LISTEN/NOTIFY or raw SQL is not Prisma's to judge, even beside
    a client that connects by URL (briefer's packages/database: `new PrismaClient({
    datasourceUrl })` and a `pg.Pool` for its pub/sub)."""
    if c.kind != "pool":
        return True
    return any(o.kind == "adapter" for o in facts.of(ClientConstruction))


def prisma_in_run(project) -> bool:
    """Whether Prisma is anywhere in the run: a schema or prisma.config, a Prisma client or
    adapter built, a package.json or Python manifest that depends on Prisma. A repository
    of node-postgres apps (digis-app) is not judged by Prisma's URL parameters:
    connection_limit means nothing to `pg`. The workspace, so an app whose Prisma lives in
    packages/db keeps its findings."""
    if any(f.schema is not None or f.prisma_config is not None for f in project.workspace or project.files):
        return True
    if any(c.kind in ("prisma", "adapter") for _, c in project.workspace_facts_of(ClientConstruction)):
        return True
    return any(d == "prisma" or d.startswith("@prisma/")
               for _, i in project.workspace_facts_of(PackageInfo) for d in dict(i.dependencies))


def without_socketless(constructions):
    """Drop an HTTP or binding adapter (`new PrismaD1(env.DB)`, Neon's HTTP, PlanetScale,
    libSQL) built per request, and the client built in the same function with an `adapter`:
    no sockets, no pool, and the binding exists only per request (Cloudflare's D1), so a
    client per request is the documented pattern there."""
    socketless = [c.scope for c in constructions
                  if c.kind == "adapter" and c.class_name in SOCKETLESS_ADAPTERS]
    return [c for c in constructions
            if not (c.kind == "adapter" and c.class_name in SOCKETLESS_ADAPTERS)
            and not (c.kind == "prisma" and c.has_option("adapter") and c.scope in socketless)]
