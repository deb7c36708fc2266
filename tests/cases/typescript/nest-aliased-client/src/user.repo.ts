import { Injectable } from "@nestjs/common";
import { PrismaService, EventBus } from "./prisma.service";

@Injectable()
export class UserRepo {
  constructor(
    private readonly prisma: PrismaService,
    private readonly bus: EventBus,
  ) {}
  count() {
    return this.prisma.user.count();
  }
  listeners() {
    return this.bus.user.count();
  }
}
