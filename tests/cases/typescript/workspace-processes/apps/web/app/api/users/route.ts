import { listUsers } from "@acme/core";

export async function GET() {
  return Response.json(await listUsers());
}
