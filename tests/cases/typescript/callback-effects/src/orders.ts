import { prisma } from "./db";
import { labels, postAll, postEach, postLater, postThen, postTimer, postWrapped, touchAll } from "./notify";

export async function settle(ids: number[], urls: string[]) {
  await prisma.$transaction(async (tx) => {
    await tx.order.updateMany({ where: { id: { in: ids } }, data: {} });
    await postWrapped(urls[0]); // PC201
    await postAll(urls); // PC201
    await postEach(urls); // PC201
    await touchAll(ids); // PC202
    await postThen(urls[0]); // PC201
    postLater(urls[0]);
    postTimer(urls[0]);
    await labels(["a"]);
    void postAll(urls);
  });
}
