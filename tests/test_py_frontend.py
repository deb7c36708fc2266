"""The Python front-end itself: name resolution, scopes per framework, URL facts, PC900."""

from pathlib import Path

import pytest

from conftest import run_cli, write_tree
from poolcheck.config import Settings
from poolcheck.facts import (
    ClientConstruction, ScopeKind, UrlConcatenation, UrlLiteral,
)
from poolcheck.frontends import passes_prefilter
from poolcheck.frontends.python import analyse
from poolcheck.core.sources import Source


def facts_of(text: str, path: str = "app/main.py"):
    import textwrap
    src = Source.from_bytes(Path(path), "python", textwrap.dedent(text).lstrip("\n").encode())
    return analyse(src, Settings())


def test_aliases_module_import_and_custom_generated_package():
    facts = facts_of("""
        import prisma
        from prisma import Prisma as DB, Client
        from generated.db import Prisma as Gen
        a = DB()
        b = prisma.Prisma()
        c = Client()
        d = Gen()
        """)
    built = list(facts.of(ClientConstruction))
    assert [(c.span.line, c.span.col, c.binding, c.class_name) for c in built] == [
        (4, 5, "a", "Prisma"), (5, 5, "b", "Prisma"), (6, 5, "c", "Client"), (7, 5, "d", "Prisma")]
    assert all(c.scope.kind is ScopeKind.MODULE for c in built)


def test_shadowing_parameter_and_unrelated_prisma_names():
    facts = facts_of("""
        from prisma import Prisma
        def f(Prisma):
            return Prisma()
        def g():
            prisma = object()
            return prisma.Prisma()
        """)
    assert list(facts.of(ClientConstruction)) == []


def test_options_and_accelerate_url():
    [c] = facts_of("""
        from prisma import Prisma
        db = Prisma(auto_register=True, datasource={"url": "prisma://accelerate.prisma-data.net/?api_key=x"})
        """).of(ClientConstruction)
    assert c.option("auto_register") is True
    assert c.option("datasource.url").startswith("prisma://")
    assert c.accelerate


@pytest.mark.parametrize("code,framework", [
    ('import azure.functions as func\napp = func.FunctionApp()\n'
     '@app.route(route="x")\ndef f(req):\n    return Prisma()\n', None),
    ('import azure.functions as func\n@app.queue_trigger(arg_name="m", queue_name="q", connection="c")\n'
     'def f(m):\n    return Prisma()\n', "Azure Functions"),
    ('import azure.functions as func\ndef main(req: func.HttpRequest):\n    return Prisma()\n',
     "Azure Functions"),
    ('import functions_framework\n@functions_framework.http\ndef f(request):\n    return Prisma()\n',
     "Google Cloud Functions"),
    ('from chalice import Chalice\napp = Chalice("a")\n@app.lambda_function()\ndef f(e, c):\n    return Prisma()\n',
     "Chalice"),
    ('from aiohttp import web\nasync def h(request):\n    return Prisma()\napp = web.Application()\n'
     'app.router.add_get("/", h)\n', "aiohttp"),
    ('from aiohttp import web\nclass V(web.View):\n    async def get(self):\n        return Prisma()\n', "Django"),
    ('from starlette.routing import Route\nasync def h(request):\n    return Prisma()\nroutes = [Route("/", h)]\n',
     "Starlette"),
    ('from starlette.endpoints import HTTPEndpoint\nclass E(HTTPEndpoint):\n    async def get(self, r):\n'
     '        return Prisma()\n', "Starlette"),
    ('from flask.views import MethodView\nclass V(MethodView):\n    def post(self):\n        return Prisma()\n',
     "Flask"),
    ('from fastapi import FastAPI\napp = FastAPI()\n@app.middleware("http")\nasync def m(request, call_next):\n'
     '    return Prisma()\n', "FastAPI"),
    ('from starlette.middleware.base import BaseHTTPMiddleware\nclass M(BaseHTTPMiddleware):\n'
     '    async def dispatch(self, request, call_next):\n        return Prisma()\n', "Starlette"),
    ('from ninja import NinjaAPI\napi = NinjaAPI()\n@api.get("/")\ndef f(request):\n    return Prisma()\n',
     "Django Ninja"),
    ('from rest_framework.decorators import api_view\n@api_view(["GET"])\ndef f(request):\n    return Prisma()\n',
     "Django REST framework"),
    ('from rq import Queue\ndef job():\n    return Prisma()\nq = Queue()\nq.enqueue(job)\n', "RQ"),
    ('from quart import Quart\napp = Quart(__name__)\n@app.route("/")\nasync def f():\n    return Prisma()\n',
     "Quart"),
])
def test_request_scope_per_framework(code, framework):
    [c] = facts_of("from prisma import Prisma\n" + code).of(ClientConstruction)
    assert c.scope.kind is ScopeKind.REQUEST
    if framework is not None and framework != "Django":
        assert c.scope.framework == framework


@pytest.mark.parametrize("code,kind", [
    ('from quart import Quart\napp = Quart(__name__)\n@app.before_serving\nasync def s():\n    Prisma()\n',
     ScopeKind.STARTUP),
    ('from aiohttp import web\nasync def s(app):\n    Prisma()\napp = web.Application()\n'
     'app.on_startup.append(s)\n', ScopeKind.STARTUP),
    ('from django.apps import AppConfig\nclass C(AppConfig):\n    def ready(self):\n        Prisma()\n',
     ScopeKind.STARTUP),
    ('from litestar import Litestar\ndef s():\n    Prisma()\napp = Litestar(on_startup=[s])\n',
     ScopeKind.STARTUP),
    ('from sanic import Sanic\napp = Sanic("a")\n@app.before_server_start\nasync def s(app):\n    Prisma()\n',
     ScopeKind.STARTUP),
    ('import asyncio\nasync def main():\n    Prisma()\nif __name__ == "__main__":\n    asyncio.run(main())\n',
     ScopeKind.SCRIPT),
    ('if __name__ == "__main__":\n    Prisma()\n', ScopeKind.SCRIPT),
    ('import pytest\n@pytest.fixture\ndef db():\n    yield Prisma()\n', ScopeKind.TEST),
])
def test_process_script_and_test_scopes(code, kind):
    [c] = facts_of("from prisma import Prisma\n" + code).of(ClientConstruction)
    assert c.scope.kind is kind


def test_url_literals_and_their_roles():
    facts = facts_of("""
        import os
        from prisma import Prisma
        os.environ["DATABASE_URL"] = "postgresql://u:p@db:5432/app"
        db = Prisma(datasource={"url": "postgres://u:p@pooler.supabase.com:6543/db"})
        not_a_db = "https://example.com"
        """)
    urls = [(u.span.line, u.span.col, u.role, u.env_var, u.origin) for u in facts.of(UrlLiteral)]
    assert urls == [(3, 30, "DATABASE_URL", "DATABASE_URL", "code"),
                    (4, 32, "datasource.url", None, "code")]


def test_url_concatenation_operators():
    facts = facts_of("""
        import os
        from os import getenv
        a = f"{os.environ['DATABASE_URL']}?connection_limit=1"
        b = getenv("DATABASE_URL") + "?pgbouncer=true"
        c = "{}?sslmode=require".format(os.environ.get("DIRECT_URL"))
        base = os.environ["DATABASE_URL"]
        d = "%s?schema=app" % base
        e = f"{os.environ['API_HOST']}?page=2"
        f = f"{os.environ['DATABASE_URL']}&connection_limit=1"
        """, "app/settings.py")
    got = [(c.span.line, c.operator, c.env_var, c.appended) for c in facts.of(UrlConcatenation)]
    assert sorted(got) == [(3, "f-string", "DATABASE_URL", "?connection_limit=1"),
                           (4, "+", "DATABASE_URL", "?pgbouncer=true"),
                           (5, "format", "DIRECT_URL", "?sslmode=require"),
                           (7, "%", "DATABASE_URL", "?schema=app"),
                           # `&k=v` appended to a URL is a query too, as in TS (PC311's
                           # "no query yet" case); API_HOST is no database URL
                           (9, "f-string", "DATABASE_URL", "&connection_limit=1")]


def test_syntax_error_is_pc900_with_location_not_a_traceback(tmp_path):
    write_tree(tmp_path, {"app/broken.py": "from prisma import Prisma\ndef f(:\n    pass\n"})
    proc = run_cli("--no-cache", cwd=tmp_path)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 1
    [line] = proc.stdout.splitlines()
    assert line == "app/broken.py:2:7: PC900 [error] syntax error: invalid syntax"


def test_non_ascii_columns_are_code_points(tmp_path):
    facts = facts_of("""
        from prisma import Prisma
        x = "é"; db = Prisma()
        """)
    [c] = facts.of(ClientConstruction)
    assert (c.span.line, c.span.col, c.span.end_col) == (2, 15, 23)


def test_prefilter_skips_files_without_relevant_tokens():
    assert not passes_prefilter("python", b"import json\nprint(json.dumps({}))\n")
    assert passes_prefilter("python", b"from prisma import Prisma\n")
    assert passes_prefilter("python", b"from app.db import db\nawait db.connect()\n")
