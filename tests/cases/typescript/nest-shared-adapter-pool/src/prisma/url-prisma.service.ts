import { Injectable } from '@nestjs/common'
import { PrismaClient } from '@prisma/client'
import { PrismaPg } from '@prisma/adapter-pg'
import { Pool } from 'pg'

// A connection string, no external Pool: each client's adapter opens a pg Pool of its own.
@Injectable()
export class UrlPrismaService extends PrismaClient {
  constructor() {
    const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, max: 5, connectionTimeoutMillis: 5000 })
    super({ adapter })
  }
}

// A module-level adapter from a connection string: its factory still opens one pool per client.
const urlAdapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, max: 5, connectionTimeoutMillis: 5000 })

@Injectable()
export class SharedUrlPrismaService extends PrismaClient {
  constructor() { super({ adapter: urlAdapter }) }
}

// A Pool built in the constructor: one per instance.
@Injectable()
export class OwnPoolPrismaService extends PrismaClient {
  constructor() {
    super({ adapter: new PrismaPg(new Pool({ connectionString: process.env.DATABASE_URL, max: 5, connectionTimeoutMillis: 5000 })) })
  }
}

// No adapter at all: each client has its own pool.
@Injectable()
export class PlainPrismaService extends PrismaClient {}
