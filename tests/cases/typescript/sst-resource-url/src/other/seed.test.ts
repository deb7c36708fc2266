import { Resource } from "sst";

// A test's URL is not what the functions run with.
export const testUrl = `postgresql://${Resource.Db.username}:${Resource.Db.password}@${Resource.Db.host}/test`;
