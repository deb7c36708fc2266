import express from 'express'
import { PrismaClient } from '@prisma/client'
import { users } from './routes/users.js'
import { megas } from './routes/megas.js'

// Imported by nothing and connecting in a function called on the spot, like a script,
// but it imports the app's routes: the server's process holds this pool and theirs.
const prisma = new PrismaClient() // PC103
;(async () => {
  await prisma.$connect()
})()
express().use(users).use(megas).listen(3000)
