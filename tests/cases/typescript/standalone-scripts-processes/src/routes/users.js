import { Router } from 'express'
import { PrismaClient } from '@prisma/client'

// imported by src/index.js: a second pool in the server's process
const prisma = new PrismaClient() // PC103
export const users = Router()
users.get('/users', async (req, res) => res.json(await prisma.mega.findMany()))
