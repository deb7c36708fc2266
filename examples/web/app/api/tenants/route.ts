import { NextResponse } from "next/server";
import { prisma } from "@/lib/prisma";

// correct: tenants that share the main database are one grouped query on the shared client.
// (The per-tenant-database loop in lib/tenants.ts is the PC106 counterpart.)
export async function GET() {
  const rows = await prisma.user.groupBy({
    by: ["tenantId"],
    where: { active: true },
    _count: { _all: true },
  });
  const counts = Object.fromEntries(rows.map((row) => [row.tenantId ?? "none", row._count._all]));
  return NextResponse.json(counts);
}
