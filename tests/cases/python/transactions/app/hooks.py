from httpx import AsyncClient, post

from app.db import db


async def notify_inside() -> None:
    # a package's function and client imported by name: one finding per call, none for
    # building the client (constructing it does not leave the process)
    async with db.tx() as tx:
        await tx.user.create(data={})
        post("https://hooks.example")  # PC201
        async with AsyncClient() as http:
            await http.post("https://hooks.example")  # PC201
        client = AsyncClient()
        await client.post("https://hooks.example")  # PC201
