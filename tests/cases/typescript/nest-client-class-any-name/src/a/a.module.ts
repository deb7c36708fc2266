// The client class and its file are named for the database, not for Prisma: its modules
// name it in their providers without any Prisma word.
import { Module } from '@nestjs/common';
import { AService } from './a.service';
import { DatabaseService } from '../lib/database.service';

@Module({
  providers: [AService, DatabaseService],
})
export class AModule {}
