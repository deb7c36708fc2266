// nothing imports it and it exports nothing, but it loads the routes, whose modules build
// the shared client: run as an entry, its process holds both pools
import { PrismaClient } from "@prisma/client";
import users from "../routes/users.js";

const prisma = new PrismaClient(); // PC103
setInterval(() => prisma.user.count().then(() => users), 60_000);
