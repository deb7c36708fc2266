import { Module } from '@nestjs/common'
import { PrismaService, ReadPrismaService } from '../prisma/prisma.service'
import { UrlPrismaService, SharedUrlPrismaService, OwnPoolPrismaService, PlainPrismaService } from '../prisma/url-prisma.service'

@Module({ providers: [PrismaService, ReadPrismaService, UrlPrismaService, SharedUrlPrismaService, OwnPoolPrismaService, PlainPrismaService] })
export class OrdersModule {}
