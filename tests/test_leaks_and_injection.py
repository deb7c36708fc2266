"""Leaks and injection (issue 19): each case through the console script, in every format.

- a password holding `?`, `/`, `#`, a space, quotes or a backtick is never printed, neither
  in a message nor in a source line of `--format full`, nor as a "parameter name" (PC305);
- a URL split over a multi-line template literal or a `+` chain of literals is masked whole;
- a symlink out of the project (`.env.proc -> /proc/self/environ`) is never read;
- control characters, bidi overrides and non-UTF-8 bytes in file names never reach the
  output raw, and every format stays valid UTF-8 (SARIF with `-o` too);
- the cache holds no password and its folder is private.
"""

from __future__ import annotations

import json
import os
import stat

import pytest

from poolcheck.reporters import FORMATS

from conftest import run_cli, write_tree

PKG = '{"dependencies": {"@prisma/client": "^6.1.0"}}'
ROUTE_HEAD = "import { PrismaClient } from '@prisma/client'\nexport async function GET() {\n"


def _all_formats(root, *args):
    """stdout+stderr of every format, as bytes; asserts no crash."""
    outputs = {}
    for fmt in sorted(FORMATS):
        proc = run_cli("--no-cache", "--select", "ALL", "--format", fmt, *args, ".", cwd=root)
        assert proc.returncode in (0, 1), (fmt, proc.stderr)
        assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
        outputs[fmt] = proc.stdout + proc.stderr
    return outputs


@pytest.fixture(scope="module")
def odd_passwords(tmp_path_factory):
    root = tmp_path_factory.mktemp("odd")
    write_tree(root, {
        "package.json": PKG,
        ".env": ('DATABASE_URL="postgresql://u5:Sl/ash?PW5e@host:6543/db"\n'
                 'SPACE="postgresql://u:Sp4ce Pw@h:6543/db?x=1"\n'
                 "SQUOTE=\"postgresql://u:Qu0te'Pw@h:6543/db\"\n"
                 "BTICK=\"postgresql://u:B4ck`Pw@h:6543/db\"\n"
                 'HASH=postgresql://u:H4sh#Pw@h:6543/db\n'),
        "prisma/schema.prisma": 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n',
        "app/api/a/route.ts": ROUTE_HEAD + (
            "  const p = new PrismaClient({ datasourceUrl: `postgresql://u:Mult1\n"
            "L1nePw@db.pooler.supabase.com:6543/db?connection_limt=1` })\n"
            "  const q = new PrismaClient({ datasourceUrl: 'postgresql://u:C0n' +\n"
            "    'c4tPw@h:6543/db?pool_timeout=x' })\n"
            "  const r = new PrismaClient({ datasourceUrl: \"postgresql://u:Dq\\\"u0tePw@h:6543/db?foo=1\" })\n"
            "  return Response.json([p, q, r])\n}\n"),
        "app/main.py": ("from prisma import Prisma\n"
                        "db = Prisma(datasource={'url': 'postgresql://u:Py th0n?Pw@h:6543/db?foo=1'})\n"),
    })
    return root, _all_formats(root)


PIECES = ["Sl/ash", "ash?PW5e", "PW5e", "Sp4ce", "Qu0te", "B4ck", "H4sh", "Mult1", "L1nePw",
          "C0n'", "c4tPw", "Dq", "u0tePw", "th0n", "Py th"]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_piece_of_an_odd_password_in_any_format(odd_passwords, fmt):
    _, outputs = odd_passwords
    out = outputs[fmt]
    assert [p for p in PIECES if p in out] == []


def test_the_odd_password_urls_do_produce_findings(odd_passwords):
    _, outputs = odd_passwords
    text = outputs["text"]
    assert "postgresql://u5:***@host:6543/db" in text
    assert "PC305" in text and "PC307" in text and "PC301" in text


def test_pc305_never_names_a_piece_of_the_password_as_a_parameter(odd_passwords):
    _, outputs = odd_passwords
    pc305 = [d for d in json.loads(outputs["json"].split("\npoolcheck:")[0]) if d["code"] == "PC305"]
    assert pc305 and all("PW5e" not in d["message"] and "ash" not in d["message"] for d in pc305)


def test_full_masks_a_multi_line_template_and_a_concatenation(odd_passwords):
    _, outputs = odd_passwords
    full = outputs["full"]
    assert "datasourceUrl: `postgresql://u:***" in full
    assert "datasourceUrl: 'postgresql://u:***" in full


def test_symlinks_out_of_the_tree_and_proc_are_never_read(tmp_path):
    outside = tmp_path / "outside.env"
    outside.write_text("LEAKED_MARKER=Ex7filtr4te\n")
    root = tmp_path / "proj"
    write_tree(root, {"package.json": PKG, "lib/ok.txt": "A=1\n"})
    (root / ".env.proc").symlink_to("/proc/self/environ")
    (root / ".env.local").symlink_to(outside)
    (root / "lib" / "db.ts").symlink_to(outside)
    (root / ".env.dev").symlink_to("/dev/zero")
    (root / ".env.inside").symlink_to(root / "lib" / "ok.txt")  # inside the tree: read
    env = {"PROC_ENV_MARKER": "Pr0cEnvSecret"}
    for fmt in sorted(FORMATS):
        proc = run_cli("--no-cache", "--format", fmt, ".", cwd=root, env=env)
        out = proc.stdout + proc.stderr
        assert proc.returncode in (0, 1), proc.stderr
        assert "Ex7filtr4te" not in out and "Pr0cEnvSecret" not in out and "LEAKED_MARKER" not in out
    text = run_cli("--no-cache", ".", cwd=root, env=env).stdout
    assert ".env.local:1:1: PC900 [info] a symlink to a file outside the project; not read" in text
    assert ".env.proc:1:1: PC900 [info] a system file (/proc, /sys); not read" in text
    assert "lib/db.ts:1:1: PC900 [info] a symlink to a file outside the project; not read" in text
    assert ".env.inside" not in text
    # Named on the command line, as pre-commit does.
    named = run_cli("--no-cache", ".env.proc", ".env.local", cwd=root, env=env)
    assert "Pr0cEnvSecret" not in named.stdout and named.stdout.count("PC900") == 2


NAMES = [b"a\nfake.ts:1:1: PC999 injected line\n", b"cr\rhidden", "bi\u202edi".encode(), b"ff\xffname",
         b"esc\x1b[31mred", b"tab\there"]


@pytest.fixture(scope="module")
def odd_names(tmp_path_factory):
    root = tmp_path_factory.mktemp("names")
    body = (ROUTE_HEAD + "  const p = new PrismaClient()\n  return p\n}\n").encode()
    (root / "package.json").write_text(PKG)
    for name in NAMES:
        folder = os.path.join(os.fsencode(root), b"app", b"api", name)
        os.makedirs(folder)
        with open(os.path.join(folder, b"route.ts"), "wb") as fh:
            fh.write(body)
    return root


def _run_bytes(root, fmt, *extra):
    import subprocess
    from conftest import POOLCHECK, _CLI_CACHE

    env = {**os.environ, "POOLCHECK_CACHE_DIR": str(_CLI_CACHE)}
    return subprocess.run([str(POOLCHECK), "--no-cache", "--format", fmt, *extra, "."], cwd=root,
                          env=env, capture_output=True)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_odd_file_names_are_escaped_in_every_format(odd_names, fmt):
    proc = _run_bytes(odd_names, fmt)
    assert proc.returncode == 1, proc.stderr
    assert b"Traceback" not in proc.stderr
    out = proc.stdout.decode("utf-8")  # valid UTF-8, whatever the names held
    for raw in ("\r", "\x1b", "\u202e", "\t"):
        assert raw not in out
    assert not any(line.startswith("fake.ts") for line in out.splitlines())
    if fmt in ("json", "lsp", "sarif"):
        json.loads(out)
    if fmt == "json-lines":
        assert len([json.loads(line) for line in out.splitlines()]) == len(NAMES)
    if fmt == "text":
        assert len(out.splitlines()) == len(NAMES)
        assert '"app/api/ff\\xffname/route.ts":3:' in out
        assert '"app/api/bi\\u202edi/route.ts":3:' in out
    if fmt == "sarif":
        assert "app/api/ff%FFname/route.ts" in out


def test_sarif_to_a_file_with_a_non_utf8_name_is_complete(odd_names, tmp_path):
    target = tmp_path / "out.sarif"
    proc = _run_bytes(odd_names, "sarif", "-o", str(target))
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr
    results = json.loads(target.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert len(results) == len(NAMES)


def test_the_cache_holds_no_password_and_is_private(tmp_path):
    root = write_tree(tmp_path / "proj", {
        "package.json": PKG,
        ".env": "DATABASE_URL=postgresql://u:C4chedSecret@h:6543/db\n",
        "prisma/schema.prisma": ('datasource db {\n  provider = "postgresql"\n'
                                 '  url = "postgresql://u:Sch3maSecret@h:6543/db"\n}\n'),
        "app/api/a/route.ts": ROUTE_HEAD + "  const p = new PrismaClient({ datasourceUrl: "
                                           "'postgresql://u:C0deSecret@h/db' })\n  return p\n}\n",
        "lib/plain.ts": ROUTE_HEAD + "  return new PrismaClient()\n}\n",
    })
    cache = tmp_path / "cache"
    first = run_cli("--cache-dir", str(cache), ".", cwd=root)
    second = run_cli("--cache-dir", str(cache), ".", cwd=root)
    assert first.stdout == second.stdout and first.returncode == 1
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    blobs = b"".join(p.read_bytes() for p in cache.rglob("*") if p.is_file())
    assert blobs  # the plain file's result is cached
    for secret in (b"C4chedSecret", b"Sch3maSecret", b"C0deSecret"):
        assert secret not in blobs


def test_the_editor_and_flake8_refuse_a_symlink_out_of_the_project(tmp_path, monkeypatch):
    from poolcheck.config import Settings
    from poolcheck.engine import check_document
    from poolcheck.flake8_plugin import Plugin

    outside = tmp_path / "outside.py"
    outside.write_text("from prisma import Prisma\nasync def h():\n    return Prisma()\n")
    root = tmp_path / "proj"
    root.mkdir()
    (root / "link.py").symlink_to(outside)
    (root / ".env.proc").symlink_to("/proc/self/environ")
    monkeypatch.chdir(root)
    found = check_document(root / "link.py", outside.read_text(), Settings())
    assert [(d.code, d.severity.value, d.message) for d in found] == [
        ("PC900", "I", "a symlink to a file outside the project; not read")]
    assert [d.code for d in check_document(root / ".env.proc", "A=1\n", Settings())] == ["PC900"]
    lines = outside.read_text().splitlines(keepends=True)
    results = list(Plugin(None, str(root / "link.py"), lines).run())
    assert [r[2] for r in results] == ["PC900 a symlink to a file outside the project; not read"]
