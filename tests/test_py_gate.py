"""The Python front-end's cheap gate (`gate.may_have_facts`) never drops a fact.

Every shape below yields at least one fact; each must pass the gate, and the facts must
be the same as a run with the gate switched off.
"""

import textwrap
from pathlib import Path

import pytest

from poolcheck.config import Settings
from poolcheck.frontends import python as py
from poolcheck.core.sources import Source
from poolcheck.frontends.python import gate

PRODUCERS = {
    "alias": "from x.y import Prisma as P\ndb = P()\n",
    "module-attr": "import gen.db as g\ndb = g.Prisma()\n",
    "client": "from prisma import Client\nc = Client()\n",
    "nested-import": "def f():\n    from prisma import Prisma\n    return Prisma()\n",
    "register": "import prisma\nprisma.register(make)\n",
    "own-module-client": "from app.db import db\nasync def main():\n    await db.connect()\n"
                         "    await db.user.find_many()\n",
    "evidence": "from app.db import db\ndef f():\n    db.connect()\n    db.query_raw('x')\n",
    "tx": "from app.db import db\nasync def f():\n    async with db.tx() as t:\n        pass\n",
    "url": "X = 'postgresql://u@h/db'\n",
    "url-concatenated": "X = ('postgres' 'ql://u@h/db')\n",
    "env-concat": "import os\nURL = os.environ['DATABASE_URL'] + '?connection_limit=1'\n",
    "env-fstring": "from os import getenv\nURL = f\"{getenv('DB')}?pgbouncer=true\"\n",
    "env-format": "import os\nURL = '{}?sslmode=require'.format(os.getenv('DATABASE_URL'))\n",
    "env-format-named": "import os\nURL = 'x{u}?sslmode=require'.format(u=os.getenv('DATABASE_URL'))\n",
    "env-percent": "import os\nURL = '%s?pgbouncer=true' % os.environ['DATABASE_URL']\n",
    "env-concat-spaced": "import os\nURL = os.environ['DATABASE_URL'] + '  ?connection_limit=1'\n",
    "env-fstring-text": "import os\nURL = f\"{os.environ['DB']}?sslmode=require&x={n}\"\n",
    "env-urllib-query": "import os\nfrom urllib.parse import urlparse\n"
                        "P = urlparse(os.environ['DATABASE_URL'])._replace(query='pool_timeout=0')\n",
    "syntax-error": "def f(:\n    'prisma'\n",
    "register-module-alias": "import prisma as p\np.register(make)\n",
    "register-name-alias": "from prisma import register as reg\nreg(make)\n",
    "client-module": "from prisma import client\nc = client.Client()\n",
    "get-client": "from prisma import get_client\nasync def f():\n    db = get_client()\n    await db.connect()\n",
    "get-client-attr": "import prisma\nasync def f():\n    db = prisma.get_client()\n    await db.connect()\n",
    "env-url-name-any-query": "import os\nU = os.getenv('PG_DSN')\nq = f\"{U}?x=1\"\n",
    "env-fstring-escaped": "import os\nq = f\"{os.environ['U']}?\\tsslmode=require\"\n",
    # a project's transaction wrapper: `with in_tx() as tx:` whose tx is queried, and a
    # function handed to a call whose first parameter is (PendingTransaction)
    "with-wrapper": "from app.db import in_tx\nasync def f():\n    async with in_tx() as tx:\n"
                    "        await tx.user.create(data={})\n",
    "handed-function": "from app.db import in_tx\nasync def ship(tx):\n    await tx.order.update_many(where={})\n"
                       "async def f():\n    await in_tx(ship)\n",
    "handed-lambda": "from app.db import in_tx\nasync def ship(tx, n):\n    await tx.order.delete(where={})\n"
                     "async def f():\n    await in_tx(lambda tx: ship(tx, 1))\n",
}
QUIET = {
    "unrelated": "import prisma.errors\nraise prisma.errors.PrismaError('no client here')\n",
    "actions-only": "from app.db import db\nasync def f():\n    return await db.user.find_many()\n",
    "env-and-a-question": "import os\nHOME = os.environ['HOME']\nprint('is it set?', HOME)\n",
    "env-and-a-lone-question-mark": "import os\nT = os.getenv('T')\nmark = '?' if T else ''\n",
    "env-and-a-question-not-appended": "import os\nU = os.getenv('U')\nq = '?a=1' + U\nf'?{U}'\n",
    # register/get_client/Client from elsewhere: no qualified name of a client's
    "atexit-register": "import atexit\nimport prisma.errors\natexit.register(stop)\n",
    "registered-serializer": "from prisma._builder import serializer\n@serializer.register(int)\ndef s(v): ...\n",
    "deep-register": "import prisma.x\nprisma.x.register(make)\n",
    "httpx-client": "import prisma.errors\nfrom httpx import Client\nc = Client()\n",
    "httpx-client-attr": "import prisma.errors\nimport httpx\nc = httpx.Client()\n",
    "atexit-register-name": "import prisma.errors\nfrom atexit import register\nregister(stop)\n",
    # a `?` appended to an env read, but neither a URL parameter nor a URL variable
    "env-question-no-parameter": "import os\nq = os.environ['HOME'] + '?x=1'\nschema = 1\n",
    "env-fstring-no-parameter": "import os\nq = f\"{os.getenv('USER')} ?\"\n",
    # context managers that are no wrapper's: a batch (queued, no transaction held), a
    # package class, a name that is never queried; a handed function that never queries
    "batch": "from app.db import db\ndef f():\n    with db.batch_() as b:\n        b.user.create(data={})\n",
    "http-client": "import httpx\nfrom app.db import db\nasync def f():\n"
                   "    async with httpx.AsyncClient() as c:\n        await c.post('x')\n"
                   "    await db.user.find_many()\n",
    "with-unqueried": "from app.db import db, lock\nasync def f():\n    async with lock() as held:\n"
                      "        await db.user.find_many()\n",
    "handed-no-query": "from app.db import db, run\nasync def job(n):\n    return n + 1\n"
                       "async def f():\n    await run(job)\n    await db.user.find_many()\n",
}


def _facts(text: str):
    src = Source.from_bytes(Path("app/main.py"), "python", textwrap.dedent(text).encode())
    return py.analyse(src, Settings()).facts


@pytest.mark.parametrize("name", sorted(PRODUCERS))
def test_every_fact_producer_passes_the_gate(name, monkeypatch):
    text = PRODUCERS[name]
    assert gate.may_have_facts(text)
    gated = _facts(text)
    monkeypatch.setattr(gate, "may_have_facts", lambda text, tree=None, path=None: True)
    assert gated and gated == _facts(text)


@pytest.mark.parametrize("name", sorted(QUIET))
def test_files_without_facts_skip_libcst(name, monkeypatch):
    text = QUIET[name]
    assert not gate.may_have_facts(text)
    monkeypatch.setattr(gate, "may_have_facts", lambda text, tree=None, path=None: True)
    assert _facts(text) == []


def test_a_test_harness_import_with_a_client_like_call_still_gets_its_trait(monkeypatch):
    text = "import pytest\nimport atexit\nimport prisma.errors\natexit.register(stop)\n"
    app = Source.from_bytes(Path("app/main.py"), "python", text.encode())
    assert gate.may_have_facts(text, None, app.path)
    assert [f.name for f in py.analyse(app, Settings()).facts] == ["test-harness"]
    # in a test, the analyser adds no trait: the gate may skip it
    test = Source.from_bytes(Path("tests/test_main.py"), "python", text.encode())
    assert not gate.may_have_facts(text, None, test.path)
    monkeypatch.setattr(gate, "may_have_facts", lambda text, tree=None, path=None: True)
    assert py.analyse(test, Settings()).facts == []


IMPORTS = ["import prisma", "import prisma as p", "import prisma.x", "from prisma import Prisma",
           "from prisma import Client as C", "from prisma import register, get_client",
           "from prisma import register as reg", "from prisma import client", "import atexit",
           "from atexit import register", "from httpx import Client", "import httpx",
           "from app.gen import Prisma as P", "import app.gen as g", "import pytest", "from x import *",
           "from prisma._builder import serializer"]
CALLS = ["prisma.register(db)", "p.register(db)", "prisma.x.register(db)", "db = Prisma()", "c = C()",
         "register(db)", "reg(db)", "c = client.Client()", "atexit.register(stop)", "c = Client()",
         "c = httpx.Client()", "db = P()", "db = g.Prisma()", "db = get_client()", "db = prisma.get_client()",
         "@serializer.register(int)\ndef s(v): ...", "db.connect()", "db.disconnect()", "db.user.find_many()",
         "c.connect()"]
PATHS = ["app/main.py", "tests/test_db.py", "scripts/seed.py", "app/conftest.py"]


def _main_counted_a_call(text: str) -> bool:
    """The calls main's gate (337be6a) took as a possible client: any imported root of an
    `a.b.Prisma/Client/register/get_client()` call, such a name imported and called, an
    alias of one called, a star import with one (the oracle for what sharpening may drop)."""
    import ast

    imported, aliases, star, roots, names = set(), set(), False, [], set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            imported |= {a.asname or a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            for a in node.names:
                star = star or a.name == "*"
                aliases |= {a.asname} if a.asname and a.name in gate.GATE_CALLS else set()
                imported.add(a.asname or a.name)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in gate.GATE_CALLS:
            base = node.func.value
            while isinstance(base, ast.Attribute):
                base = base.value
            roots += [base.id] if isinstance(base, ast.Name) else []
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            names.add(node.func.id)
    direct = names & gate.GATE_CALLS
    return bool(set(roots) & imported or direct & imported or names & aliases or star and (roots or direct))


def test_seeded_programs_skipped_by_the_gate_have_no_facts(monkeypatch):
    """Every program the gate skips yields no fact when analysed anyway, but for the
    test-harness trait of a file main's gate skipped too (the trait comes with any pass)."""
    import random

    rng = random.Random(15)
    skipped = passed = 0
    for _ in range(300):
        lines = rng.sample(IMPORTS, rng.randint(1, 4)) + rng.sample(CALLS, rng.randint(1, 3))
        body = "\n".join(lines) + "\n"
        if rng.random() < 0.3:
            body = "async def main():\n" + "".join("    " + l + "\n" for l in body.splitlines())
        path = rng.choice(PATHS)
        src = Source.from_bytes(Path(path), "python", body.encode())
        open_gate = gate.may_have_facts(body, None, src.path)
        skipped += not open_gate
        passed += open_gate
        if open_gate:
            continue
        monkeypatch.setattr(gate, "may_have_facts", lambda text, tree=None, path=None: True)
        facts = py.analyse(src, Settings()).facts
        monkeypatch.undo()
        assert all(f.name == "test-harness" for f in facts), (path, body, facts)
        assert not facts or not _main_counted_a_call(body), (path, body)
    assert skipped > 50 and passed > 50, (skipped, passed)
