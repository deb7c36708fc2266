import express from 'express';
import { prisma } from '../../prisma/client.js';
import { AuthRepository } from './auth.repository.js';
import { AuthService } from './auth.service.js';
import { AuthController } from './auth.controller.js';

const router = express.Router();
// consts passed along
const authRepository = new AuthRepository(prisma);
const authService = new AuthService(authRepository);
const authController = new AuthController(authService);

router.post('/signup', authController.signUp);
export default router;
