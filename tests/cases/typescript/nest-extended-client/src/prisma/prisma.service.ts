import { Injectable, OnModuleInit } from "@nestjs/common";
import { extendedClient, loggedClient } from "./extended-prisma";

@Injectable()
export class PrismaService extends extendedClient() implements OnModuleInit {
  async onModuleInit() {
    console.log("ready");
  }
}

@Injectable()
export class LoggedPrismaService extends loggedClient() {}
