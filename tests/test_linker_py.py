"""Cross-module analysis on Python projects (issue 14): multi-file prisma-client-py fixtures
(FastAPI, Flask, Django), each with the look-alikes that must stay silent."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from conftest import check_tree, run_cli, write_tree

from poolcheck.linker import ModuleIndex
from poolcheck.frontends.python.symbols import extract
from poolcheck.linker.resolve_py import PythonResolver
from poolcheck.core.sources import Source
from poolcheck.symbols import Import

PYPROJECT = '[project]\nname = "app"\ndependencies = ["fastapi", "prisma"]\n'
DB = """
    from prisma import Prisma

    db = Prisma()
"""
GET_DB = """
    from prisma import Prisma


    async def get_db():
        client = Prisma()
        await client.connect()
        try:
            yield client
        finally:
            await client.disconnect()
"""


def project(**files: str) -> dict[str, str]:
    return {"pyproject.toml": PYPROJECT, "app/__init__.py": "", "app/db.py": DB, **files}


def at(findings, code=None):
    return sorted((f.path, f.line, f.code) for f in findings if code is None or f.code == code)


# -- PC101: a per-request dependency in another module --------------------------------------

def test_fastapi_dependency_in_db_module_used_by_routes_is_pc101_on_the_construction(tmp_path):
    write_tree(tmp_path, project(**{
        "app/deps.py": GET_DB,
        "app/routes/__init__.py": "",
        "app/routes/users.py": """
            from fastapi import APIRouter, Depends
            from app.deps import get_db

            router = APIRouter()

            @router.get("/users")
            async def list_users(client=Depends(get_db)):
                return await client.user.find_many()
        """,
        "app/routes/items.py": """
            from typing import Annotated
            from fastapi import APIRouter, Depends
            from prisma import Prisma
            from ..deps import get_db

            router = APIRouter()
            Client = Annotated[Prisma, Depends(get_db)]

            @router.get("/items")
            async def items(client: Client):
                return await client.item.find_many()
        """}))
    findings = check_tree(tmp_path, select=["PC101", "PC104", "PC105"])
    # one finding per cause: the construction; the fresh client's connect/disconnect are not reported
    assert at(findings) == [("app/deps.py", 5, "PC101")]
    assert "get_db" in findings[0].message
    out = run_cli("--format", "json", "--select", "PC101", ".", cwd=tmp_path)
    data = json.loads(out.stdout)
    [finding] = data["findings"] if isinstance(data, dict) else data
    text = json.dumps(finding)
    assert "app/routes/users.py" in text and "app/routes/items.py" in text
    assert "registered as a dependency" in text


def test_dependency_yielding_the_shared_client_or_used_at_startup_stays_silent(tmp_path):
    write_tree(tmp_path, project(**{
        "app/deps.py": """
            from app.db import db
            from prisma import Prisma


            async def get_db():
                yield db


            async def make_client():
                client = Prisma()
                await client.connect()
                return client
        """,
        "app/main.py": """
            from contextlib import asynccontextmanager
            from fastapi import Depends, FastAPI
            from app.deps import get_db, make_client

            @asynccontextmanager
            async def lifespan(app):
                app.state.client = await make_client()
                yield

            app = FastAPI(lifespan=lifespan)

            @app.get("/")
            async def index(client=Depends(get_db)):
                return await client.user.count()
        """}))
    assert at(check_tree(tmp_path, select=["PC101", "PC104", "PC105"])) == []


def test_django_view_calling_a_service_that_builds_a_client_per_call_is_pc101(tmp_path):
    write_tree(tmp_path, {
        "manage.py": "import django\n",
        "shop/__init__.py": "",
        "shop/services.py": """
            from prisma import Prisma


            def all_products():
                client = Prisma()
                client.connect()
                rows = client.product.find_many()
                client.disconnect()
                return rows
        """,
        "shop/views.py": """
            from django.http import JsonResponse
            from .services import all_products


            def products(request):
                return JsonResponse({"items": [p.name for p in all_products()]})
        """})
    findings = check_tree(tmp_path, select=["PC101", "PC104", "PC105"])
    assert at(findings) == [("shop/services.py", 5, "PC101")]


# -- PC104/PC105: the shared client connected in a helper reached per request ---------------

def test_shared_client_connected_in_a_helper_reached_per_request_is_pc104_pc105(tmp_path):
    write_tree(tmp_path, project(**{
        "app/auth.py": """
            from app.db import db


            async def authenticate_user(email: str):
                await db.connect()
                user = await db.user.find_unique(where={"email": email})
                await db.disconnect()
                return user


            async def check_database():
                if not db.is_connected():
                    await db.connect()
                return await db.query_raw("SELECT 1")
        """,
        "app/main.py": """
            from fastapi import FastAPI
            from app.auth import authenticate_user, check_database

            app = FastAPI()

            @app.post("/login")
            async def login(email: str):
                return await authenticate_user(email)

            @app.get("/health")
            async def status():
                return await check_database()
        """}))
    findings = check_tree(tmp_path, select=["PC104", "PC105"])
    # check_database guards its connect: left alone
    assert at(findings) == [("app/auth.py", 5, "PC105"), ("app/auth.py", 7, "PC104")]


def test_flask_route_reaching_a_helper_that_disconnects_the_shared_client(tmp_path):
    write_tree(tmp_path, {
        "requirements.txt": "flask\nprisma\n",
        "web/__init__.py": "",
        "web/db.py": DB,
        "web/dbcheck.py": """
            from web.db import db


            def check_database():
                db.connect()
                ok = db.user.count() >= 0
                db.disconnect()
                return ok


            def only_at_startup():
                db.connect()
        """,
        "web/app.py": """
            from flask import Flask
            from web.dbcheck import check_database, only_at_startup

            app = Flask(__name__)
            only_at_startup()

            @app.route("/db-check")
            def status():
                return {"ok": check_database()}
        """})
    findings = check_tree(tmp_path, select=["PC104", "PC105"])
    assert at(findings) == [("web/dbcheck.py", 5, "PC105"), ("web/dbcheck.py", 7, "PC104")]


# -- PC202/PC201: helpers in other modules called in a transaction body --------------------

BILLING = """
    import boto3
    import httpx
    import stripe
    from app.db import db


    async def seats_used(org: str):
        return await db.seat.count(where={"org": org})


    async def seats_used_in(tx, org: str):
        return await tx.seat.count(where={"org": org})


    async def notify_webhook_in(tx, org: str):
        # a name that sounds slow, but it only queries through the transaction
        return await tx.event.create(data={"org": org})


    def charge(amount: int):
        return stripe.PaymentIntent.create(amount=amount, currency="usd")


    async def post_receipt(org: str):
        async with httpx.AsyncClient() as client:
            await client.post("https://example.com/receipts", json={"org": org})


    def cents(amount: int) -> str:
        return f"{amount / 100:.2f}"


    s3 = boto3.client("s3")


    def archive(key: str, body: bytes):
        s3.put_object(Bucket="b", Key=key, Body=body)


    def archive_inline(key: str):
        boto3.client("s3").delete_object(Bucket="b", Key=key)


    def webhook_payload(org: str) -> dict:
        # its name says "webhook"; its body builds a dict: not slow
        return {"org": org}
"""


def test_transaction_body_calling_helpers_in_another_module(tmp_path):
    write_tree(tmp_path, project(**{
        "app/billing.py": BILLING,
        "app/routes.py": """
            from fastapi import APIRouter
            from app.db import db
            from app.billing import seats_used, seats_used_in, notify_webhook_in, charge, cents, webhook_payload
            from app import billing

            router = APIRouter()

            @router.post("/seats")
            async def add_seat(org: str):
                async with db.tx() as tx:
                    used = await seats_used(org)
                    same = await seats_used_in(tx, org)
                    await notify_webhook_in(tx, org)
                    charge(100)
                    label = cents(100)
                    await billing.post_receipt(org)
                    await tx.seat.create(data=webhook_payload(org))
                    billing.archive("k", b"")
                    billing.archive_inline("k")
                return used
        """}))
    findings = check_tree(tmp_path, select=["PC201", "PC202"])
    assert at(findings) == [("app/routes.py", 11, "PC202"), ("app/routes.py", 14, "PC201"),
                            ("app/routes.py", 16, "PC201"), ("app/routes.py", 18, "PC201"),
                            ("app/routes.py", 19, "PC201")]
    by_line = {f.line: f.message for f in findings}
    assert "seats_used" in by_line[11] and "`db`" in by_line[11]
    assert "stripe" in by_line[14] and "httpx" in by_line[16]


def test_helper_falling_back_to_the_shared_client_only_when_not_handed_one(tmp_path):
    write_tree(tmp_path, project(**{
        "app/notify.py": """
            from app.db import db as prisma


            async def create_notification(user_id, message, db=None):
                client = db or prisma
                return await client.notification.create(data={"user": user_id, "m": message})


            async def create_audit_log(actor, action, db=None):
                if db is None:
                    db = prisma
                return await db.auditlog.create(data={"actor": actor, "action": action})


            async def count_events(name, *, tx=prisma):
                return await tx.event.count(where={"name": name})


            async def log_event(name, tx=None):
                if tx:
                    return await tx.event.create(data={"name": name})
                return await prisma.event.create(data={"name": name})
        """,
        "app/routes.py": """
            from fastapi import APIRouter
            from app.db import db
            from app.notify import create_notification, create_audit_log, log_event, count_events

            router = APIRouter()

            @router.post("/assign")
            async def assign(user_id: str):
                async with db.tx() as tx:
                    await create_notification(user_id, "hi", db=tx)
                    await create_audit_log(actor=user_id, action="assign", db=tx)
                    await log_event("assign", tx)
                    await create_notification(user_id, "hi", None)
                    await create_audit_log(user_id, "assign")
                    await log_event("assign")
                    await count_events("assign", tx=tx)
                    await count_events("assign")
        """}))
    assert at(check_tree(tmp_path, select=["PC202"])) == [
        ("app/routes.py", 13, "PC202"), ("app/routes.py", 14, "PC202"), ("app/routes.py", 15, "PC202"),
        ("app/routes.py", 17, "PC202")]
    # (lines 10-12 hand the transaction client down, by keyword or by position)


def test_model_prisma_without_the_transaction_client_is_pc202(tmp_path):
    write_tree(tmp_path, project(**{
        "app/models_helpers.py": """
            from prisma.models import User


            async def count_users():
                return await User.prisma().count()


            async def count_users_in(tx):
                return await User.prisma(tx).count()
        """,
        "app/routes.py": """
            from fastapi import APIRouter
            from app.db import db
            from app.models_helpers import count_users, count_users_in

            router = APIRouter()

            @router.post("/x")
            async def x():
                async with db.tx() as tx:
                    await count_users()
                    await count_users_in(tx)
        """}))
    assert at(check_tree(tmp_path, select=["PC202"])) == [("app/routes.py", 10, "PC202")]


def test_cycles_between_modules_terminate_and_still_propagate(tmp_path):
    write_tree(tmp_path, project(**{
        "app/a.py": """
            from app.db import db
            from app import b


            async def ping(n: int):
                if n:
                    return await b.pong(n - 1)
                return await db.user.count()
        """,
        "app/b.py": """
            from app import a


            async def pong(n: int):
                return await a.ping(n)
        """,
        "app/routes.py": """
            from fastapi import APIRouter
            from app.db import db
            from app.b import pong

            router = APIRouter()

            @router.post("/x")
            async def x():
                async with db.tx() as tx:
                    await pong(3)
        """}))
    assert at(check_tree(tmp_path, select=["PC202"])) == [("app/routes.py", 10, "PC202")]


def test_partial_run_on_the_helper_keeps_the_transaction_finding(tmp_path):
    write_tree(tmp_path, project(**{
        "app/billing.py": BILLING,
        "app/routes.py": """
            from fastapi import APIRouter
            from app.db import db
            from app.billing import charge

            router = APIRouter()

            @router.post("/pay")
            async def pay():
                async with db.tx() as tx:
                    charge(100)
        """}))
    given = check_tree(tmp_path, select=["PC201"], paths=[tmp_path / "app" / "billing.py"])
    assert at(given) == [("app/routes.py", 10, "PC201")]
    assert at(check_tree(tmp_path, select=["PC201"], paths=[tmp_path / "app" / "db.py"])) == []


def test_src_layout_and_package_reexport(tmp_path):
    write_tree(tmp_path, {
        "pyproject.toml": PYPROJECT,
        "src/shop/__init__.py": "",
        "src/shop/db.py": DB,
        "src/shop/services/__init__.py": "from .quota import seats_used\n",
        "src/shop/services/quota.py": """
            from ..db import db


            async def seats_used(org):
                return await db.seat.count(where={"org": org})
        """,
        "src/shop/api.py": """
            from fastapi import FastAPI
            from shop.db import db
            from shop.services import seats_used

            app = FastAPI()

            @app.post("/s")
            async def s():
                async with db.tx() as tx:
                    await seats_used("o")
        """})
    assert at(check_tree(tmp_path, select=["PC202"])) == [("src/shop/api.py", 10, "PC202")]


# -- the symbols themselves ------------------------------------------------------------------

def _symbols(text: str, name: str = "m.py"):
    source = Source.from_bytes(Path(name), "python", text.encode())
    return extract(ast.parse(source.text), source, Path(name))


def test_function_ids_match_the_libcst_front_end_and_columns_count_characters():
    symbols = _symbols(
        "from x import h\n"
        "class Svc:\n"
        "    async def run(self):\n"
        "        def inner():\n"
        "            pass\n"
        "        return inner()\n"
        "def outer():\n"
        "    def inner():\n"
        "        pass\n"
        "s = 'héllo'; t = f(s)\n"
        "async def g(db):\n"
        "    x = 'é'; await h(db)\n")
    ids = {f.id for f in symbols.functions}
    assert {"Svc.run@3", "Svc.run.<locals>.inner@4", "outer@7", "outer.<locals>.inner@8", "g@11"} <= ids
    g = next(f for f in symbols.functions if f.name == "g")
    # `await h(db)` starts at character 14 (the `é` is two bytes)
    assert [(c.span.line, c.span.col) for c in g.calls] == [(12, 14)]


def test_markers_bound_to_module_level_names_and_the_parameters_that_may_take_them():
    symbols = _symbols(
        "from typing import Annotated, TypeAlias\n"
        "from fastapi import Depends\n"
        "from prisma import Prisma\n"
        "from app import deps\n"
        "from app.db import get_db\n"
        "DB = Depends(get_db)\n"
        "DbDep = Annotated[Prisma, Depends(get_db)]\n"
        "Typed: TypeAlias = Annotated[Prisma, Depends(get_db)]\n"
        "Both = DB, Depends(get_db)\n"
        "async def route(a=DB, b: DbDep = None, c: Annotated[Prisma, Typed] = None, d=deps.DB, e: int = 3,\n"
        "                f=Depends(get_db)):\n"
        "    inner = Depends(get_db)\n")
    assert sorted((r.span.line, r.alias) for r in symbols.registrations) == [
        (6, "DB"), (7, "DbDep"), (8, "Typed"), (9, None), (11, None), (12, None)]
    assert sorted((u.name.target, u.name.path, u.span.line) for u in symbols.marker_uses) == [
        ("DB", (), 10), ("DbDep", (), 10), ("Typed", (), 10), ("deps", ("DB",), 10)]


def test_resolution_relative_levels_submodules_and_src(tmp_path):
    files = ["/p/app/__init__.py", "/p/app/db.py", "/p/app/routes/__init__.py", "/p/app/routes/users.py",
             "/p/src/lib/__init__.py", "/p/src/lib/x.py", "/p/scripts/run.py"]
    r = PythonResolver(ModuleIndex(files))
    users = "/p/app/routes/users.py"
    assert r.resolve(users, Import("db", "db", "db", level=2)) == "/p/app/db.py"
    assert r.resolve(users, Import("x", "", "x", level=1)) == "/p/app/routes/__init__.py"
    assert r.submodule(users, Import("db", "", "db", level=2)) == "/p/app/db.py"
    assert r.resolve(users, Import("get_db", "app.db", "get_db")) == "/p/app/db.py"
    assert r.submodule(users, Import("db", "app", "db")) == "/p/app/db.py"
    assert r.resolve("/p/scripts/run.py", Import("x", "lib.x", "*")) == "/p/src/lib/x.py"
    assert r.resolve(users, Import("httpx", "httpx", "*")) is None
    # a byte-scanned specifier names `module.name`: the module is found
    assert r.resolve(users, Import("", "..db.get_db", "*")) == "/p/app/db.py"


def test_factory_in_another_module_called_per_request_is_pc101_not_pc105(tmp_path):
    write_tree(tmp_path, project(**{
        "app/factory.py": """
            import functools
            from prisma import Prisma


            def make_client():
                return Prisma()


            @functools.cache
            def shared_client():
                return Prisma()
        """,
        "app/views.py": """
            from litestar import get
            from app.factory import make_client, shared_client


            @get("/a")
            async def a() -> int:
                db = make_client()
                await db.connect()
                try:
                    return await db.user.count()
                finally:
                    await db.disconnect()


            @get("/b")
            async def b() -> int:
                db = shared_client()
                return await db.user.count()
        """}))
    findings = check_tree(tmp_path, select=["PC101", "PC104", "PC105"])
    assert at(findings) == [("app/factory.py", 6, "PC101")]


def test_same_file_method_in_a_transaction_is_one_finding(tmp_path):
    write_tree(tmp_path, project(**{
        "app/service.py": """
            from fastapi import APIRouter
            from app.db import db

            router = APIRouter()


            class Seats:
                async def add(self, org):
                    async with db.tx() as tx:
                        await self.used(org)
                        await tx.seat.create(data={"org": org})

                async def used(self, org):
                    return await db.seat.count(where={"org": org})


            seats = Seats()


            @router.post("/s")
            async def add(org: str):
                await seats.add(org)
        """}))
    # the imported client: the linker reports the call in the transaction body
    assert at(check_tree(tmp_path, select=["PC202"])) == [("app/service.py", 10, "PC202")]
    # a client of this file: the front-end's own walk follows `self.used` and finds the
    # query; the finding sits on the same call in the body (architecture.md), with the
    # query inside `used` as a related location, and the linker adds nothing
    service = (tmp_path / "app" / "service.py").read_text()
    (tmp_path / "app" / "service.py").write_text(
        service.replace("from app.db import db\n", "from prisma import Prisma\ndb = Prisma()\n"))
    findings = check_tree(tmp_path, select=["PC202"])
    assert at(findings) == [("app/service.py", 11, "PC202")]
    assert "this call inside an interactive transaction reaches `db.seat.count`" in findings[0].message


def test_resolution_through_pyproject_package_dirs():
    from poolcheck.linker.modules import ProjectFiles

    tomls = {
        "/p/pyproject.toml": b'[tool.setuptools]\npackage-dir = {"" = "lib"}\n',
        "/q/pyproject.toml": b'[tool.poetry]\npackages = [{include = "svc", from = "code"}]\n',
    }
    files = ["/p/lib/shop/__init__.py", "/p/lib/shop/db.py", "/p/app/main.py",
             "/q/code/svc/__init__.py", "/q/code/svc/mail.py", "/q/bin/run.py"]
    r = PythonResolver(ModuleIndex(files, ProjectFiles(reader=tomls.get)))
    assert r.resolve("/p/app/main.py", Import("db", "shop.db", "*")) == "/p/lib/shop/db.py"
    assert r.submodule("/q/bin/run.py", Import("mail", "svc", "mail")) == "/q/code/svc/mail.py"


def test_dependency_connecting_and_disconnecting_the_shared_client_is_pc104_pc105(tmp_path):
    write_tree(tmp_path, project(**{
        "app/db.py": """
            from prisma import Prisma

            db = Prisma()


            async def get_db():
                await db.connect()
                try:
                    yield db
                finally:
                    await db.disconnect()
        """,
        "app/routes.py": """
            from fastapi import APIRouter, Security
            from app.db import get_db

            router = APIRouter()

            @router.get("/")
            async def index(client=Security(get_db)):
                return await client.user.count()
        """}))
    findings = check_tree(tmp_path, select=["PC101", "PC104", "PC105"])
    assert at(findings) == [("app/db.py", 7, "PC105"), ("app/db.py", 11, "PC104")]


def test_class_based_views_reach_helpers_in_other_modules(tmp_path):
    write_tree(tmp_path, {
        "requirements.txt": "flask\ndjango\nprisma\n",
        "portal/__init__.py": "",
        "portal/clients.py": """
            from prisma import Prisma


            def open_client():
                client = Prisma()
                client.connect()
                return client
        """,
        "portal/web.py": """
            from flask.views import MethodView
            from portal.clients import open_client


            class Users(MethodView):
                def get(self):
                    return {"n": open_client().user.count()}

                def helper_not_a_view(self):
                    return open_client()
        """,
        "portal/admin.py": """
            from django.views import View
            from portal import clients


            class Report(View):
                def get(self, request):
                    return clients.open_client().user.count()
        """})
    findings = check_tree(tmp_path, select=["PC101", "PC105"])
    assert at(findings) == [("portal/clients.py", 5, "PC101")]
    assert "Users.get" in findings[0].message or "`get`" in findings[0].message


def test_a_function_handed_to_a_runner_runs_inside_the_transaction(tmp_path):
    """`await with_retries(_post)` in a helper a transaction calls: the runner calls its
    parameter (and hands it on to itself), so `_post`'s httpx call is the helper's. Silent:
    a function only kept for later (`on_done`)."""
    write_tree(tmp_path, project(**{
        "app/retry.py": """
            HOOKS = []


            async def with_retries(fn, attempts=3):
                try:
                    return await fn()
                except Exception:
                    if attempts:
                        return await with_retries(fn, attempts - 1)
                    raise


            async def attempt(label, fn):
                return await with_retries(fn)


            def on_done(fn):
                HOOKS.append(fn)
        """,
        "app/pay.py": """
            import httpx
            from app.retry import attempt, on_done, with_retries


            async def _post():
                async with httpx.AsyncClient() as c:
                    return await c.post("https://pay.example/charge")


            async def charge():
                return await with_retries(_post)


            async def refund():
                return await attempt("refund", _post)


            def remember():
                on_done(_post)
        """,
        "app/main.py": """
            from fastapi import FastAPI
            from app.db import db
            from app.pay import charge, refund, remember

            app = FastAPI()


            @app.post("/pay")
            async def pay():
                async with db.tx() as tx:
                    await tx.order.create(data={})
                    await charge()
                    await refund()
                    remember()
        """}))
    assert [(f.path, f.line, f.code) for f in check_tree(tmp_path, select=["PC201"])] == [
        ("app/main.py", 12, "PC201"), ("app/main.py", 13, "PC201")]


# -- PC103: the canonical client is the one the project imports ------------------------------

def test_pc103_canonical_client_is_the_module_most_modules_import(tmp_path):
    """A FastAPI audit: app/core/db.py is what the routes import; app/lib/prisma.py, named
    for the client under lib/ (first on a tie), is the odd one out, however it is imported."""
    write_tree(tmp_path, {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/core/__init__.py": "",
        "app/core/db.py": DB,
        "app/lib/__init__.py": "",
        "app/lib/prisma.py": """
            from prisma import Prisma

            prisma = Prisma()
        """,
        "app/reports.py": """
            from app.lib.prisma import prisma


            async def monthly():
                return await prisma.order.count()
        """,
        "app/routes/__init__.py": "",
        "app/routes/users.py": """
            from fastapi import APIRouter
            from app.core.db import db

            router = APIRouter()

            @router.get("/users")
            async def list_users():
                return await db.user.find_many()
        """,
        "app/routes/items.py": """
            from fastapi import APIRouter
            from ..core import db as database

            router = APIRouter()

            @router.get("/items")
            async def list_items():
                return await database.db.item.find_many()
        """,
        "app/main.py": """
            import app.core.db
            from fastapi import FastAPI

            api = FastAPI()
        """,
        # imports the shared client and builds none: not a client module
        "app/services/__init__.py": "",
        "app/services/orders.py": """
            from ..core.db import db


            async def recent():
                return await db.order.find_many(take=10)
        """,
    })
    findings = check_tree(tmp_path, select=["PC103"])
    assert at(findings) == [("app/lib/prisma.py", 3, "PC103")]
    assert "app/core/db.py already constructs one" in findings[0].message


def test_pc103_imports_of_a_factory_count_for_the_module_of_its_client(tmp_path):
    write_tree(tmp_path, {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/db.py": """
            from prisma import Prisma

            _client = Prisma()


            def get_client() -> Prisma:
                return _client
        """,
        "app/lib/__init__.py": "",
        "app/lib/prisma.py": """
            from prisma import Prisma

            prisma = Prisma()
        """,
        **{f"app/routes/{name}.py": f"""
            from fastapi import APIRouter
            from app.db import get_client

            router = APIRouter()

            @router.get("/{name}")
            async def list_{name}():
                return await get_client().{name}.find_many()
        """ for name in ("users", "items", "orders")},
        "app/routes/__init__.py": "",
    })
    findings = check_tree(tmp_path, select=["PC103"])
    assert at(findings) == [("app/lib/prisma.py", 3, "PC103")]
    assert "app/db.py already constructs one" in findings[0].message


def test_pc103_leaves_a_python_client_module_that_only_tests_and_scripts_import(tmp_path):
    write_tree(tmp_path, project(**{
        "app/replica.py": """
            from prisma import Prisma

            replica = Prisma(datasource={"url": "postgresql://replica/db"})
        """,
        "tests/test_reports.py": """
            from app.replica import replica


            async def test_count():
                assert await replica.order.count() == 0
        """,
        "scripts/backfill.py": """
            from app.replica import replica
        """,
        "app/routes.py": """
            from fastapi import APIRouter
            from app.db import db

            router = APIRouter()

            @router.get("/users")
            async def list_users():
                return await db.user.find_many()
        """}))
    assert at(check_tree(tmp_path, select=["PC103"])) == []


# -- PC101: a dependency taken through a module-level marker ----------------------------------

def _related(root, code="PC101"):
    """The one `code` finding's (path, line) and its related locations (path, line, message)."""
    out = run_cli("--format", "json", "--select", code, ".", cwd=root)
    [finding] = json.loads(out.stdout)
    return (finding["path"], finding["line"]), [(r["path"], r["line"], r["message"]) for r in finding["related"]]


def test_pc101_dependency_taken_through_a_module_constant_lists_its_routes(tmp_path):
    write_tree(tmp_path, project(**{
        "app/db.py": GET_DB,
        "app/deps.py": """
            from fastapi import Depends
            from app.db import get_db

            DB = Depends(get_db)
            FACTORY = get_db   # the function itself, not a marker
        """,
        "app/routes/__init__.py": "",
        "app/routes/users.py": """
            from fastapi import APIRouter, Depends
            from app.db import get_db

            router = APIRouter()
            DB = Depends(get_db)


            @router.get("/users")
            async def list_users(db = DB):
                return await db.user.find_many()


            @router.get("/users/{user_id}")
            async def get_user(user_id: int, db=DB):
                return await db.user.find_unique(where={"id": user_id})
        """,
        "app/routes/items.py": """
            from fastapi import APIRouter
            from app import deps

            router = APIRouter()


            @router.get("/items")
            async def list_items(db=deps.DB):
                return await db.item.find_many()


            @router.get("/factory")
            async def factory(make=deps.FACTORY):
                return make
        """}))
    assert at(check_tree(tmp_path, select=["PC101", "PC104", "PC105"])) == [("app/db.py", 5, "PC101")]
    where, related = _related(tmp_path)
    routes = {(p, line) for p, line, _ in related}
    assert {("app/routes/users.py", 9), ("app/routes/users.py", 14), ("app/routes/items.py", 8)} <= routes
    assert ("app/routes/items.py", 13) not in routes     # FACTORY hands the function over
    assert any("`list_users`" in m and "`DB`" in m for _, _, m in related)


def test_pc101_dependency_taken_through_an_annotated_alias_lists_its_routes(tmp_path):
    write_tree(tmp_path, project(**{
        "app/db.py": GET_DB,
        "app/client.py": DB,
        "app/deps.py": """
            from functools import lru_cache
            from typing import Annotated
            from fastapi import Depends
            from prisma import Prisma
            from app.client import db
            from app.db import get_db


            async def get_shared():
                yield db


            @lru_cache
            def get_cached():
                return Prisma()


            DbDep = Annotated[Prisma, Depends(get_db)]
            SharedDep = Annotated[Prisma, Depends(get_shared)]
            CachedDep = Annotated[Prisma, Depends(get_cached)]
        """,
        "app/routes/__init__.py": "",
        "app/routes/users.py": """
            from fastapi import APIRouter
            from app.deps import CachedDep, DbDep, SharedDep

            router = APIRouter()


            @router.get("/users")
            async def list_users(db: DbDep):
                return await db.user.find_many()


            @router.get("/shared")
            async def shared(db: SharedDep):
                return await db.user.count()


            @router.get("/cached")
            async def cached(db: CachedDep):
                return await db.user.count()
        """,
        "app/routes/items.py": """
            from fastapi import APIRouter
            import app.deps as deps

            router = APIRouter()


            @router.get("/items")
            async def list_items(db: deps.DbDep):
                return await db.item.find_many()
        """}))
    # the shared client's dependency and the memoised factory stay silent
    assert at(check_tree(tmp_path, select=["PC101", "PC104", "PC105"])) == [("app/db.py", 5, "PC101")]
    where, related = _related(tmp_path)
    routes = {(p, line) for p, line, _ in related}
    assert {("app/routes/users.py", 8), ("app/routes/items.py", 8)} <= routes
    assert not routes & {("app/routes/users.py", 13), ("app/routes/users.py", 18)}
    assert any("`list_items`" in m and "`DbDep`" in m for _, _, m in related)


def test_pc101_dependency_beside_its_marker_lists_the_routes_of_other_modules(tmp_path):
    """The front-end marks `get_db` itself (`DbDep` in its own file): the routes that take
    `DbDep` elsewhere are its related locations all the same."""
    write_tree(tmp_path, project(**{
        "app/deps.py": "\n    from typing import Annotated\n    from fastapi import Depends" + GET_DB
                       + "\n\n    DbDep = Annotated[Prisma, Depends(get_db)]\n",
        "app/routes.py": """
            from fastapi import APIRouter
            from app.deps import DbDep

            router = APIRouter()


            @router.get("/users")
            async def list_users(db: DbDep):
                return await db.user.find_many()
        """}))
    assert at(check_tree(tmp_path, select=["PC101", "PC104", "PC105"])) == [("app/deps.py", 7, "PC101")]
    _, related = _related(tmp_path)
    assert ("app/routes.py", 8) in {(p, line) for p, line, _ in related}
