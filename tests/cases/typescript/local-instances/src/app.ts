import express from "express"
import { prisma } from "./db"
import { Svc } from "./svc"
import { Repo } from "./factory"
import { Ctrl } from "./ctrl"

const app = express()

// a handler holds a fresh instance in a local, then calls its method
app.get("/a", async (req, res) => {
  const svc = new Svc()
  res.json(await svc.list())
})

// the same inside an interactive transaction's body, and by the local's declared type
app.post("/b", async (req, res) => {
  await prisma.$transaction(async (tx) => {
    const svc = new Svc()
    await tx.mega.delete({ where: { conc: 1 } })
    await svc.log() // PC202
  })
  await prisma.$transaction(async (tx) => {
    let typed: Svc
    typed = pick()
    await tx.mega.delete({ where: { conc: 2 } })
    await typed.log() // PC202
  })
  res.json(1)
})

function pick(): any { return null }

// a function the handler calls holds one: the per-call construction behind it
async function load() {
  const repo = new Repo()
  return repo.list()
}
app.get("/c", async (req, res) => { res.json(await load()) })

// a route handler given as the method of an instance built inline
app.get("/r", new Ctrl().list)
app.listen(3000)
