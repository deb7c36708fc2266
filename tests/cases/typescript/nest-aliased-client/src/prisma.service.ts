import { Injectable } from "@nestjs/common";
import { PrismaClient } from "@prisma/client";
import { EventEmitter } from "node:events";

// the client class through a name: a class expression held in a const
const ExtendedClient = class extends PrismaClient {};

@Injectable()
export class PrismaService extends ExtendedClient {}

// the same shape around something else: no client
const Emitter = class extends EventEmitter {};

@Injectable()
export class EventBus extends Emitter {
  user = { count: async () => 0 };
}
