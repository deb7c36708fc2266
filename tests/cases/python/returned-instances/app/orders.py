from app.db import db
from app.lib.mailer import MailerLike, get_mailer, shared_mailer
from app.lib.payments import Ledger, Payments
from app.lib.storage import Storage, storage


async def place(order_id: int, to: str) -> None:
    async with db.tx() as tx:
        await tx.order.create(data={"id": order_id})
        await get_mailer().send(to)  # PC201
        mailer = get_mailer()
        await mailer.send(to)  # PC201
        await shared_mailer().send(to)  # PC201
        await Payments.get_instance().charge(10)  # PC201
        storage.upload(f"orders/{order_id}")  # PC201 -- a field aliasing another module's boto3 client
        Storage().upload(f"orders/{order_id}")  # PC201
        await Ledger.get_instance().total()  # PC202
        # look-alikes: pure methods, the transaction's own client, a base class that does nothing
        body = get_mailer().format("placed")
        await Ledger.get_instance().record(tx, 10)
        storage.label(body)
        await MailerLike().send(to)
    # after the transaction: nothing is held
    await get_mailer().send(to)
