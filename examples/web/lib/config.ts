// Runtime settings, read once per cold start.
export const config = {
  stripeSecretKey: process.env.STRIPE_SECRET_KEY ?? "",
  // PC311: DATABASE_URL may already end in "?sslmode=require"; this adds a second "?"
  exportDatabaseUrl: process.env.DATABASE_URL + "?connection_limit=1",
};

// correct: the URL API merges the parameter into whatever query string is already there
export function withConnectionLimit(raw: string, limit: number): string {
  const url = new URL(raw);
  url.searchParams.set("connection_limit", String(limit));
  return url.toString();
}
