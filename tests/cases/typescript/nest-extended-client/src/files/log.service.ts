import { Injectable } from "@nestjs/common";
import { LoggedPrismaService } from "../prisma/prisma.service";

@Injectable()
export class LogService {
  constructor(private readonly prisma: LoggedPrismaService) {}

  async write(message: string) {
    return this.prisma.log.create({ data: { message } });
  }
}
