import os

from prisma import Prisma

DATABASE_URL = f"{os.environ['DATABASE_URL']}?connection_limit=5"  # PC311
# not a database URL: silent
API_URL = f"{os.environ['API_URL']}?page=1"

db = Prisma(datasource={"url": DATABASE_URL})
