import { planBackfill } from "../prisma/backfill";
test("plans", () => expect(planBackfill(4)).toEqual([0, 2]));
