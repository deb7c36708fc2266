import { prisma } from '../prisma/client.js';
import { AuthRepository } from '../src/auth/auth.repository.js';
import { AuthService } from '../src/auth/auth.service.js';

const service = new AuthService(new AuthRepository(prisma));
await service.signUp('seed');
