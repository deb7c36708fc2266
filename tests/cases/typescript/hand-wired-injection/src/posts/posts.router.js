import { Router } from 'express';
import { prisma } from '../../prisma/client.js';
import { PostsRepository, DraftsRepository } from './posts.repository.js';
import { PostsService, DraftsService } from './posts.service.js';

const router = Router();
const posts = new PostsService(new PostsRepository(prisma));
const drafts = new DraftsService(new DraftsRepository(prisma));

router.post('/posts', async (req, res) => {
  await posts.publish(req.body.title);
  res.sendStatus(201);
});
router.post('/drafts', async (req, res) => {
  await drafts.save(req.body.title);
  res.sendStatus(201);
});
export default router;
