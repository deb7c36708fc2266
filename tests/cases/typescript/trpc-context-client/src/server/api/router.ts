import { createTRPCRouter, publicProcedure } from "./trpc";
import { checkQuota } from "../lib/quota";

export const appRouter = createTRPCRouter({
  add: publicProcedure.mutation(async ({ ctx }) => {
    return ctx.db.$transaction(async (tx) => {
      await checkQuota(ctx.db, "o"); // PC202 -- the context's client is the transaction's own
      await checkQuota(tx, "o");
      return tx.user.create({ data: { id: 1 } });
    });
  }),
});
