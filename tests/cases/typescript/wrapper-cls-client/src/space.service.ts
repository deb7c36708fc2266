import { Injectable } from "@nestjs/common";
import { PrismaService } from "./prisma.service";
import { MailService } from "./mail.service";
import { RetryService } from "./retry.service";
import { SeatService } from "./seat.service";
@Injectable()
export class SpaceService {
  constructor(private readonly prismaService: PrismaService, private readonly mail: MailService,
              private readonly retry: RetryService, private readonly seats: SeatService) {}

  async create(name: string) {
    return await this.prismaService.$tx(async () => {
      // the transaction client, bound in CLS by $tx: silent
      const space = await this.prismaService.txClient().space.create({ data: { name } });
      await this.prismaService.collaborator.create({ data: { spaceId: space.id } }); // PC202
      await this.mail.send(name); // PC201
      await this.seats.count(space.id); // PC202
      await this.seats.countInTx(space.id);
      await this.seats.reserve(space.id);
      return space;
    });
  }

  async rename(id: string, name: string) {
    await this.prismaService.$tx(async (prisma) => {
      await prisma.space.update({ where: { id }, data: { name } });
      const count = await this.prismaService.space.count(); // PC202
      return count;
    });
  }

  // look-alikes: a callback stored for later, a retry helper spelled `$tx`, work after the transaction
  async later(name: string) {
    this.prismaService.bindAfterTransaction(async () => {
      await this.prismaService.space.findMany();
      await this.mail.send(name);
    });
    await this.retry.$tx(async () => {
      await this.prismaService.space.count();
      await this.mail.send(name);
    });
    const space = await this.prismaService.$tx(async () => this.prismaService.txClient().space.create({ data: { name } }));
    await this.mail.send(name);
    return space;
  }

  // outside any transaction: silent
  async list() {
    return this.prismaService.space.findMany();
  }
}
