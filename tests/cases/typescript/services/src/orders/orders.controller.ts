import { Body, Controller, Post } from "@nestjs/common";
import { OrdersService } from "./orders.service";

@Controller("orders")
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  place(@Body() body: { userId: string; email: string }) {
    return this.orders.place(body.userId, body.email);
  }
}
