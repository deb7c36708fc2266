import os

from prisma import Prisma

# PC311: in production DATABASE_URL already ends in "?schema=shop", so this adds a second "?"
DATABASE_URL = f"{os.environ['DATABASE_URL']}?connection_limit=5"

# correct: one client for the whole process, connected once in the lifespan (app/main.py)
db = Prisma(datasource={"url": DATABASE_URL})
