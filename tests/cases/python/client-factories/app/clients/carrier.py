# A memoised getter and a factory of package clients: every method call is an HTTP request.
import httpx
import stripe

_client: httpx.AsyncClient | None = None


def get_client() -> httpx.AsyncClient:
    global _client
    if _client is None:
        _client = httpx.AsyncClient(base_url="https://carrier.example.com")
    return _client


def stripe_client() -> stripe.StripeClient:
    return stripe.StripeClient("sk_test")


def make_client():
    client = httpx.AsyncClient(timeout=10)
    return client


async def book_pickup(order_id: str) -> None:
    await get_client().post("/pickups", json={"order": order_id})


async def refund(charge: str) -> None:
    s = stripe_client()
    await s.refunds.create(params={"charge": charge})


async def track(order_id: str) -> dict:
    client = make_client()
    response = await client.get(f"/track/{order_id}")
    return response.json()
