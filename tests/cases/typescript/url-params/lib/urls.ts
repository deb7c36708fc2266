export function databaseUrl(): string {
  const url = new URL(process.env.DATABASE_URL!);
  url.searchParams.set("pool_timeout", "0"); // PC304
  url.searchParams.set("connection_limt", "5"); // PC305
  return url.toString();
}

export function sensible(): string {
  const url = new URL(process.env.DATABASE_URL!);
  // sensible values: silent
  url.searchParams.set("pool_timeout", "20");
  url.searchParams.set("connection_limit", "5");
  return url.toString();
}

export function notADatabase(raw: string): string {
  // a URL that is not a database's: silent
  const url = new URL(raw);
  url.searchParams.set("pool_timeout", "0");
  return url.toString();
}

// a second "?" in what code appends: PC306 on the parameters, PC311 on the concatenation
export const twoQueries = process.env.DATABASE_URL + "?connection_limit=1?pool_timeout=5"; // PC311 PC306

export function zeroLimit(): string {
  // connection_limit=0 set in code: its type needs the provider, unknown here (PC306's page): silent
  const url = new URL(process.env.DATABASE_URL!);
  url.searchParams.set("connection_limit", "0");
  return url.toString();
}
