import { initTRPC } from "@trpc/server";
import { db } from "../db";
export const createTRPCContext = async () => ({ db });
const t = initTRPC.context<typeof createTRPCContext>().create();
export const publicProcedure = t.procedure;
export const createTRPCRouter = t.router;
