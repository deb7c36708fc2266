import os

from prisma import Prisma

DATABASE_URL = f"{os.environ['DATABASE_URL']}?connection_limit=5"  # PC311
# not a database URL: silent
API_URL = f"{os.environ['API_URL']}?page=1"

db = Prisma(datasource={"url": DATABASE_URL})

# the URL written out, only its parts from the environment: the query is the literal's own
PARTS_URL = f"postgresql://{os.environ['DB_USER']}@db.internal:5432/{os.environ['DB_NAME']}?schema=public"
JOINED_URL = "postgresql://app@db.internal:5432/" + os.environ["DB_NAME"] + "?schema=public"
