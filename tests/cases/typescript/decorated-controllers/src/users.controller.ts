import { Route, Get, Controller } from "tsoa";
import { listUsers } from "./repos";

@Route("users")
export class UserController extends Controller {
  @Get()
  public async list() {
    return listUsers();
  }
}
