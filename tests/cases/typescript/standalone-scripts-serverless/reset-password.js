// `node reset-password.js`: CommonJS, run in an async function called on the spot
const { Client } = require("pg");

(async () => {
  const c = new Client({
    connectionString: "postgresql://dbuser:Xk29fhQ7v@mydb.c9aqq6yoiyvt.us-west-2.rds.amazonaws.com:5432/postgres?sslmode=require", // PC307
  });
  await c.connect();
  await c.query('UPDATE users SET "passwordHash"=$1 WHERE email=$2', ["x", "a@b.c"]);
  await c.end();
})().catch(err => { console.error(err); process.exit(1); });
