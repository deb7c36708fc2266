// Built only when configured: still a Meilisearch client wherever it is used.
import { MeiliSearch } from "meilisearch";

export const searchIndex = process.env.MEILI_KEY
  ? new MeiliSearch({ host: process.env.MEILI_HOST ?? "", apiKey: process.env.MEILI_KEY })
  : null;
