import { Context } from "hono";
import db from "../utils/db";
export default async function listPosts(c: Context) {
  const { post } = db(c.env.DATABASE_URL);
  return c.json(await post.findMany());
}
