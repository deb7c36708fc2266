import { prisma } from './db.js'
import { countRows } from '../count-rows.js'

export const handler = async () => ({ statusCode: 200, body: JSON.stringify({ rows: await prisma.mega.findMany(), n: await countRows() }) })
