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
}
QUIET = {
    "unrelated": "import prisma.errors\nraise prisma.errors.PrismaError('no client here')\n",
    "actions-only": "from app.db import db\nasync def f():\n    return await db.user.find_many()\n",
    "env-and-a-question": "import os\nHOME = os.environ['HOME']\nprint('is it set?', HOME)\n",
    "env-and-a-lone-question-mark": "import os\nT = os.getenv('T')\nmark = '?' if T else ''\n",
    "env-and-a-question-not-appended": "import os\nU = os.getenv('U')\nq = '?a=1' + U\nf'?{U}'\n",
}


def _facts(text: str):
    src = Source.from_bytes(Path("app/main.py"), "python", textwrap.dedent(text).encode())
    return py.analyse(src, Settings()).facts


@pytest.mark.parametrize("name", sorted(PRODUCERS))
def test_every_fact_producer_passes_the_gate(name, monkeypatch):
    text = PRODUCERS[name]
    assert gate.may_have_facts(text)
    gated = _facts(text)
    monkeypatch.setattr(gate, "may_have_facts", lambda text, tree=None: True)
    assert gated and gated == _facts(text)


@pytest.mark.parametrize("name", sorted(QUIET))
def test_files_without_facts_skip_libcst(name, monkeypatch):
    text = QUIET[name]
    assert not gate.may_have_facts(text)
    monkeypatch.setattr(gate, "may_have_facts", lambda text, tree=None: True)
    assert _facts(text) == []
