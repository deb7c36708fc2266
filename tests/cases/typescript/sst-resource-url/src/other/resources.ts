export const Resource = { Db: { username: "u", password: "p", host: "localhost" } };
