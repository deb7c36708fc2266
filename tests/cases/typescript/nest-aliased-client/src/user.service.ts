import { Injectable } from "@nestjs/common";
import { PrismaService } from "./prisma.service";
import { UserRepo } from "./user.repo";

@Injectable()
export class UserService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UserRepo,
  ) {}
  async add() {
    return this.prisma.$transaction(async (tx) => {
      const n = await this.users.count(); // PC202
      const m = await this.users.listeners();
      return tx.user.create({ data: { n, m } });
    });
  }
}
