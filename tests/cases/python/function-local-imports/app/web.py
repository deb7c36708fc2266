from flask import Flask

from app.db import db

app = Flask(__name__)


@app.get("/items")
def items():
    from app.db import get_client  # imported where it is used

    c = get_client()
    return {"n": c.item.count()}


@app.post("/orders")
def create_order():
    from app.services.notify import label, notify, webhook_payload

    with db.tx() as tx:
        order = tx.order.create(data={"label": label("new")})
        notify(order.id)  # PC201
        tx.outbox.create(data=webhook_payload(order.id))
    return {"id": order.id}
