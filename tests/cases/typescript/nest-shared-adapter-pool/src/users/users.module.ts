import { Module } from '@nestjs/common'
import { PrismaService, ReadPrismaService } from '../prisma/prisma.service'
import { UrlPrismaService, SharedUrlPrismaService, OwnPoolPrismaService, PlainPrismaService } from '../prisma/url-prisma.service'

@Module({
  providers: [
    PrismaService,
    ReadPrismaService,
    UrlPrismaService, // PC103
    SharedUrlPrismaService, // PC103
    OwnPoolPrismaService, // PC103
    PlainPrismaService, // PC103
  ],
})
export class UsersModule {}
