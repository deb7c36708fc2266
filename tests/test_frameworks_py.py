"""Python framework conventions as rows (vocabulary.frameworks_py): each decorator row
gives its scope, and a look-alike of each stays an ordinary function."""

from pathlib import Path

import pytest

from poolcheck.config import load_settings
from poolcheck.core.sources import Source
from poolcheck.facts import ClientConstruction, ScopeKind
from poolcheck.frontends import analyse
from poolcheck.rules import implemented_codes
from poolcheck.vocabulary import frameworks_py as fp

R, S, T, SC, F = (ScopeKind.REQUEST, ScopeKind.STARTUP, ScopeKind.TEARDOWN, ScopeKind.SCRIPT,
                  ScopeKind.FUNCTION)


def scope_of(imports: str, decorator: str):
    src = f"from prisma import Prisma\n{imports}\n{decorator}\nasync def fn():\n    db = Prisma()\n"
    facts = analyse(Source.from_bytes(Path("app/main.py"), "python", src.encode()),
                    load_settings(None, implemented_codes()))
    (c,) = facts.of(ClientConstruction)
    return c.scope.kind, c.scope.framework


@pytest.mark.parametrize("imports,decorator,expected", [
    ("from fastapi import FastAPI", "@app.get('/x')", (R, "FastAPI")),
    ("from fastapi import FastAPI", "@app.middleware('http')", (R, "FastAPI")),
    ("from fastapi import FastAPI", "@app.on_event('startup')", (S, "FastAPI")),
    ("from fastapi import FastAPI", "@app.on_event('shutdown')", (T, "FastAPI")),
    ("from sanic import Sanic", "@app.listener('before_server_start')", (S, "Sanic")),
    ("from flask import Flask", "@app.before_request", (R, "Flask")),
    ("from chalice import Chalice", "@app.on_sqs_message(queue='q')", (R, "Chalice")),
    ("import azure.functions as func", "@app.queue_trigger(arg_name='m', queue_name='q')", (R, "Azure Functions")),
    ("from celery import Celery", "@app.task", (R, "Celery")),
    ("import dramatiq", "@broker.actor", (R, "Dramatiq")),
    ("import click", "@cli.command()", (SC, None)),
])
def test_decorator_rows_give_their_scope(imports, decorator, expected):
    assert scope_of(imports, decorator) == expected


@pytest.mark.parametrize("imports,decorator", [
    ("from fastapi import FastAPI", "@app.get"),                 # a route decorator is a call
    ("from sanic import Sanic", "@app.listener('no_such_event')"),
    ("import json", "@worker.task"),                             # no Celery/Dramatiq import
    ("import click", "@cli.command"),                            # not called
    ("import azure.functions as func", "@app.blob_output(arg_name='o', path='p')"),
])
def test_look_alikes_of_the_rows_stay_plain_functions(imports, decorator):
    assert scope_of(imports, decorator)[0] is F


def test_every_row_names_a_known_kind():
    specials = {"by_event", "by_hook_event", "by_hook"}
    for row in fp.DECORATOR_ATTR_ROWS:
        assert row.kind in specials or ScopeKind(row.kind)
        assert row.attrs or row.suffix


def scope_at(path: str, imports: str, signature: str):
    src = f"from prisma import Prisma\n{imports}\ndef {signature}:\n    db = Prisma()\n"
    facts = analyse(Source.from_bytes(Path(path), "python", src.encode()),
                    load_settings(None, implemented_codes()))
    (c,) = facts.of(ClientConstruction)
    return c.scope.kind, c.scope.framework


@pytest.mark.parametrize("path,imports,signature,expected", [
    ("app/fn.py", "import json", "handler(event, context)", (R, "AWS Lambda")),
    ("app/fn.py", "import json", "process(event, context)", (R, "AWS Lambda")),
    ("app/fn.py", "import azure.functions as func", "main(req)", (R, "Azure Functions")),
    ("shop/views.py", "import json", "detail(request, pk)", (R, "Django")),
    ("shop/api.py", "from django.http import JsonResponse", "detail(request)", (R, "Django")),
    ("shop/views/items.py", "from flask import Flask", "detail(request)", (R, "Flask")),
    # look-alikes
    ("app/fn.py", "import json", "handler(event)", (F, None)),
    ("app/fn.py", "import json", "main(req)", (F, None)),
    ("shop/api.py", "from django.http import JsonResponse", "main(request)", (F, None)),
    ("shop/api.py", "import json", "detail(request)", (F, None)),
])
def test_signature_rows(path, imports, signature, expected):
    assert scope_at(path, imports, signature) == expected
