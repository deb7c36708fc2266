import { Resource } from "./resources";

// `Resource` from the project, not SST's: nothing is known about it.
export const local = `postgresql://${Resource.Db.username}:${Resource.Db.password}@${Resource.Db.host}/app`;

// The host is not the resource's: a value poolcheck cannot read.
export const mixed = `postgresql://app:${process.env.DB_PASSWORD}@${process.env.DB_HOST}/app`;
