from fastapi import FastAPI

from app.db import db
from app.routes.pay import router

app = FastAPI()
app.include_router(router)


@app.on_event("startup")
async def startup():
    await db.connect()
