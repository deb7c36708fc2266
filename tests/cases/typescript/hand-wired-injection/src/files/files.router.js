import { Router } from 'express';
import { PrismaClient } from '@prisma/client';
import { FilesRepository } from './files.repository.js';

const router = Router();
router.post('/files/:id/archive', async (req, res) => {
  const client = new PrismaClient(); // PC101 -- a client per request: its own pool
  const files = new FilesRepository(client);
  await files.archive(req.params.id);
  res.sendStatus(204);
});
export default router;
