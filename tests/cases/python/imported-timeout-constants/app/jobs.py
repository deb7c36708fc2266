from app.config import EXPORT_TIMEOUT, REPORT_TIMEOUT, SHORT_TIMEOUT
from app.db import db


async def export_all():
    async with db.tx(timeout=EXPORT_TIMEOUT) as tx:  # PC203
        await tx.job.update_many(where={}, data={"exported": True})


async def report():
    async with db.tx(max_wait=REPORT_TIMEOUT) as tx:  # PC203
        await tx.job.count()


async def quick():
    async with db.tx(timeout=SHORT_TIMEOUT) as tx:
        await tx.job.count()


async def given(timeout):
    async with db.tx(timeout=timeout) as tx:
        await tx.job.count()
