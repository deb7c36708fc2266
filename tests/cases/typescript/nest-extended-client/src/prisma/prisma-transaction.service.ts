import { Injectable } from "@nestjs/common";
import { PrismaClient } from "@prisma/client";

// the provider the services open their transactions on: a client of its own
@Injectable()
export class PrismaTransactionService extends PrismaClient {}

// a reporting replica's client, another subclass
@Injectable()
export class ReportingPrismaService extends PrismaClient {}
