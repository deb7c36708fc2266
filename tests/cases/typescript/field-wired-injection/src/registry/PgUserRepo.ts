import { prismaShared } from "../db"
import { UserRepo } from "./iface"
export class PgUserRepo implements UserRepo {
  async selectUser(id: number) { return prismaShared.user.findUnique({ where: { id } }) }
}
