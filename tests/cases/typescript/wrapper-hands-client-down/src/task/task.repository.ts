import { Injectable } from '@nestjs/common';
import { Prisma } from '@prisma/client';
import { PrismaService } from '../shared/prisma.service';

@Injectable()
export class TaskRepository {
  constructor(private readonly prisma: PrismaService) {}

  async completeTask(id: number, tx?: Prisma.TransactionClient) {
    const client = tx ?? this.prisma;
    return client.task.update({ where: { id }, data: {} });
  }
}
