import { Hono } from "hono";
import { AuditService, Paginator, UserService, getReports, reports } from "../services/users";

const users = new Hono();

users.get("/", async (c) => {
  const svc = new UserService();
  const audit = new AuditService("users");
  await audit.log("listed");
  const page = new Paginator().page(0);
  const again = await getReports().count();
  return c.json({ users: await svc.list(), page, reports: await reports.count(), again });
});

export default users;
