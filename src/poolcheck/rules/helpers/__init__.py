"""What several rules share, one place each: scope text for messages (`scope_text`),
client labels and which constructions are Prisma's (`clients`), views on the URL model
(`urls`), why a call is slow (`slow`), transaction scopes (`transactions`), number
reading and plurals (`numbers`), connection-budget terms (`budget`)."""
