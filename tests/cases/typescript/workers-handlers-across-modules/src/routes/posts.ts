import { Hono } from "hono";
import listPosts from "../controllers/listPosts";
import { countPosts } from "../controllers/inlinePool";
import { stats } from "../controllers/stats";
const posts = new Hono();
posts.get("/", listPosts);
posts.get("/count", countPosts);
posts.get("/stats", stats);
export default posts;
