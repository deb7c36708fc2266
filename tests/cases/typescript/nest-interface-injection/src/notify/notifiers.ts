import { Injectable } from '@nestjs/common';
import { PrismaService } from '../shared/prisma.service';
import { INotifier } from './notifier.interface';

@Injectable()
export class DbNotifier implements INotifier {
  constructor(private readonly prisma: PrismaService) {}
  async notify(userId: string) {
    await this.prisma.point.create({ data: { id: 1, userId, points: 0 } });
  }
}

@Injectable()
export class NoopNotifier implements INotifier {
  async notify(_userId: string) {}
}
