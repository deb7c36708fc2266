import db from "../../../db"
export default async function handler(req: any, res: any) {
  res.json(await db.user.findMany())
}
