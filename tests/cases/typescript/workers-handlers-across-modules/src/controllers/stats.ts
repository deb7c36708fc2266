import { Context } from "hono";
import { shared } from "../utils/shared";

export async function stats(c: Context) {
  return c.json(await shared.post.count());
}
