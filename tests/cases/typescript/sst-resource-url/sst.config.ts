/// <reference path="./.sst/platform/config.d.ts" />
export default $config({
  app() {
    return { name: "sst-app", home: "aws" };
  },
  async run() {
    const vpc = new sst.aws.Vpc("Vpc");
    const db = new sst.aws.Postgres("Db", { vpc });
    // the URL handed to a function, built from the component's fields (sst-remix-prisma-broken)
    const DATABASE_URL = $interpolate`postgresql://${db.username}:${db.password}@${db.host}:${db.port}/${db.database}`; // PC303
    const BOUNDED_URL = $interpolate`postgresql://${db.username}:${db.password}@${db.host}:${db.port}/${db.database}?connection_limit=1`;
    const settings = { host: "db.internal" };
    const OTHER_URL = $interpolate`postgresql://app:${db.password}@${settings.host}/app`;
    new sst.aws.Function("Api", {
      url: true, vpc, link: [db], handler: "src/index.handler",
      environment: { DATABASE_URL, BOUNDED_URL, OTHER_URL },
    });
  },
});
