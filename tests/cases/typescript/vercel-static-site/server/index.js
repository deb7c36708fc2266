import express from 'express'
import { prisma } from './db.js'
const app = express()
app.get('/products', async (req, res) => res.json(await prisma.product.findMany()))
app.listen(process.env.PORT || 5000)
