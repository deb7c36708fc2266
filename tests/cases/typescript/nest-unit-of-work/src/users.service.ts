import { Injectable } from "@nestjs/common";
import { PrismaService } from "./prisma.service";
@Injectable()
export class UsersService {
  constructor(private readonly prisma: PrismaService) {}
  async bump(id: number) { return this.prisma.user.update({ where: { id }, data: {} }); }
  async bumpIn(tx: any, id: number) { return tx.user.update({ where: { id }, data: {} }); }
}
