import { Injectable } from '@nestjs/common';
import { PrismaService } from '../shared/prisma.service';
import { IPointRepository } from './point.repository.interface';

@Injectable()
export class PointRepository implements IPointRepository {
  constructor(private readonly prisma: PrismaService) {}

  async calculateUserPoints(userId: string): Promise<number> {
    const r = await this.prisma.point.aggregate({ _sum: { points: true }, where: { userId } });
    return r._sum.points ?? 0;
  }
}
