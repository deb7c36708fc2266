"""PC101, PC104, PC105, PC106, PC108 on prisma-client-py code, framework by framework."""

import pytest

from conftest import codes_at

LIFECYCLE = ["PC101", "PC104", "PC105", "PC106", "PC108"]


def found(check, files, select=LIFECYCLE):
    return codes_at(check(files, select=select))


# --- PC101 --------------------------------------------------------------------------

def test_pc101_fastapi_route_and_async_with_is_one_finding(check):
    assert found(check, {"app/main.py": """
        from fastapi import FastAPI
        from prisma import Prisma

        app = FastAPI()

        @app.get("/users")
        async def list_users():
            async with Prisma() as db:
                return await db.user.find_many()
        """}) == [("app/main.py", 8, "PC101")]


def test_pc101_fastapi_dependency_generator_builds_client_per_request(check):
    findings = check({"app/deps.py": """
        from typing import Annotated
        from fastapi import Depends, FastAPI
        from prisma import Prisma

        app = FastAPI()

        async def get_db():
            db = Prisma()
            await db.connect()
            try:
                yield db
            finally:
                await db.disconnect()

        @app.get("/items")
        async def items(db: Annotated[Prisma, Depends(get_db)]):
            return await db.item.find_many()
        """}, select=LIFECYCLE)
    # one finding: the per-request client; its own connect/disconnect are not PC104/PC105
    assert codes_at(findings) == [("app/deps.py", 8, "PC101")]
    assert "FastAPI dependency" in findings[0].message


def test_pc101_flask_route_with_alias_import(check):
    assert found(check, {"web/app.py": """
        from flask import Flask
        from prisma import Prisma as DB

        app = Flask(__name__)

        @app.route("/users")
        def users():
            db = DB()
            db.connect()
            return {"n": db.user.count()}
        """}) == [("web/app.py", 8, "PC101")]


def test_pc101_flask_before_request_and_teardown_appcontext_pair(check):
    # the per-request client is PC101; its disconnect in teardown_appcontext is not PC104
    assert found(check, {"web/app.py": """
        import prisma
        from flask import Flask, g

        app = Flask(__name__)

        @app.before_request
        def open_db():
            g.db = prisma.Prisma()
            g.db.connect()

        @app.teardown_appcontext
        def close_db(exc):
            g.db.disconnect()
        """}) == [("web/app.py", 8, "PC101")]


def test_pc101_client_stored_on_flask_g_by_a_registered_factory(check):
    # the factory runs lazily, once per request, when a model query needs the client;
    # the teardown hook that disconnects it pairs with it: PC101, not PC104
    findings = check({"web/app.py": """
        from flask import Flask, g
        from prisma import Prisma, get_client, register

        def open_client():
            if "client" not in g:
                g.client = conn = Prisma()
                conn.connect()
            return g.client

        def release(exc=None):
            current = get_client()
            if current.is_connected():
                current.disconnect()

        register(open_client)
        app = Flask(__name__)
        app.teardown_appcontext(release)
        """}, select=LIFECYCLE)
    assert codes_at(findings) == [("web/app.py", 6, "PC101")]
    assert "stored on `g`" in findings[0].message and "one request" in findings[0].message


def test_pc101_g_only_when_it_is_flask_or_quart_g(check):
    assert found(check, {
        "web/quart_app.py": """
            import quart
            from prisma import Prisma

            async def open_client():
                quart.g.client = Prisma()
                await quart.g.client.connect()
            """,
        "web/other.py": """
            from prisma import Prisma
            from myapp.state import g

            def open_client():
                g.client = Prisma()
            """}) == [("web/quart_app.py", 5, "PC101")]


def test_pc104_teardown_of_a_module_client_in_a_file_that_also_uses_g(check):
    assert found(check, {"web/app.py": """
        from flask import Flask, g
        from prisma import Prisma

        app = Flask(__name__)
        shared = Prisma()

        def open_client():
            g.client = Prisma()

        @app.teardown_appcontext
        def release(exc):
            shared.disconnect()
        """}) == [("web/app.py", 8, "PC101"), ("web/app.py", 12, "PC104")]


def test_pc101_django_view_drf_viewset_and_lambda(check):
    assert found(check, {
        "shop/views.py": """
            from django.http import JsonResponse
            from prisma import Prisma

            def product_list(request):
                db = Prisma()
                db.connect()
                return JsonResponse({"n": db.product.count()})
            """,
        "shop/api.py": """
            from rest_framework import viewsets
            from prisma import Prisma

            class OrderViewSet(viewsets.ViewSet):
                def list(self, request):
                    db = Prisma()
                    return db.order.find_many()
            """,
        "handlers/lambda_fn.py": """
            from prisma import Prisma

            def handler(event, context):
                db = Prisma()
                db.connect()
                return db.user.count()
            """}) == [("handlers/lambda_fn.py", 4, "PC101"), ("shop/api.py", 6, "PC101"),
                      ("shop/views.py", 5, "PC101")]


def test_pc101_celery_task_and_sanic_and_litestar(check):
    assert found(check, {
        "jobs/tasks.py": """
            from celery import shared_task
            from prisma import Prisma

            @shared_task
            def send_report(user_id):
                db = Prisma()
                db.connect()
            """,
        "svc/sanic_app.py": """
            from sanic import Sanic
            from prisma import Prisma

            app = Sanic("x")

            @app.get("/")
            async def index(request):
                db = Prisma()
            """,
        "svc/lite.py": """
            from litestar import get
            from prisma import Prisma

            @get("/")
            async def index() -> dict:
                client = Prisma()
                return {}
            """}) == [("jobs/tasks.py", 6, "PC101"), ("svc/lite.py", 6, "PC101"),
                      ("svc/sanic_app.py", 8, "PC101")]


def test_pc101_follows_same_file_calls_and_reports_the_path(check, tmp_path):
    findings = check({"app/main.py": """
        from fastapi import FastAPI
        from prisma import Prisma

        app = FastAPI()

        def make_client():
            return Prisma()

        def load(user_id):
            return make_client()

        @app.get("/users/{user_id}")
        async def get_user(user_id: int):
            return load(user_id)
        """}, select=["PC101"])
    assert codes_at(findings) == [("app/main.py", 7, "PC101")]
    assert "in `make_client`, called from the `get_user` request handler (FastAPI)" in findings[0].message


def test_pc101_related_locations_list_the_call_chain(tmp_path):
    from conftest import write_tree
    from poolcheck.config import Settings
    from poolcheck.engine import run
    write_tree(tmp_path, {"app/main.py": """
        from fastapi import FastAPI
        from prisma import Prisma
        app = FastAPI()
        def make_client():
            return Prisma()
        def load():
            return make_client()
        @app.get("/")
        async def index():
            return load()
        """})
    settings = Settings()
    settings.select = ["PC101"]
    [d] = run([tmp_path], settings).diagnostics
    assert [(r.span.line, r.message) for r in d.related] == [
        (9, "`index` runs once per request"),
        (10, "`index` calls `load` here"),
        (7, "`load` calls `make_client` here"),
    ]


def test_pc101_recursive_helpers_do_not_loop(check):
    assert found(check, {"app/main.py": """
        from fastapi import FastAPI
        from prisma import Prisma
        app = FastAPI()
        def a(n):
            return b(n - 1) if n else Prisma()
        def b(n):
            return a(n)
        @app.get("/")
        async def index():
            return a(3)
        """}) == [("app/main.py", 5, "PC101")]


@pytest.mark.parametrize("files", [
    # module level, lifespan, startup event
    {"app/main.py": """
        from contextlib import asynccontextmanager
        from fastapi import FastAPI
        from prisma import Prisma

        db = Prisma(auto_register=True)

        @asynccontextmanager
        async def lifespan(app):
            client = Prisma()
            await client.connect()
            await db.connect()
            yield
            await db.disconnect()

        app = FastAPI(lifespan=lifespan)

        @app.on_event("startup")
        async def startup():
            other = Prisma()
            await db.connect()

        @app.on_event("shutdown")
        async def shutdown():
            await db.disconnect()

        @app.get("/")
        async def index():
            return await db.user.find_many()
        """},
    # memoised factories
    {"app/db.py": """
        import functools
        from functools import lru_cache
        from fastapi import Depends, FastAPI
        from prisma import Prisma

        app = FastAPI()
        _client = None

        @functools.cache
        def get_client():
            return Prisma()

        @lru_cache(maxsize=1)
        def get_other():
            return Prisma()

        def get_global():
            global _client
            if _client is None:
                _client = Prisma()
            return _client

        @app.get("/")
        async def index(db=Depends(get_client)):
            get_global()
            return get_other()
        """},
    # memoisers of async functions (aiocache, async-lru) and cachetools: built on a miss only
    {"app/posts.py": """
        from aiocache import cached
        from async_lru import alru_cache
        from cachetools import TTLCache, cached as tt_cached
        from fastapi import FastAPI
        from prisma import Prisma

        app = FastAPI()

        @cached(ttl=None, key="all_posts")
        async def get_all_posts():
            async with Prisma() as db:
                return await db.post.find_many()

        @alru_cache
        async def get_db():
            db = Prisma()
            await db.connect()
            return db

        @tt_cached(TTLCache(maxsize=1, ttl=600))
        def get_sync():
            return Prisma()

        @app.get("/posts")
        async def posts():
            get_sync()
            await get_db()
            return await get_all_posts()
        """},
    # scripts: __main__ guard and asyncio.run(main()), scripts/ folder
    {"tools/backfill.py": """
        import asyncio
        from prisma import Prisma

        async def main():
            async with Prisma() as db:
                await db.user.find_many()

        asyncio.run(main())
        """,
     "tools/report.py": """
        from prisma import Prisma

        def run():
            db = Prisma()
            db.connect()
            db.disconnect()

        if __name__ == "__main__":
            run()
        """,
     "scripts/seed.py": """
        from prisma import Prisma

        def handler(event, context):
            db = Prisma()
        """},
    # pytest fixtures and tests
    {"tests/conftest.py": """
        import pytest
        from prisma import Prisma

        @pytest.fixture
        async def db():
            client = Prisma()
            await client.connect()
            yield client
            await client.disconnect()
        """,
     "app/test_users.py": """
        from prisma import Prisma

        async def test_create():
            async with Prisma() as db:
                await db.user.create(data={})
        """},
    # a local class that shadows the import, and unrelated Prisma-less code
    {"app/views.py": """
        from fastapi import FastAPI
        app = FastAPI()

        class Prisma:
            pass

        @app.get("/")
        async def index():
            return Prisma()
        """},
], ids=["lifespan-startup", "memoised", "async-memoisers", "scripts", "tests", "shadowed-name"])
def test_lookalikes_stay_silent(check, files):
    assert found(check, files) == []


# --- PC104 / PC105 ------------------------------------------------------------------

def test_pc104_pc105_fastapi_shared_client(check):
    findings = check({"app/main.py": """
        from fastapi import FastAPI
        from app.db import db

        app = FastAPI()

        @app.get("/users")
        async def users():
            await db.connect()
            try:
                return await db.user.find_many()
            finally:
                await db.disconnect()

        @app.get("/guarded")
        async def guarded():
            if not db.is_connected():
                await db.connect()
            return await db.user.count()
        """}, select=LIFECYCLE)
    assert codes_at(findings) == [("app/main.py", 8, "PC105"), ("app/main.py", 12, "PC104")]
    assert "in `finally`" in findings[1].message


def test_pc104_pc105_flask_teardown_with_module_client_and_django_middleware(check):
    assert found(check, {
        "web/app.py": """
            from flask import Flask
            from prisma import Prisma

            app = Flask(__name__)
            db = Prisma()

            @app.before_request
            def before():
                db.connect()

            @app.teardown_appcontext
            def teardown(exc):
                db.disconnect()
            """,
        "shop/middleware.py": """
            from shop.db import client

            class DbMiddleware:
                def __init__(self, get_response):
                    self.get_response = get_response

                def __call__(self, request):
                    client.connect()
                    response = self.get_response(request)
                    client.disconnect()
                    client.user.count()
                    return response
            """}) == [("shop/middleware.py", 8, "PC105"), ("shop/middleware.py", 10, "PC104"),
                      ("web/app.py", 9, "PC105"), ("web/app.py", 13, "PC104")]


def test_pc104_pc105_lambda_and_dependency_yielding_shared_client(check):
    assert found(check, {
        "fn/handler.py": """
            from prisma import Prisma
            db = Prisma()

            def lambda_handler(event, context):
                db.connect()
                n = db.user.count()
                db.disconnect()
                return n
            """,
        "app/deps.py": """
            from fastapi import Depends
            from prisma import Prisma
            db = Prisma()

            async def get_db():
                await db.connect()
                yield db
                await db.disconnect()

            def route(db=Depends(get_db)):
                pass
            """}) == [("app/deps.py", 6, "PC105"), ("app/deps.py", 8, "PC104"),
                      ("fn/handler.py", 5, "PC105"), ("fn/handler.py", 7, "PC104")]


def test_socket_connect_is_not_a_client_call(check):
    assert found(check, {"app/main.py": """
        import socket
        from fastapi import FastAPI
        app = FastAPI()

        @app.get("/")
        async def index():
            s = socket.socket()
            s.connect(("h", 1))
            s.disconnect()
        """}) == []


# --- PC106 --------------------------------------------------------------------------

def test_pc106_loops_and_comprehensions_anywhere(check):
    assert found(check, {
        "app/tenants.py": """
            from prisma import Prisma

            TENANTS = ["a", "b"]
            clients = {t: Prisma(datasource={"url": t}) for t in TENANTS}

            def per_tenant():
                out = []
                for t in TENANTS:
                    out.append(Prisma())
                while True:
                    c = Prisma()
                    break
                return [Prisma() for _ in out]
            """}, select=["PC106"]) == [("app/tenants.py", 4, "PC106"), ("app/tenants.py", 9, "PC106"),
                                        ("app/tenants.py", 11, "PC106"), ("app/tenants.py", 13, "PC106")]


def test_pc106_not_for_a_function_defined_inside_a_loop_body_call(check):
    assert found(check, {"app/x.py": """
        from prisma import Prisma
        for i in range(1):
            def make():
                return Prisma()
        """}, select=["PC106"]) == []


# --- PC108 --------------------------------------------------------------------------

def test_pc108_register_per_request_in_three_frameworks(check):
    assert found(check, {
        "app/main.py": """
            from fastapi import FastAPI
            from prisma import Prisma, register
            app = FastAPI()
            db = Prisma()

            @app.get("/")
            async def index():
                register(db)
            """,
        "web/app.py": """
            import prisma
            from flask import Flask
            from web.db import client
            app = Flask(__name__)

            @app.route("/")
            def index():
                prisma.register(client)
            """,
        "jobs/tasks.py": """
            from celery import Celery
            from prisma import register
            from jobs.db import client
            celery = Celery()

            @celery.task
            def job():
                register(client)
            """,
        "app/startup.py": """
            from prisma import Prisma, register
            db = Prisma()
            register(db)
            """}, select=["PC108"]) == [("app/main.py", 8, "PC108"), ("jobs/tasks.py", 8, "PC108"),
                                        ("web/app.py", 8, "PC108")]
