/// <reference path="./.sst/platform/config.d.ts" />
export default $config({
  app() {
    return { name: "sst-app", home: "aws" };
  },
  async run() {
    const vpc = new sst.aws.Vpc("Vpc");
    const db = new sst.aws.Postgres("Db", { vpc });
    new sst.aws.Function("Api", { url: true, vpc, link: [db], handler: "src/index.handler" });
  },
});
