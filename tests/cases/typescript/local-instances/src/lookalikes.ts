import express from "express"
import { Svc } from "./svc"
import { Other } from "./other"

const app = express()

// Every receiver below may not hold a Svc when `drop` is called: none reaches Svc.drop.
app.get("/reassigned", async (req, res) => {
  let s = new Svc()
  s = new Other() as any
  await s.drop()
  res.json(1)
})

app.get("/destructured", async (req, res) => {
  let s = new Svc();
  [s] = [new Other() as any]
  await s.drop()
  res.json(1)
})

async function viaParam(s) { await s.drop() }
app.get("/param", async (req, res) => { await viaParam(new Svc()); res.json(1) })

app.get("/unrelated", async (req, res) => {
  const o = new Other()
  await o.drop()
  res.json(1)
})

// two blocks declare `s`: the call sees the Other of its own block
app.get("/blocks", async (req, res) => {
  if (req.query.a) { const s = new Other(); await s.drop() }
  else { const s = new Svc(); res.json(s === null) }
  res.json(1)
})

app.get("/closure", async (req, res) => {
  let s = new Svc()
  const swap = () => { s = new Other() as any }
  swap()
  await s.drop()
  res.json(1)
})
app.listen(3002)
