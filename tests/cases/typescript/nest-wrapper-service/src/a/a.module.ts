import { Module } from '@nestjs/common';
import { AService } from './a.service';
import { PrismaService } from '../lib/prisma.service';
import { AuditDb } from '../lib/audit-db';

@Module({
  providers: [AService, PrismaService, AuditDb],
})
export class AModule {}
