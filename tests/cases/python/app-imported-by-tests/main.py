from fastapi import FastAPI
from prisma import Prisma

from loader import load_rows

prisma = Prisma()  # PC103 -- the app and its loader: two pools in one process
app = FastAPI()


@app.on_event("startup")
async def startup():
    await prisma.connect()
    if await prisma.marketdata.count() == 0:
        await load_rows([{}])


@app.on_event("shutdown")
async def shutdown():
    await prisma.disconnect()


@app.get("/data")
async def get_all():
    return await prisma.marketdata.find_many()
