import { db, failures } from "../../../lib/shared";

export async function POST(req: Request) {
  const { id } = await req.json();
  await db.$transaction(async (tx) => {
    await tx.automationExecution.update({ where: { id }, data: { status: "ERROR" } });
    const count = await failures(id); // PC202 -- the shared client, not the transaction's
    if (count > 3) await tx.automation.update({ where: { id }, data: { enabled: false } });
  });
  return new Response(null, { status: 204 });
}
