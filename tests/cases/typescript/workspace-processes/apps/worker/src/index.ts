import { prisma } from "@acme/prisma";
import { runReport } from "./jobs/report";

setInterval(async () => {
  await prisma.job.deleteMany({ where: { done: true } });
  await runReport();
}, 60_000);
