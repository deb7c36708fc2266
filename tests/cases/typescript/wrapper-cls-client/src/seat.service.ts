import { Injectable } from "@nestjs/common";
import { PrismaService } from "./prisma.service";
@Injectable()
export class SeatService {
  constructor(private readonly prismaService: PrismaService) {}
  async count(spaceId: string) {
    return this.prismaService.collaborator.count({ where: { spaceId } });
  }
  async countInTx(spaceId: string) {
    return this.prismaService.txClient().collaborator.count({ where: { spaceId } });
  }
  // a nested $tx joins the transaction bound in CLS: not one of its own
  async reserve(spaceId: string) {
    return this.prismaService.$tx(async () => this.prismaService.txClient().seat.create({ data: { spaceId } }));
  }
}
