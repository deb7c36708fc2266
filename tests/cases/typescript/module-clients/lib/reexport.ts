// re-exporting the shared client makes no second pool: silent
export { prisma } from "./prisma";
