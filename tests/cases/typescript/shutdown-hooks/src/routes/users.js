import express from 'express'
import { getPrismaClient, closeAfter } from '../utils/prismaClient.js'

const router = express.Router()

router.post('/login', async (req, res) => {
  const prisma = getPrismaClient()
  res.json(await prisma.mega.findMany())
})

router.get('/stream', async (req, res) => {
  const prisma = getPrismaClient()
  // a listener on the request, not on the process: it runs when each request closes
  req.on('close', async () => {
    await prisma.$disconnect() // PC104
  })
  res.json(await prisma.mega.findMany())
})

router.get('/count', async (req, res) => {
  res.json(await closeAfter((db) => db.mega.count()))
})

export default router
