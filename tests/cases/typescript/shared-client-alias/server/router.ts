import { initTRPC } from "@trpc/server";
import { createContext } from "./context";
import { auditLog } from "../lib/audit";

const t = initTRPC.context<ReturnType<typeof createContext>>().create();

export const router = t.router({
  remove: t.procedure.mutation(async ({ ctx }) => {
    await ctx.prisma.$transaction(async (tx) => {
      await tx.trigger.delete({ where: { id: "1" } });
      await auditLog("remove"); // PC202 -- ctx.prisma is the shared prisma: the deadlock kind
      await auditLog("remove", tx);
    });
  }),
});
