"""Instances the linker follows across modules (issue 14): a factory's or a singleton's
project class, fields aliasing another module's instance, a package factory's object
exported by another module, and the fan-out of a helper (PC205). The chain is in every
output format, as for the other cross-module findings."""

from __future__ import annotations

import json

from conftest import check_tree, run_cli, write_tree

PKG = '{"name": "app", "dependencies": {"@prisma/client": "5.0.0", "stripe": "14.0.0"}}'
DB = """
    import { PrismaClient } from "@prisma/client";
    export const prisma = new PrismaClient();
"""
PAYMENTS = """
    import Stripe from "stripe";
    export class Payments {
      private static instance: Payments;
      private stripe = new Stripe(process.env.KEY ?? "");
      static getInstance() {
        if (!Payments.instance) Payments.instance = new Payments();
        return Payments.instance;
      }
      async charge(amount: number) {
        return this.stripe.charges.create({ amount, currency: "usd" });
      }
      describe(amount: number) {
        return `${amount / 100} USD`;
      }
    }
"""
ROUTE = """
    import { prisma } from "./db";
    import { Payments } from "./payments";
    export async function POST() {
      await prisma.$transaction(async (tx) => {
        await tx.order.create({ data: {} });
        await Payments.getInstance().charge(10);
        Payments.getInstance().describe(10);
      });
      return new Response("ok");
    }
"""


def _singleton(tmp_path):
    return write_tree(tmp_path, {"package.json": PKG, "src/db.ts": DB, "src/payments.ts": PAYMENTS,
                                 "src/route.ts": ROUTE})


def test_a_singletons_method_that_leaves_the_process_is_pc201_with_its_chain_in_json_and_sarif(tmp_path):
    _singleton(tmp_path)
    data = json.loads(run_cli("--format", "json", "--select", "PC201", ".", cwd=tmp_path).stdout)
    [finding] = data["findings"] if isinstance(data, dict) else data
    assert (finding["path"], finding["line"]) == ("src/route.ts", 6)
    related = [(r["path"], r["line"]) for r in finding["related"]]
    assert ("src/payments.ts", 10) in related   # the Stripe call behind `charge`
    sarif = json.loads(run_cli("--format", "sarif", "--select", "PC201", ".", cwd=tmp_path).stdout)
    uris = [r["physicalLocation"]["artifactLocation"]["uri"]
            for r in sarif["runs"][0]["results"][0]["relatedLocations"]]
    assert any(u.endswith("src/payments.ts") for u in uris)
    text = run_cli("--format", "full", "--select", "PC201", ".", cwd=tmp_path).stdout
    assert "related: src/payments.ts:10" in text


def test_a_getter_returning_an_interface_and_a_class_without_a_singleton_stay_silent(tmp_path):
    write_tree(tmp_path, {"package.json": PKG, "src/db.ts": DB, "src/payments.ts": PAYMENTS + """
        export interface Charger { charge(amount: number): Promise<unknown> }
        export function charger(): Charger { return (globalThis as any).charger; }
        export class Ledger {
          static current() { return (globalThis as any).ledger; }
          async charge(amount: number) { return this.stripe.charges.create({ amount }); }
          private stripe = new Stripe("");
        }
    """, "src/route.ts": """
        import { prisma } from "./db";
        import { charger, Ledger } from "./payments";
        export async function POST() {
          await prisma.$transaction(async (tx) => {
            await charger().charge(10);
            await Ledger.current().charge(10);
          });
          return new Response("ok");
        }
    """})
    assert [f for f in check_tree(tmp_path, select=["PC201"]) if f.path == "src/route.ts"] == []


PY_PROJECT = '[project]\nname = "app"\nversion = "0"\ndependencies = ["prisma", "fastapi"]\n'


def test_python_fan_out_in_a_helper_reached_per_request_is_pc205_with_the_handler_related(tmp_path):
    write_tree(tmp_path, {
        "pyproject.toml": PY_PROJECT, "app/__init__.py": "",
        "app/db.py": "from prisma import Prisma\n\ndb = Prisma()\n",
        "app/lookups.py": (
            "import asyncio\n\nfrom app.db import db\n\n\n"
            "async def users_by_id(ids):\n"
            "    return await asyncio.gather(*[db.user.find_unique(where={'id': i}) for i in ids])\n"),
        "app/main.py": (
            "from fastapi import FastAPI\n\nfrom app.lookups import users_by_id\n\napp = FastAPI()\n\n\n"
            "@app.post('/users')\nasync def users(ids: list[str]):\n    return await users_by_id(ids)\n"),
    })
    data = json.loads(run_cli("--format", "json", "--select", "PC205", ".", cwd=tmp_path).stdout)
    [finding] = data["findings"] if isinstance(data, dict) else data
    assert (finding["path"], finding["line"]) == ("app/lookups.py", 7)
    assert "find_many" in finding["message"]
    assert ("app/main.py", 10) in [(r["path"], r["line"]) for r in finding["related"]]


def test_ts_fan_out_in_a_helper_reached_per_request_is_pc205_and_not_from_a_script(tmp_path):
    write_tree(tmp_path, {
        "package.json": '{"name": "app", "dependencies": {"@prisma/client": "5.0.0", "next": "14.0.0"}}',
        "lib/db.ts": DB,
        "lib/users.ts": """
            import { prisma } from "./db";
            export async function usersById(ids: string[]) {
              return Promise.all(ids.map((id) => prisma.user.findUnique({ where: { id } })));
            }
            export async function warm(ids: string[]) {
              return Promise.all(ids.map((id) => prisma.user.findUnique({ where: { id } })));
            }
        """,
        "app/api/users/route.ts": """
            import { usersById } from "../../../lib/users";
            export async function POST(req: Request) {
              return Response.json(await usersById((await req.json()).ids));
            }
        """,
        "scripts/warm.ts": 'import { warm } from "../lib/users";\nwarm(["a"]);\n',
    })
    found = [(f.path, f.line) for f in check_tree(tmp_path, select=["PC205"])]
    assert found == [("lib/users.ts", 3)]
