from quart import Quart

from app.db import db
from tools.stats import count_users

app = Quart(__name__)


@app.before_serving
async def up():
    await db.connect()


@app.route("/users")
async def users():
    return {"users": [u.id for u in await db.user.find_many()], "count": await count_users()}
