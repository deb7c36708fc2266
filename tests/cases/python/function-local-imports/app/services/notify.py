import httpx


def notify(order_id: str) -> None:
    # imported here, not at the top: sync.py imports this module back (an import cycle)
    from app.services.sync import mark_synced

    httpx.post("https://hooks.example.com/orders", json={"id": order_id})
    mark_synced(order_id)


def label(order_id: str) -> str:
    return f"order {order_id}"


def webhook_payload(order_id: str) -> dict:
    # its name sounds slow; its body only builds a dict
    return {"event": "order.created", "id": order_id}
