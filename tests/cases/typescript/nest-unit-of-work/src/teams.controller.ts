import { Controller, Post } from "@nestjs/common";
import { UsersService } from "./users.service";
import { PrismaService } from "./prisma.service";
import { AuditService } from "./audit.service";
@Controller("teams")
export class TeamsController {
  constructor(private readonly users: UsersService, private readonly prisma: PrismaService, private readonly audit: AuditService) {}
  @Post()
  async create() {
    return this.prisma.$transaction(async (tx) => {
      await tx.team.create({ data: {} });
      await this.users.bump(1); // PC202 -- UsersService.bump: this.prisma.user.update, PrismaService extends PrismaClient
      await this.users.bumpIn(tx, 1);
      await this.audit.touch();
    });
  }
}
