// At the root like the scripts, but the handler imports it: it runs in the function.
import pg from 'pg'

const c = new pg.Client({ connectionString: 'postgresql://app:Xk29fhQ7v@prod.c9aqq6yoiyvt.us-west-2.rds.amazonaws.com:5432/app' }) // PC303 PC307
await c.connect()

export async function countRows() {
  const r = await c.query('SELECT count(*) FROM mega')
  return r.rows[0].count
}
