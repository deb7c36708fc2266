import { inject } from "inversify";
import { controller, httpGet } from "inversify-express-utils";
import { JsonController, Get } from "routing-controllers";
import { ItemRepository, listOrders, archive } from "./repos";

@controller("/items")
export class ItemController {
  constructor(@inject("ItemRepository") private repo: ItemRepository) {}

  @httpGet("/")
  async list() {
    return this.repo.findAll();
  }

  async cleanup() {
    return archive();
  }
}

@JsonController("/orders")
export class OrderController {
  @Get("/")
  list() {
    return listOrders();
  }
}
