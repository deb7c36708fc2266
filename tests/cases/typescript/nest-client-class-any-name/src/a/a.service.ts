import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../lib/database.service';

@Injectable()
export class AService {
  constructor(private prisma: DatabaseService) {}
  list() {
    return this.prisma.item.findMany();
  }
}
