import { Injectable } from "@nestjs/common";
import { Prisma } from "@prisma/client";
import { PrismaService } from "../prisma/prisma.service";

@Injectable()
export class FileService {
  constructor(private readonly prisma: PrismaService) {}

  async create(name: string) {
    return this.prisma.file.create({ data: { name } });
  }

  async upload(name: string, body: string) {
    await fetch(`https://storage.example.com/${name}`, { method: "PUT", body });
    return this.prisma.file.create({ data: { name } });
  }

  async createIn(name: string, tx: Prisma.TransactionClient) {
    return tx.file.create({ data: { name } });
  }
}
