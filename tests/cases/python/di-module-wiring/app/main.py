from fastapi import FastAPI
from app.container import user_service

app = FastAPI()


@app.post("/rename")
async def rename():
    await user_service.rename()
