import { createTRPCRouter, publicProcedure } from "./trpc";
import { checkQuota, checkQuotaCtx, checkSession } from "../lib/quota";

export const appRouter = createTRPCRouter({
  add: publicProcedure.mutation(async ({ ctx }) => {
    return ctx.db.$transaction(async (tx) => {
      await checkQuota(ctx.db, "o"); // PC202 -- the context's client is the transaction's own
      await checkQuotaCtx(ctx, "o"); // PC202 -- so is the client of the context it hands on
      await checkQuota(tx, "o");
      await checkQuotaCtx({ db: tx }, "o");
      checkSession(ctx);
      return tx.user.create({ data: { id: 1 } });
    });
  }),
});
