import { Router } from 'express';
import { OrdersService, PrismaOrdersStore } from './orders.js';

const service = new OrdersService(new PrismaOrdersStore());
export const ordersRouter = Router();
ordersRouter.post('/orders', async (req, res) => {
  await service.place(req.body.id);
  res.sendStatus(201);
});
