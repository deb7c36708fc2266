import { Injectable, OnModuleInit } from '@nestjs/common'
import { PrismaClient } from '@prisma/client'
import { PrismaPg } from '@prisma/adapter-pg'
import { Pool } from 'pg'

// One pg Pool for the process: every PrismaService instance (one per providing module)
// hands its client an adapter over this pool, so the connections stay at its max.
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10, connectionTimeoutMillis: 5000 })
const adapter = new PrismaPg(pool)

@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit {
  constructor() { super({ adapter }) }
  async onModuleInit() { await this.$connect() }
}

// The adapter built per instance, over the same module-level pool: still one pool.
@Injectable()
export class ReadPrismaService extends PrismaClient {
  constructor() {
    super({ adapter: new PrismaPg(pool) })
  }
}
