import { PrismaClient } from '@prisma/client'

// -- what the Lambda function runs: its URL is the deployed pool's
export const prisma = new PrismaClient({ datasourceUrl: 'postgresql://app:Xk29fhQ7v@prod.c9aqq6yoiyvt.us-west-2.rds.amazonaws.com:5432/app' }) // PC303 PC307
