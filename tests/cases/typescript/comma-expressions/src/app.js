import express from "express"
import { prisma } from "./db.js"

const app = express()

app.put('/a/:id', async (req, res) => {
  const links = req.body.links
  const r = await prisma.$transaction(async (C) => {
    await C.mega.update({ where: { conc: 1 }, data: {} })
    // minifier output: a comma expression's value is its last operand, which $transaction awaits
    return links !== void 0 && (await C.mega.deleteMany({})), C.mega.findUnique({ where: { conc: 1 } })
  })
  res.json(r)
})

app.put('/b/:id', async (req, res) => {
  const r = await prisma.$transaction(async (C) => {
    // the first operand's promise is dropped: nobody waits for it
    return C.mega.deleteMany({}), C.mega.findUnique({ where: { conc: 1 } }) // PC204:12 -- the first operand only
  })
  res.json(r)
})

app.listen(3000)
