import { Module } from '@nestjs/common';
import { PrismaService } from '../shared/prisma.service';
import { IPOINT_REPOSITORY } from '../shared/tokens';
import { PointRepository } from '../point/point.repository';
import { TaskService } from './task.service';

@Module({
  providers: [
    PrismaService,
    TaskService,
    PointRepository,
    { provide: IPOINT_REPOSITORY, useClass: PointRepository },
  ],
})
export class TaskModule {}
