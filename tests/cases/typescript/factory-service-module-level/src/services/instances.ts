import { prismaDb } from "../lib/database";
import { createTaskService } from "./task-service";

export const sharedTasks = createTaskService(prismaDb);
