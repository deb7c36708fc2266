"""How the linker's chains name the functions they pass through (issue 14): an anonymous
handler by the route it serves, a default export as such, a callback by the function
around it; never `<anonymous>`. And which route a shared helper is judged by (PC105)."""

from __future__ import annotations

import json

from conftest import write_tree
from poolcheck.config import load_settings
from poolcheck.engine import run
from poolcheck.rules import implemented_codes

PKG = '{"name": "app", "dependencies": {"@prisma/client": "5.0.0", "express": "4.0.0", "hono": "4.0.0"}}'
FACTORY = """
    import { PrismaClient } from "@prisma/client";
    export function getDb() {
      return new PrismaClient();
    }
"""


def check_tree(root, select):
    """The engine's diagnostics (with their related locations), paths relative to `root`."""
    settings = load_settings(None, implemented_codes())
    settings.select = select
    result = run([root], settings)
    assert not result.errors
    return list(result.diagnostics)


def _rel(path, root) -> str:
    return path.resolve().relative_to(root.resolve()).as_posix()


def _related(finding) -> list[str]:
    return [r.message for r in finding.related]


def test_anonymous_express_route_is_named_by_its_method_and_path(tmp_path):
    write_tree(tmp_path, {"package.json": PKG, "src/db.ts": FACTORY, "src/app.ts": """
        import express from "express";
        import { getDb } from "./db";
        const app = express();
        app.get("/users", async (req, res) => {
          res.json(await getDb().user.findMany());
        });
    """})
    [finding] = check_tree(tmp_path, select=["PC101"])
    assert "`GET /users` request handler (Express)" in finding.message
    assert _related(finding) == ["`GET /users` runs once per request", "`GET /users` calls `getDb` here"]
    assert "anonymous" not in json.dumps([finding.message, *_related(finding)])


def test_anonymous_middleware_and_a_callback_inside_a_route(tmp_path):
    write_tree(tmp_path, {"package.json": PKG, "src/db.ts": FACTORY, "src/app.ts": """
        import { Hono } from "hono";
        import { getDb } from "./db";
        const app = new Hono();
        app.use("*", async (c, next) => {
          const db = getDb();
          await next();
        });
        app.post("/batch", async (c) => {
          const ids: number[] = await c.req.json();
          await Promise.all(ids.map(async (id) => getDb().user.delete({ where: { id } })));
          return c.json({ ok: true });
        });
        export default app;
    """})
    [finding] = check_tree(tmp_path, select=["PC101"])
    related = _related(finding)
    assert "`use('*')` runs once per request" in related
    assert "`use('*')` calls `getDb` here" in related
    assert "also called per request here" in related
    assert "anonymous" not in json.dumps([finding.message, *related])


def test_a_loop_in_a_callback_is_named_by_the_function_around_it(tmp_path):
    write_tree(tmp_path, {"package.json": PKG, "src/db.ts": FACTORY, "src/jobs.ts": """
        import { getDb } from "./db";
        export async function nightly(tenants: string[]) {
          await Promise.all(tenants.map(async (t) => {
            for (const day of [1, 2]) {
              await getDb().report.create({ data: { t, day } });
            }
          }));
        }
    """})
    [finding] = check_tree(tmp_path, select=["PC106"])
    assert _related(finding) == ["a callback in `nightly` calls `getDb` in a loop here"]


def test_a_helper_shared_by_a_health_route_and_an_ordinary_one_is_judged_by_the_ordinary(tmp_path):
    write_tree(tmp_path, {
        "package.json": PKG.replace('"express"', '"next": "14.0.0", "express"'),
        "lib/prisma.ts": """
            import { PrismaClient } from "@prisma/client";
            const g = globalThis as unknown as { prisma?: PrismaClient };
            export const prisma = g.prisma ?? new PrismaClient();
            if (process.env.NODE_ENV !== "production") g.prisma = prisma;
        """,
        "lib/conn.ts": """
            import { prisma } from "./prisma";
            export async function ensureConnected() {
              await prisma.$connect();
            }
            export async function prepare() {
              await ensureConnected();
            }
        """,
        "app/api/health/route.ts": """
            import { ensureConnected } from "../../../lib/conn";
            export async function GET() {
              await ensureConnected();
              return Response.json({ ok: true });
            }
        """,
        "app/api/users/route.ts": """
            import { prepare } from "../../../lib/conn";
            export async function GET() {
              await prepare();
              return Response.json([]);
            }
        """})
    [finding] = check_tree(tmp_path, select=["PC105"])
    assert _rel(finding.path, tmp_path) == "lib/conn.ts"
    assert "app/api/users/route.ts" in {_rel(r.path, tmp_path) for r in finding.related}
    # only the health route reaches it: the check itself, silent
    (tmp_path / "app/api/users/route.ts").write_text("export async function GET() { return Response.json([]); }\n")
    assert check_tree(tmp_path, select=["PC105"]) == []


def test_route_labels_for_anonymous_handlers():
    from pathlib import PurePosixPath

    from poolcheck.frontends.typescript.rows import route_label, route_of_file

    assert route_label("get", "/users") == "GET /users"
    assert route_label("use", "*") == "use('*')"
    assert route_label("use", None) == "use()"
    assert route_of_file(PurePosixPath("/a/server/api/users/[id].delete.ts")) == "DELETE /api/users/[id]"
    assert route_of_file(PurePosixPath("/a/server/api/index.ts")) == "/api"
    assert route_of_file(PurePosixPath("/a/server/routes/feed.ts")) == "/feed"
    assert route_of_file(PurePosixPath("/a/server/middleware/auth.ts")) == "middleware auth"
    assert route_of_file(PurePosixPath("/a/server/utils/db.ts")) is None
    assert route_of_file(PurePosixPath("/a/lib/db.ts")) is None


def test_a_construction_in_an_anonymous_callback_names_the_function_around_it(tmp_path):
    write_tree(tmp_path, {"package.json": PKG, "src/db.ts": """
        import { PrismaClient } from "@prisma/client";
        export function runAll(jobs: string[]) {
          return jobs.map(async (job) => {
            const db = new PrismaClient();
            return db.job.create({ data: { job } });
          });
        }
    """, "src/app.ts": """
        import express from "express";
        import { runAll } from "./db";
        const app = express();
        app.post("/jobs", async (req, res) => {
          res.json(await Promise.all(runAll(req.body.jobs)));
        });
    """})
    [finding] = check_tree(tmp_path, select=["PC101"])
    assert "`runAll callback`, called from the `POST /jobs` request handler (Express)" in finding.message
    assert "anonymous" not in json.dumps([finding.message, *_related(finding)])


def test_route_of_a_pages_router_file():
    from pathlib import PurePosixPath

    from poolcheck.frontends.typescript.rows import route_of_file

    assert route_of_file(PurePosixPath("/a/pages/api/users/[id].ts")) == "/api/users/[id]"
    assert route_of_file(PurePosixPath("/a/src/pages/api/users/index.ts")) == "/api/users"
