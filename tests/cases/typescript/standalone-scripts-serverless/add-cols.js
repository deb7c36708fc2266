// `node add-cols.js`: a one-off, nothing imports it and serverless.yml does not name it
import pg from 'pg';
const { Client } = pg;
const c = new Client({
  connectionString: 'postgresql://dbuser:Xk29fhQ7v@mydb.c9aqq6yoiyvt.us-west-2.rds.amazonaws.com:5432/postgres', // PC307
  ssl: { rejectUnauthorized: false }
});
c.connect()
  .then(() => c.query('ALTER TABLE mega ADD COLUMN IF NOT EXISTS "x" TEXT;'))
  .then(() => { console.log('ok'); c.end(); })
  .catch(e => { console.error(e); c.end(); });
