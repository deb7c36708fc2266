from app.services import notify


def mark_synced(order_id: str) -> None:
    print("synced", order_id, notify.label(order_id))
