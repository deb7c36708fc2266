from app.db import db
from app.services import make_counter

counter = make_counter(db)


async def bump():
    async with db.tx() as tx:
        n = await counter.count()  # PC202
        await make_counter(tx).count()
        await tx.counter.create(data={"name": counter.name(), "n": n})
