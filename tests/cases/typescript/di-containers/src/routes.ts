import "reflect-metadata";
import express from "express";
import { container } from "tsyringe";
import { Container } from "typedi";
import { prisma } from "./db";
import { AuditRepository, UserRepository } from "./repositories";

// resolved once at start-up, and an object of repositories
const users = container.resolve(UserRepository);
export const repos = { users: new UserRepository(), audit: new AuditRepository() };
export const router = express.Router();

router.post("/users/:id", async (req, res) => {
  const id = Number(req.params.id);
  await prisma.$transaction(async (tx) => {
    await users.find(id); // PC202 -- a container's instance queries the shared client
    await repos.audit.count(); // PC202 -- a member of an object of repositories
    const audit = Container.get(AuditRepository);
    await audit.count(); // PC202 -- resolved in the handler: still the class's method
    await users.findWith(tx, id);
    await repos.users.findWith(tx, id);
    const byToken = container.resolve<UserRepository>("UserRepository");
    await byToken.find(id);
    await tx.user.update({ where: { id }, data: {} });
  });
  res.sendStatus(204);
});
