from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.db import db
from app.routes import orders, users


@asynccontextmanager
async def lifespan(app: FastAPI):
    await db.connect()  # correct: connect once, at startup
    yield
    await db.disconnect()  # correct: disconnect once, at shutdown


app = FastAPI(title="Shop API", lifespan=lifespan)
app.include_router(users.router)
app.include_router(orders.router)
