import { MeiliSearch } from "meilisearch";

export const searchIndex = new MeiliSearch({ host: process.env.MEILI_HOST ?? "" });
