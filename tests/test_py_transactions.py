"""PC201, PC202, PC203 on prisma-client-py interactive transactions (`db.tx()`)."""

from conftest import codes_at

TX = ["PC201", "PC202", "PC203"]


def found(check, files, select=TX, **options):
    return codes_at(check(files, select=select, **options))


def test_pc201_fastapi_httpx_requests_and_sleep(check):
    findings = check({"app/main.py": """
        import asyncio
        import httpx
        import requests
        from fastapi import FastAPI
        from prisma import Prisma

        app = FastAPI()
        db = Prisma()

        @app.post("/orders")
        async def create_order():
            async with db.tx() as tx:
                order = await tx.order.create(data={})
                async with httpx.AsyncClient() as client:
                    await client.post("https://payments.example/charge")
                requests.post("https://hooks.example")
                await asyncio.sleep(1)
                await httpx.post("https://x")
            return order
        """}, select=TX)
    assert codes_at(findings) == [("app/main.py", 15, "PC201"), ("app/main.py", 16, "PC201"),
                                  ("app/main.py", 17, "PC201"), ("app/main.py", 18, "PC201")]
    assert findings[0].message.startswith("`httpx.AsyncClient.post` inside")
    assert findings[1].message.startswith("`requests.post` inside")
    assert findings[2].message.startswith("`asyncio.sleep` inside")


def test_pc201_flask_sync_tx_smtplib_and_a_helper_in_the_same_file(check):
    findings = check({"web/app.py": """
        import smtplib
        import time
        from flask import Flask
        from prisma import Prisma

        app = Flask(__name__)
        db = Prisma()

        def send_receipt(to):
            server = smtplib.SMTP("mail.example")
            server.sendmail("shop@example", [to], "thanks")

        @app.route("/checkout", methods=["POST"])
        def checkout():
            with db.tx() as tx:
                tx.order.create(data={})
                send_receipt("a@example")
                time.sleep(2)
            return "ok"
        """}, select=TX)
    # the helper's sendmail: on the call in the body that holds the connection
    assert codes_at(findings) == [("web/app.py", 17, "PC201"), ("web/app.py", 18, "PC201")]
    assert findings[0].message.startswith(
        "this call inside an interactive transaction reaches `smtplib.SMTP.sendmail`")


def test_pc201_asyncio_sleep_zero_is_a_yield_not_a_wait(check):
    """isacad1920/backend app/modules/system/routes.py: `await asyncio.sleep(0)` between
    the rows of a restore, as a cancellation point: it holds the transaction for no time.
    A non-zero sleep, or one whose delay is a name, still waits."""
    assert found(check, {"app/main.py": """
        import asyncio
        from fastapi import FastAPI
        from prisma import Prisma

        app = FastAPI()
        db = Prisma()

        @app.post("/restore")
        async def restore(rows: list, delay: float):
            async with db.tx() as tx:
                for row in rows:
                    await asyncio.sleep(0)
                    await asyncio.sleep(0.0)
                    await tx.item.create(data=row)
                await asyncio.sleep(0.5)
                await asyncio.sleep(delay)
            return {}
        """}, select=["PC201"]) == [("app/main.py", 15, "PC201"), ("app/main.py", 16, "PC201")]



def test_pc201_celery_boto3_and_name_words(check):
    assert found(check, {"jobs/tasks.py": """
        import boto3
        from celery import shared_task
        from jobs.db import db

        s3 = boto3.client("s3")

        @shared_task
        def archive(user_id):
            with db.tx() as tx:
                user = tx.user.find_unique(where={"id": user_id})
                s3.upload_file("a", "b", "c")
                notify_admin(user)
        """}) == [("jobs/tasks.py", 11, "PC201"), ("jobs/tasks.py", 12, "PC201")]


def test_pc201_silent_for_tx_queries_and_local_work(check):
    assert found(check, {"app/main.py": """
        import json
        from prisma import Prisma
        db = Prisma()

        async def transfer(a, b):
            async with db.tx() as tx:
                await tx.account.update(where={"id": a}, data={})
                await tx.account.update(where={"id": b}, data={})
                await tx.query_raw("SELECT 1")
                json.dumps({"a": a})
        """}) == []


def test_pc202_outer_client_and_model_prisma_without_tx(check):
    findings = check({
        "app/main.py": """
            from fastapi import FastAPI
            from prisma import Prisma
            from prisma.models import User

            app = FastAPI()
            db = Prisma(auto_register=True)

            @app.post("/users")
            async def create_user():
                async with db.tx() as tx:
                    await tx.user.create(data={"name": "a"})
                    await db.profile.create(data={})
                    await User.prisma().create(data={"name": "b"})
                    await User.prisma(tx).create(data={"name": "c"})
            """,
        "web/app.py": """
            from flask import Flask
            from prisma import Prisma
            app = Flask(__name__)
            client = Prisma()

            def audit(t):
                t.audit.create(data={})
                client.audit.create(data={})

            @app.route("/")
            def index():
                with client.tx() as tx:
                    audit(tx)
            """,
        "fn/handler.py": """
            from prisma import Prisma
            db = Prisma()

            def handler(event, context):
                with db.tx(timeout=2000) as tx:
                    db.execute_raw("UPDATE x SET y = 1")
            """}, select=["PC202"])
    assert codes_at(findings) == [("app/main.py", 12, "PC202"), ("app/main.py", 13, "PC202"),
                                  ("fn/handler.py", 6, "PC202"), ("web/app.py", 13, "PC202")]
    assert findings[1].message.startswith("`User.prisma().create` uses the outer client")


def test_pc202_related_location_for_the_helper(tmp_path):
    from conftest import write_tree
    from poolcheck.config import Settings
    from poolcheck.engine import run
    write_tree(tmp_path, {"app/main.py": """
        from prisma import Prisma
        db = Prisma()
        async def audit(t):
            await db.audit.create(data={})
        async def work():
            async with db.tx() as tx:
                await audit(tx)
        """})
    settings = Settings()
    settings.select = ["PC202"]
    [d] = run([tmp_path], settings).diagnostics
    # on the call in the body (architecture.md), the helper's query as a related location
    assert d.span.line == 7
    assert [(r.span.line, r.message) for r in d.related] == [
        (6, "the transaction starts here"),
        (4, "`db.audit.create` queries the outer client here"),
    ]


def test_pc202_transaction_name_shadowing_the_outer_client_is_the_tx(check):
    assert found(check, {"app/main.py": """
        from prisma import Prisma
        db = Prisma()

        async def work():
            async with db.tx() as db:
                await db.user.create(data={})

        def helper(db):
            db.user.create(data={})

        def sync_work(client):
            with client.tx() as tx:
                helper(tx)
        """}, select=["PC202"]) == []


def test_pc203_timeouts_as_timedelta_and_milliseconds(check):
    findings = check({
        "app/main.py": """
            from datetime import timedelta
            import datetime
            from prisma import Prisma
            db = Prisma()

            async def a():
                async with db.tx(timeout=timedelta(seconds=30)) as tx:
                    pass
                async with db.tx(max_wait=datetime.timedelta(minutes=1), timeout=5000) as tx:
                    pass
                async with db.tx(timeout=timedelta(seconds=10)) as tx:
                    pass
                async with db.tx(timeout=20_000) as tx:
                    pass
            """}, select=["PC203"])
    assert codes_at(findings) == [("app/main.py", 7, "PC203"), ("app/main.py", 9, "PC203"),
                                  ("app/main.py", 13, "PC203")]
    assert "timeout of 30 s" in findings[0].message
    assert "max_wait of 60 s" in findings[1].message
    assert "timeout of 20 s" in findings[2].message
    # a timeout pins the connection; max_wait queues for one before the transaction starts
    assert "pins a connection" in findings[0].message
    assert "queue that long for a connection" in findings[1].message
    assert "pins" not in findings[1].message


def test_pc203_timeouts_given_by_module_constants(check):
    """The Python side of ghostfolio's `{ timeout: GATHER_TIMEOUT }`: a module constant
    holding a timedelta or milliseconds (through an alias) is read; a parameter of the same
    name is the caller's value, and a short constant stays silent."""
    findings = check({
        "app/jobs.py": """
            from datetime import timedelta
            from prisma import Prisma
            db = Prisma()
            TX_TIMEOUT = timedelta(minutes=1)
            WAIT_MS: int = 60_000
            LONG = WAIT_MS
            SHORT = timedelta(seconds=5)
            timeout = 99_000

            async def a():
                async with db.tx(timeout=TX_TIMEOUT, max_wait=LONG) as tx:
                    pass
                async with db.tx(timeout=SHORT) as tx:
                    pass

            async def b(timeout):
                async with db.tx(timeout=timeout) as tx:
                    pass
            """}, select=["PC203"])
    assert codes_at(findings) == [("app/jobs.py", 11, "PC203"), ("app/jobs.py", 11, "PC203")]
    assert {"timeout of 60 s" in f.message or "max_wait of 60 s" in f.message for f in findings} == {True}


def test_pc203_threshold_from_config_and_other_frameworks(check):
    assert found(check, {
        "web/app.py": """
            from flask import Flask
            from prisma import Prisma
            app = Flask(__name__)
            db = Prisma()

            @app.route("/")
            def index():
                with db.tx(timeout=8000):
                    pass
            """,
        "fn/handler.py": """
            from datetime import timedelta
            from fn.db import db

            def handler(event, context):
                with db.tx(timeout=timedelta(seconds=6)) as tx:
                    pass
            """}, select=["PC203"], max_transaction_timeout=5) == [
        ("fn/handler.py", 5, "PC203"), ("web/app.py", 8, "PC203")]


def test_pc202_a_client_bound_from_a_method_of_the_tx_is_the_tx(check):
    assert found(check, {"app/jobs.py": """
        from prisma import Prisma
        client = Prisma()

        def copy_rows():
            with client.tx() as transaction:
                with transaction.batch_() as batcher:
                    batcher.user.create(data={})
                grouped = transaction.batch_()
                grouped.post.create(data={})
                client.audit.create(data={})

        async def copy_async():
            async with client.tx() as tx:
                async with tx.batch_() as b:
                    b.user.create(data={})

        def inline():
            with client.tx() as t, t.batch_() as b2:
                b2.user.create(data={})
        """}, select=["PC202"]) == [("app/jobs.py", 10, "PC202")]


def test_pc202_two_transactions_of_one_with_statement(check):
    assert found(check, {"app/jobs.py": """
        from prisma import Prisma
        client = Prisma()

        def both():
            with client.tx() as tx1, client.tx() as tx2:
                tx1.user.create(data={})
                tx2.post.create(data={})

        def nested():
            with client.tx() as first:
                with client.tx() as second:
                    first.user.create(data={})
                    second.post.create(data={})
        """}, select=["PC202"]) == [("app/jobs.py", 12, "PC202"), ("app/jobs.py", 13, "PC202")]


def test_pc201_project_code_and_tx_helpers_are_not_judged_by_name(check):
    # `from .notifications import notify_user`, `self.publish_event(...)` and a helper
    # handed `tx` are the project's own code: their bodies decide (the linker), not names.
    assert found(check, {"app/orders.py": """
        from fastapi import FastAPI
        from prisma import Prisma
        from .notifications import notify_user
        from .rows import fetch_user_row

        app = FastAPI()
        db = Prisma()

        class Orders:
            async def publish_event(self, name):
                return name

            async def place(self):
                async with db.tx() as tx:
                    await tx.order.create(data={})
                    await notify_user(1)
                    await self.publish_event("placed")
                    await fetch_user_row(tx, 1)
        """}) == []


def test_pc201_unresolvable_callee_still_by_name(check):
    # A parameter's method cannot be resolved: its name is the last resort.
    assert found(check, {"app/jobs.py": """
        from prisma import Prisma
        db = Prisma()

        async def run(mailer):
            async with db.tx() as tx:
                await tx.order.create(data={})
                await mailer.send_webhook(1)
        """}) == [("app/jobs.py", 7, "PC201")]


def test_pc201_self_methods_are_the_projects_code_even_when_defined_elsewhere(check):
    # `self.send_webhook()` of a base class in another module: the project's own code,
    # whose body decides (the linker), not its name; `self` is not a transaction argument.
    assert found(check, {"app/orders.py": """
        from prisma import Prisma
        from .base import Service

        db = Prisma()

        class Orders(Service):
            async def lock(self, tx, order_id):
                await tx.order.update(where={"id": order_id}, data={})

            async def place(self):
                async with db.tx() as tx:
                    await self.send_webhook()
                    await self.lock(tx, 1)
        """}) == []
