"""Reductions of what real public projects showed (the audit): each test is a minimal
project of our own, shaped like the real code that exposed the defect."""

from __future__ import annotations

from conftest import write_tree
from poolcheck.config import Settings
from poolcheck.engine import run


def _pc101(tmp_path, files):
    write_tree(tmp_path, files)
    settings = Settings()
    settings.select = ["PC101"]
    return run([tmp_path], settings).diagnostics


def test_routes_defined_inside_a_setup_function_name_the_route_not_the_setup(tmp_path):
    # `def init_app(app)` runs once at start-up and defines the routes: the request
    # handler reaching the per-request dependency is the nested route, not `init_app`
    [d] = _pc101(tmp_path, {
        "pyproject.toml": '[project]\nname = "x"\ndependencies = ["fastapi", "prisma"]\n',
        "app/db.py": """
            from prisma import Prisma
            async def get_db():
                db = Prisma()
                await db.connect()
                try:
                    yield db
                finally:
                    await db.disconnect()
            """,
        "app/routes.py": """
            from fastapi import APIRouter, Depends, FastAPI
            from app.db import get_db
            def init_app(app: FastAPI):
                router = APIRouter()
                @router.get("/items")
                async def list_items(db=Depends(get_db)):
                    return await db.item.find_many()
                app.include_router(router)
            """})
    assert (d.path.name, d.span.line) == ("db.py", 3)
    assert "called from the `list_items` request handler" in d.message
    assert d.related[0].message == "`list_items` runs once per request"
    assert d.related[0].span.line == 6
    assert "init_app" not in d.message + " ".join(r.message for r in d.related)
