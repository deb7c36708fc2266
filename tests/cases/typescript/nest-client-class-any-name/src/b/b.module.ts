import { Module } from '@nestjs/common';
import { BService } from './b.service';
import { DatabaseService } from '../lib/database.service';

@Module({
  providers: [BService, DatabaseService], // PC103
})
export class BModule {}
