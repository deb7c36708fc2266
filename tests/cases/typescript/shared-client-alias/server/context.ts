import { prisma } from "../lib/db";

export const createContext = () => ({ prisma });
