from prisma import Prisma

from app.db import db


class ReportService:
    """Built inline in the handlers (`ReportService().monthly()`, `r = ReportService()`):
    its methods run per request."""

    async def monthly(self) -> int:
        scratch = Prisma()  # PC101
        await scratch.connect()
        try:
            return await scratch.report.count()
        finally:
            await scratch.disconnect()

    async def shared(self) -> int:
        return await db.report.count()

    def title(self, month: str) -> str:
        return f"Report for {month}"
