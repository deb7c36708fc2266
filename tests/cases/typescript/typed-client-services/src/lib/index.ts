export * from "./prisma";
export * from "./audit";
