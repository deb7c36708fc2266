import stripe

from app.clients import http
from app.clients.http import ai, client, formatter, get_http, session


async def notify_user(uid: str) -> None:
    await client.post("/n", json={"u": uid})


def sync_notify(uid: str) -> None:
    session.post("https://y.example.com", json={"u": uid}, timeout=5)


async def summarize(text: str):
    return await ai.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])


async def via_module(uid: str) -> None:
    await http.client.post("/m", json={"u": uid})


def charge(amount: int):
    return stripe.Charge.create(amount=amount)


def headline(text: str) -> str:
    return formatter.title(text)


async def through_getter(uid: str) -> None:
    await get_http().post("/g", json={"u": uid})
