import express from "express"
import { prismaShared } from "./db"
import { CtorService, HandedService, MixedService, TagService } from "./services"
import { MemoryRepo, TagRepo, TagRepoPostgres, TagRepos } from "./repos"

const router = express.Router()

class Controller {
  private readonly viaFactory = new TagService((new TagRepos).get("postgres"))
  private readonly viaNew = new TagService(new TagRepoPostgres())
  private readonly mixedA = new MixedService(new TagRepoPostgres())
  private readonly mixedB = new MixedService(new MemoryRepo())

  async c1(req: any, res: any) {
    await prismaShared.$transaction(async (tx) => {
      await tx.favoriteVideo.create({ data: { userId: 1 } })
      await this.viaFactory.check(1) // PC202
      await this.mixedA.check(1)
    })
    res.send("ok")
  }
  async c2(req: any, res: any) {
    await prismaShared.$transaction(async (tx) => {
      await tx.favoriteVideo.create({ data: { userId: 1 } })
      await this.viaNew.check(1) // PC202
      await this.mixedB.check(1)
    })
    res.send("ok")
  }
}

// the constructor builds its service itself, taking no parameter
class CtorController {
  private readonly svc: CtorService
  constructor() {
    this.svc = new CtorService(new TagRepoPostgres())
  }
  async run(req: any, res: any) {
    await prismaShared.$transaction(async (tx) => {
      await tx.favoriteVideo.create({ data: { userId: 2 } })
      await this.svc.check(2) // PC202
    })
    res.send("ok")
  }
}

// the constructor builds its service with its own parameter: what `new HandedController(...)` hands it
class HandedController {
  private readonly svc: HandedService
  constructor(repo: TagRepo) {
    this.svc = new HandedService(repo)
  }
  async run(req: any, res: any) {
    await prismaShared.$transaction(async (tx) => {
      await tx.favoriteVideo.create({ data: { userId: 3 } })
      await this.svc.check(3) // PC202 -- the controller is built with a repository on the shared client
    })
    res.send("ok")
  }
}

const ctl = new Controller()
const ctor = new CtorController()
const handed = new HandedController(new TagRepoPostgres())
router.post("/c1", (req, res) => ctl.c1(req, res))
router.post("/c2", (req, res) => ctl.c2(req, res))
router.post("/c3", (req, res) => ctor.run(req, res))
router.post("/c4", (req, res) => handed.run(req, res))
export default router
