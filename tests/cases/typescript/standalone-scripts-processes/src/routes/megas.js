import { Router } from 'express'
import { prisma } from '../lib/prisma.js'

export const megas = Router()
megas.get('/megas', async (req, res) => res.json(await prisma.mega.findMany()))
