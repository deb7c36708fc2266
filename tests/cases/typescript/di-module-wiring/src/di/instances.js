// the one module that wires everything: services and repositories never import each other
import { prisma } from "../db.js";
import { OrderRepository } from "../repositories/order.repository.js";
import { OrderService } from "../services/order.service.js";

export const orderRepository = new OrderRepository(prisma);
export const orderService = new OrderService(orderRepository);
