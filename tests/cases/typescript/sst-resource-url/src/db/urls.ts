import { Resource as Linked } from "sst";

// A bound per-instance pool, written in the template: silent.
export const bounded = `postgresql://${Linked.Db.username}:${Linked.Db.password}@${Linked.Db.host}/${Linked.Db.database}?connection_limit=1&pool_timeout=20`;

// A limit above the threshold, under an alias of Resource.
export const wide = `postgres://${Linked.Db.username}:${Linked.Db.password}@${Linked.Db.host}/${Linked.Db.database}?connection_limit=10`; // PC303

// Through a pooler the resource names (pgbouncer=true): silent.
export const pooled = `postgresql://${Linked.Pooler.username}:${Linked.Pooler.password}@${Linked.Pooler.host}:6543/app?pgbouncer=true&connection_limit=5`;

// Not a database URL.
export const api = `https://${Linked.Api.url}/health`;
