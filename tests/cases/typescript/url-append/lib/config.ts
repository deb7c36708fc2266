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
