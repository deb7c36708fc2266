from fastapi import FastAPI

from app.services import members

app = FastAPI()


@app.post("/teams/{team_id}/members")
async def add_member(team_id: str, email: str):
    await members.add(team_id, email)
