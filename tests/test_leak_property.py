"""Property (issue 19): a random password, over the full byte range, in every file kind,
never appears in any output format; random folder names never reach the output raw.

Each example writes one project where the same password sits in a .env file (unquoted,
double- and single-quoted), a schema literal, TS and Python code literals, a template
literal, prisma.config.ts and a compose file, under a folder with a random name, then runs
the CLI (`poolcheck.cli.main`, in-process for speed; test_leaks_and_injection.py runs the
console script) in every format. The password is `HEAD + random bytes + TAIL`: neither
marker may appear. Line breaks are left out of the random part: in these files a line
break ends the value, and what follows is no longer part of any URL.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from poolcheck.cli import main
from poolcheck.reporters import FORMATS

HEAD, TAIL = b"Hq7Zk", b"Tz9Wx"
# The full byte range, with the bytes that end a URL's parts or a literal drawn more often.
_BYTE = st.one_of(st.sampled_from(list(b"?/#@:&;= \"'`\\%{}$,[]")),
                  st.integers(0, 255).filter(lambda b: b not in (10, 13)))
_BYTES = st.lists(_BYTE, max_size=10).map(bytes)
_NAME = st.lists(st.integers(1, 255).filter(lambda b: b != 47), min_size=1, max_size=6).map(bytes) \
    .filter(lambda n: n not in (b".", b".."))
_BIDI = ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069")


def _files(password: bytes, folder: bytes) -> dict[bytes, bytes]:
    url = b"postgresql://app:" + password + b"@db.pooler.supabase.com:6543/db?connection_limt=1"
    route = (b"import { PrismaClient } from '@prisma/client'\nexport async function GET() {\n"
             b"  const p = new PrismaClient({ datasourceUrl: '" + url + b"' })\n"
             b"  const q = new PrismaClient({ datasourceUrl: `" + url + b"` })\n"
             b"  return Response.json([p, q])\n}\n")
    return {
        b"package.json": b'{"dependencies": {"@prisma/client": "^6.1.0"}}',
        b".env": b"DATABASE_URL=" + url + b"\nQUOTED=\"" + url + b"\"\nSINGLE='" + url + b"'\n",
        b"prisma/schema.prisma": b'datasource db {\n  provider = "postgresql"\n  url = "' + url + b'"\n}\n',
        b"app/api/" + folder + b"/route.ts": route,
        b"app/main.py": b"from prisma import Prisma\ndb = Prisma(datasource={'url': '" + url + b"'})\n",
        b"prisma.config.ts": (b'import { defineConfig } from "prisma/config"\n'
                              b'export default defineConfig({ datasource: { url: "' + url + b'" } })\n'),
        b"docker-compose.yml": b"services:\n  app:\n    environment:\n      DATABASE_URL: '" + url + b"'\n",
    }


def _run(root: Path, fmt: str) -> str:
    out, err = io.BytesIO(), io.BytesIO()
    stdout, stderr, cwd = sys.stdout, sys.stderr, os.getcwd()
    # Strict UTF-8 streams: an unencodable character in any output is a failure too.
    sys.stdout = io.TextIOWrapper(out, encoding="utf-8", newline="\n")
    sys.stderr = io.TextIOWrapper(err, encoding="utf-8", newline="\n")
    try:
        os.chdir(root)
        code = main(["--no-cache", "--select", "ALL", "--format", fmt, "."])
    finally:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
            stream.detach()  # keep the BytesIO open
        sys.stdout, sys.stderr = stdout, stderr
        os.chdir(cwd)
    text = out.getvalue().decode("utf-8") + err.getvalue().decode("utf-8")
    assert code in (0, 1), text
    assert "internal error" not in text and "Traceback" not in text, text
    return text


@settings(derandomize=True, max_examples=int(os.environ.get("POOLCHECK_LEAK_EXAMPLES", "25")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(middle=_BYTES, folder=_NAME)
def test_a_random_password_never_appears_in_any_format(middle, folder):
    root = Path(tempfile.mkdtemp(prefix="poolcheck-leak-"))
    try:
        for rel, data in _files(HEAD + middle + TAIL, folder).items():
            target = os.path.join(os.fsencode(root), rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as fh:
                fh.write(data)
        for fmt in sorted(FORMATS):
            text = _run(root, fmt)
            assert HEAD.decode() not in text, (fmt, middle, text)
            assert TAIL.decode() not in text, (fmt, middle, text)
            assert not any(c in text for c in _BIDI), (fmt, folder)
            assert not any(ord(c) < 32 and c not in "\n" for c in text), (fmt, folder, text)
    finally:
        shutil.rmtree(root, ignore_errors=True)
