const { PrismaClient } = require("@prisma/client");
module.exports = global.prisma || (global.prisma = new PrismaClient());
