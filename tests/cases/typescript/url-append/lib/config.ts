export const config = {
  databaseUrl: process.env.DATABASE_URL + "?connection_limit=1", // PC311
  // not a database URL: silent
  apiUrl: process.env.API_URL + "?page=1",
};

// the URL API merges the parameter into the query string already there: silent
export function withConnectionLimit(raw: string, limit: number): string {
  const url = new URL(raw);
  url.searchParams.set("connection_limit", String(limit));
  return url.toString();
}

// the URL written out, only its parts from the environment: the query is the template's own
export const partsUrl = `postgresql://${process.env.DB_USER}:${process.env.DB_PASSWORD}@db.internal:5432/${process.env.DB_NAME}?schema=public`;
export const wholeUrl = `${process.env.DATABASE_URL}?connection_limit=5`; // PC311
