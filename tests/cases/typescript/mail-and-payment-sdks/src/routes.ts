import express from 'express';
import { payA } from './a';
import { payS } from './stripe-control';
const router = express.Router();
router.post('/a', async (req, res) => res.json(await payA(1)));
router.post('/s', async (req, res) => res.json(await payS(1)));
export default router;
