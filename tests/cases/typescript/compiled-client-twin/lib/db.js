// tsc output committed beside lib/db.ts: the same module, loaded once as one or the other
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.db = void 0;
const client_1 = require("@prisma/client");
const g = globalThis;
exports.db = g.db ?? new client_1.PrismaClient();
if (process.env.NODE_ENV !== 'production')
    g.db = exports.db;
//# sourceMappingURL=db.js.map
