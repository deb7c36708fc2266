import httpx
from fastapi import APIRouter

from app.services.reports import ReportService
from ..services.reports import ReportService as Relative

router = APIRouter()


@router.get("/reports/monthly")
async def monthly() -> int:
    return await ReportService().monthly()


@router.get("/reports/again")
async def again() -> int:
    reports = Relative()
    return await reports.monthly()


@router.get("/reports/shared")
async def shared() -> int:
    # the shared client, a pure method and a package's class built inline: silent
    title = ReportService().title("May")
    await httpx.AsyncClient().get("https://example.com/" + title)
    return await ReportService().shared()
