import httpx


async def push(user_id: str) -> None:
    async with httpx.AsyncClient() as c:
        await c.post("https://push.example.com", json={"u": user_id})
