import { Module } from '@nestjs/common';
import { BService } from './b.service';
import { PrismaService } from '../lib/prisma.service';

@Module({
  providers: [BService, PrismaService], // PC103
})
export class BModule {}
