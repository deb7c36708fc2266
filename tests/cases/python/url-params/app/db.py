import os

DATABASE_URL = os.environ["DATABASE_URL"] + "?pool_timeout=0"  # PC311 PC304:47
# a sensible value: PC311 only (the second "?"), no PC304
SENSIBLE_URL = os.environ["DATABASE_URL"] + "?pool_timeout=20"  # PC311
