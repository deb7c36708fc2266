import { Injectable } from '@nestjs/common';
import { TransactionService } from '../shared/transaction.service';
import { PrismaService } from '../shared/prisma.service';
import { TaskRepository } from './task.repository';

@Injectable()
export class TaskService {
  constructor(
    private readonly transactionService: TransactionService,
    private readonly taskRepository: TaskRepository,
    private readonly prisma: PrismaService,
  ) {}

  // the wrapper's callback only hands tx down (layered style): still a transaction body
  async completeTask(id: number): Promise<void> {
    await this.transactionService.runInTransaction(async (tx) => {
      await this.taskRepository.completeTask(id, tx);
      await fetch('https://example.com/hook'); // PC201
    });
  }

  // the same with a direct tx.task query
  async completeTaskDirect(id: number): Promise<void> {
    await this.transactionService.runInTransaction(async (tx) => {
      await tx.task.findFirst({ where: { id } });
      await fetch('https://example.com/hook'); // PC201
    });
  }

  // the same body in a direct $transaction
  async completeTaskInline(id: number): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await this.taskRepository.completeTask(id, tx);
      await fetch('https://example.com/hook'); // PC201
    });
  }
}
