import httpx


async def post_order(amount: int) -> dict:
    async with httpx.AsyncClient() as http:
        res = await http.post("https://pay.example.com/orders", json={"amount": amount})
    return res.json()


def format_amount(amount: int) -> str:
    return f"{amount / 100:.2f} EUR"
