import { Injectable } from '@nestjs/common';
import { PrismaService } from '../lib/prisma.service';

@Injectable()
export class AService {
  constructor(private prisma: PrismaService) {}
  list() {
    return this.prisma.item.findMany();
  }
}
