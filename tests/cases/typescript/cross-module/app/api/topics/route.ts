import * as sns from "@/lib/aws/sns";
import { prisma } from "@/lib/prisma";

export async function POST(req: Request): Promise<Response> {
  const { arn, url, region } = await req.json();
  const setting = await prisma.$transaction(async (tx) => {
    const created = await tx.sesSetting.create({ data: { arn, url, region } });
    await sns.subscribe(arn, url, region); // PC201
    await sns.rate(1.5);
    return created;
  });
  return Response.json(setting);
}
