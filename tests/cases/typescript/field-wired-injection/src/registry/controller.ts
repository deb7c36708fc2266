import express from "express"
import { prismaShared } from "../db"
import { OpenUserService, UserService } from "./services"
import { OpenUserRepos, UserRepos } from "./UserRepos"

const router = express.Router()

class UserController {
  private readonly userService = new UserService((new UserRepos()).get("postgres"))
  private readonly openService = new OpenUserService((new OpenUserRepos()).get("postgres"))

  async run(req: any, res: any) {
    await prismaShared.$transaction(async (tx) => {
      await tx.user.update({ where: { id: 1 }, data: {} })
      await this.userService.find(1) // PC202
      await this.openService.find(1)
    })
    res.send("ok")
  }
}

const users = new UserController()
router.post("/users", (req, res) => users.run(req, res))
export default router
