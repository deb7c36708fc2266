import { Inject, Injectable } from '@nestjs/common';
import { PrismaService } from '../shared/prisma.service';
import { IPOINT_REPOSITORY } from '../shared/tokens';
import { IPointRepository } from '../point/point.repository.interface';
import { INotifier } from '../notify/notifier.interface';

@Injectable()
export class TaskService {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(IPOINT_REPOSITORY)
    private readonly pointRepository: IPointRepository,
    @Inject('NOTIFIER')
    private readonly notifier: INotifier,
  ) {}

  // a token-injected repository typed by its interface: the one class implementing it
  async completeTask(id: number, userId: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.task.update({ where: { id }, data: {} });
      await this.pointRepository.calculateUserPoints(userId); // PC202
      await this.notifier.notify(userId); // two classes implement it: which one is injected is not known
    });
  }
}
