"""Where a transaction finding sits when a same-file helper does the work (architecture.md:
on the call in the transaction body, which holds the connection; one finding per cause)."""

from __future__ import annotations

from conftest import check_tree, codes_at, write_tree

PKG = '{"name": "x", "dependencies": {"@prisma/client": "5.0.0", "next": "14.0.0", "axios": "1.0.0"}}'
ROUTE = """
    import { PrismaClient } from "@prisma/client";
    import axios from "axios";
    const g = globalThis as unknown as { r?: PrismaClient; w?: PrismaClient };
    export const dbRead = g.r ?? new PrismaClient();
    export const dbWrite = g.w ?? new PrismaClient();

    async function both(id: string) {
      await dbRead.user.findMany();
      await dbWrite.user.update({ where: { id }, data: {} });
    }
    async function charge(n: number) {
      return post(n);
    }
    async function post(n: number) {
      return axios.post("https://pay.example.com", { n });
    }
    export async function POST() {
      await dbWrite.$transaction(async (tx) => {
        await both("a");
        await charge(1);
        async function inline() {
          await dbWrite.audit.create({ data: {} });
        }
        await inline();
        await tx.user.create({ data: {} });
      });
    }
"""


def test_same_file_helpers_are_reported_on_the_call_in_the_body(tmp_path):
    write_tree(tmp_path, {"package.json": PKG, "app/api/x/route.ts": ROUTE})
    found = check_tree(tmp_path, select=["PC201", "PC202"])
    path = "app/api/x/route.ts"
    # both(): two outer queries, one finding on the call; charge(): axios two calls down;
    # a function declared inside the body is the body: its query is reported where it is
    assert codes_at(found) == [(path, 19, "PC202"), (path, 20, "PC201"), (path, 22, "PC202")]
    by_line = {f.line: f for f in found}
    # the query on the transaction's own client decides (the deadlock), not the replica read
    assert by_line[19].severity == "E" and "reaches `dbWrite.user.update`" in by_line[19].message
    assert "reaches `axios.post`" in by_line[20].message
    assert by_line[22].message.startswith("`dbWrite.audit.create` uses the outer client")
