"""Odd and hostile inputs: every one yields diagnostics or a clear error, never a traceback.

These run through the installed CLI over every file kind poolcheck reads, so each
front-end meets each input.
"""

import os
import socket

import pytest

from poolcheck.config import Settings
from poolcheck.engine import run
from poolcheck.rules import FileRuleContext, _IMPLEMENTED, Rule, load

from conftest import run_cli, write_tree

KINDS = ["app/api/x/route.ts", "lib/a.tsx", "lib/b.js", "server/main.py", "ui/C.vue",
         "ui/S.svelte", "src/pages/p.astro", "prisma/schema.prisma", ".env", ".env.local"]
CLIENT = {"ts": "import { PrismaClient } from '@prisma/client'\n",
          "py": "from prisma import Prisma\n"}


def _assert_clean_run(proc):
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 1), proc.stderr
    for line in proc.stdout.splitlines():
        path, line_no, col, rest = line.split(":", 3)
        assert int(line_no) >= 1 and int(col) >= 1 and rest.startswith(" PC"), line


def _each_kind(tmp_path, content):
    write_tree(tmp_path, {k: content for k in KINDS})
    return run_cli("--no-cache", cwd=tmp_path)


@pytest.mark.parametrize("content", [
    b"", b"\xef\xbb\xbf", b"\r\n\r\n", b"\xef\xbb\xbfprisma = 1\r\nPrisma\r\n",
    b"prisma\x00\x00\x00", b"\xff\xfe\x00p\x00r\x00i\x00s\x00m\x00a", b"prisma \xc3\x28 \xa0\xa1",
    b"PrismaClient" * 3, b"{{{{{{{{ prisma ((((((( [[[[[[",
], ids=["empty", "bom", "crlf-only", "bom-crlf", "nul", "utf16", "invalid-utf8", "tokens", "unbalanced"])
def test_odd_bytes_in_every_kind(tmp_path, content):
    _assert_clean_run(_each_kind(tmp_path, content))


def test_ten_megabyte_single_line_is_skipped_over_the_size_limit(tmp_path):
    big = b"const prisma = 1;" * (10 * 1024 * 1024 // 17)
    write_tree(tmp_path, {"lib/huge.ts": big})
    proc = run_cli("--no-cache", cwd=tmp_path)
    _assert_clean_run(proc)
    assert proc.stdout.startswith("lib/huge.ts:1:1: PC900 [info] file is ")
    assert "over max-file-size (2,097,152); not analysed" in proc.stdout


def test_an_oversized_file_that_names_nothing_prisma_is_skipped_silently(tmp_path):
    """Audit 22 (a Next starter's 3 MB generated icon bundle): over the size limit, a file
    the prefilter would reject is skipped like any such file, without a PC900; one whose
    only needle sits past the first megabyte, across a chunk boundary, is still reported."""
    filler = b"export const icon = 'M0 0h24v24H0z';\n" * (3 * 1024 * 1024 // 36)
    write_tree(tmp_path, {"lib/icons.js": filler, "lib/late.js": filler[:(1 << 20) - 8] + b"new PrismaClient()\n" + filler})
    proc = run_cli("--no-cache", cwd=tmp_path)
    _assert_clean_run(proc)
    assert "lib/icons.js" not in proc.stdout
    assert proc.stdout.startswith("lib/late.js:1:1: PC900 [info] file is "), proc.stdout


def test_max_file_size_is_configurable(tmp_path):
    write_tree(tmp_path, {"poolcheck.toml": "max-file-size = 100\n",
                          "lib/a.ts": "// prisma\n" * 20})
    proc = run_cli("--no-cache", cwd=tmp_path)
    assert "over max-file-size (100)" in proc.stdout


def test_fifty_thousand_lines(tmp_path):
    body = "".join(f"export const v{i} = {i} // prisma\n" for i in range(50_000))
    write_tree(tmp_path, {"lib/long.ts": CLIENT["ts"] + body,
                          "server/long.py": CLIENT["py"] + body.replace("export const", "").replace("//", "#")})
    _assert_clean_run(run_cli("--no-cache", cwd=tmp_path))


@pytest.mark.parametrize("path,text", [
    ("lib/deep.ts", CLIENT["ts"] + "const x = " + "[" * 5000 + "]" * 5000 + "\n"),
    ("lib/deep2.ts", CLIENT["ts"] + "function f() {" * 5000 + "}" * 5000 + "\n"),
    ("server/deep.py", CLIENT["py"] + "x = " + "(" * 5000 + ")" * 5000 + "\n"),
    ("server/deep2.py", CLIENT["py"] + "".join(" " * i + "if x:\n" for i in range(0, 5000)) + " " * 5000 + "pass\n"),
    ("prisma/schema.prisma", "datasource db {\n  url = " + "[" * 5000 + "]" * 5000 + "\n}\n"),
], ids=["ts-brackets", "ts-functions", "py-parens", "py-blocks", "schema-arrays"])
def test_nesting_five_thousand_deep(tmp_path, path, text):
    write_tree(tmp_path, {path: text})
    _assert_clean_run(run_cli("--no-cache", cwd=tmp_path))


def test_symlink_loops_fifos_sockets_and_unreadable_folders(tmp_path):
    write_tree(tmp_path, {"app/api/x/route.ts": "export const x = 1\n"})
    (tmp_path / "app" / "loop").symlink_to(tmp_path / "app", target_is_directory=True)
    (tmp_path / "app" / "self.ts").symlink_to(tmp_path / "app" / "self.ts")
    os.mkfifo(tmp_path / "app" / "fifo.ts")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "app" / "sock.ts"))
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.ts").write_text("x")
    locked.chmod(0)
    try:
        proc = run_cli("--no-cache", cwd=tmp_path, timeout=60)
    finally:
        locked.chmod(0o755)
        sock.close()
    _assert_clean_run(proc)


def test_paths_with_spaces_and_non_ascii_names(tmp_path):
    write_tree(tmp_path, {"my project/app/api/ünïcødé/route.ts": "import { PrismaClient } from '@prisma/client'\n"
                          "export async function GET() { const p = new PrismaClient() }\n"})
    proc = run_cli("--no-cache", cwd=tmp_path)
    _assert_clean_run(proc)
    assert proc.stdout.startswith("my project/app/api/ünïcødé/route.ts:2:41: PC101")


def test_internal_error_in_one_rule_is_reported_and_others_still_run(tmp_path, monkeypatch):
    rules = load()
    original = rules["PC101"]

    def boom(ctx: FileRuleContext):
        raise ValueError("synthetic failure")
        yield  # pragma: no cover

    monkeypatch.setitem(_IMPLEMENTED, "PC106", Rule(rules["PC106"].spec, boom))
    write_tree(tmp_path, {"app/api/a/route.ts": "import { PrismaClient } from '@prisma/client'\n"
                          "export async function GET() { const p = new PrismaClient() }\n"})
    result = run([tmp_path], Settings())
    assert [d.code for d in result.diagnostics] == ["PC101"]
    (error,) = result.errors
    assert error.where == "PC106" and "ValueError: synthetic failure" in error.error
    assert str(tmp_path / "app/api/a/route.ts") in error.describe()
    assert "please report" in error.describe()
    assert original is rules["PC101"]


def test_internal_error_exits_2_through_the_cli(tmp_path):
    write_tree(tmp_path, {"app/api/a/route.ts": "import { PrismaClient } from '@prisma/client'\n"
                          "export async function GET() { const p = new PrismaClient() }\n"})
    # Break one rule inside the real console script via a startup hook.
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import poolcheck.rules as r\n"
        "rules = r.load()\n"
        "def boom(ctx):\n    raise RuntimeError('synthetic')\n"
        "r._IMPLEMENTED['PC106'] = r.Rule(rules['PC106'].spec, boom)\n")
    proc = run_cli("--no-cache", "app", cwd=tmp_path, env={"PYTHONPATH": str(hook)})
    assert proc.returncode == 2
    assert "PC101" in proc.stdout
    assert "internal error in PC106 on app/api/a/route.ts: RuntimeError: synthetic" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_output_is_byte_identical_across_runs_and_jobs(tmp_path):
    files = {f"app/api/r{i}/route.ts": "import { PrismaClient } from '@prisma/client'\n"
             "export async function GET() { const p = new PrismaClient() }\n" for i in range(80)}
    write_tree(tmp_path, files)
    outputs = {run_cli("--no-cache", "--jobs", str(j), "--format", fmt, cwd=tmp_path).stdout
               for j in (1, 2) for fmt in ("text",)}
    assert len(outputs) == 1
    json_outputs = {run_cli("--no-cache", "--jobs", str(j), "--format", "json", cwd=tmp_path).stdout
                    for j in (1, 2, 1)}
    assert len(json_outputs) == 1


def test_python_syntax_warnings_never_reach_stderr(tmp_path):
    # `1if x` and "\d" make CPython warn while parsing; those warnings are about the user's
    # code and must not be printed by poolcheck.
    deep = "(" * 120 + "1if True else 2" + ")" * 120  # deep enough for the nesting pre-check
    write_tree(tmp_path, {"app/db.py": f"from prisma import Prisma\nx = 1if True else 2\ny = {deep}\ndb = Prisma()\n"})
    proc = run_cli("--no-cache", cwd=tmp_path)
    assert "Warning" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 1)
