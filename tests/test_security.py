"""poolcheck never runs project code, opens no network connection and writes only its cache."""

from pathlib import Path

from conftest import run_cli, write_tree

MARKER = "POOLCHECK_EXECUTED_PROJECT_CODE"


def _project(tmp_path: Path) -> Path:
    """A project whose every file would leave a marker behind if anything executed it."""
    touch_js = f"require('fs').writeFileSync('{MARKER}-js', 'x')\n"
    touch_py = f"open('{MARKER}-py', 'w').write('x')\n"
    return write_tree(tmp_path / "proj", {
        "prisma.config.ts": "import { defineConfig, env } from 'prisma/config'\n" + touch_js +
                            "export default defineConfig({ schema: 'prisma/schema.prisma', datasource: { url: env('DATABASE_URL') } })\n",
        "next.config.js": touch_js + "module.exports = {}\n",
        "app/api/users/route.ts": "import { PrismaClient } from '@prisma/client'\n" + touch_js +
                                  "export async function GET() { const p = new PrismaClient() }\n",
        "server/main.py": "from prisma import Prisma\n" + touch_py,
        "conftest.py": touch_py, "setup.py": touch_py, "sitecustomize.py": touch_py,
        "package.json": '{"scripts": {"postinstall": "node next.config.js"}, '
                        '"prisma": {"seed": "node next.config.js"}}\n',
        "prisma/schema.prisma": 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n',
        ".env": "DATABASE_URL=postgresql://app:pw@localhost:5432/app\n",
    })


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in root.rglob("*") if p.is_file()}


def test_never_executes_or_writes_into_the_project(tmp_path):
    root = _project(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    before = _snapshot(root)
    cache = tmp_path / "cache"
    proc = run_cli("--cache-dir", str(cache), ".", cwd=root,
                   env={"HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"),
                        "NODE_OPTIONS": ""})
    assert "Traceback" not in proc.stderr and proc.returncode in (0, 1)
    assert not list(tmp_path.rglob(f"{MARKER}*"))
    assert _snapshot(root) == before
    assert list(home.rglob("*")) == []            # nothing in HOME: --cache-dir was given
    assert all(p.is_relative_to(cache) for p in cache.rglob("*"))


def test_default_cache_goes_to_the_user_cache_folder_only(tmp_path):
    root = _project(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"), "POOLCHECK_CACHE_DIR": ""}
    before = _snapshot(root)
    proc = run_cli(".", cwd=root, env=env)
    assert proc.returncode in (0, 1), proc.stderr
    assert _snapshot(root) == before
    written = [p.relative_to(home).as_posix() for p in home.rglob("*") if p.is_file()]
    assert written and all(w.startswith(".cache/poolcheck/") for w in written), written


def test_opens_no_network_connection(tmp_path):
    root = _project(tmp_path)
    hook = tmp_path / "hook"
    hook.mkdir()
    log = tmp_path / "connections.log"
    # Record every socket connect the real console script makes.
    (hook / "sitecustomize.py").write_text(
        "import socket\n"
        f"LOG = {str(log)!r}\n"
        "_orig = socket.socket.connect\n"
        "def connect(self, address):\n"
        "    if self.family in (socket.AF_INET, socket.AF_INET6):\n"
        "        open(LOG, 'a').write(repr(address) + '\\n')\n"
        "    return _orig(self, address)\n"
        "socket.socket.connect = connect\n"
        "_orig_cx = socket.create_connection\n"
        "def create_connection(address, *a, **k):\n"
        "    open(LOG, 'a').write(repr(address) + '\\n')\n"
        "    return _orig_cx(address, *a, **k)\n"
        "socket.create_connection = create_connection\n")
    proc = run_cli("--no-cache", ".", cwd=root, env={"PYTHONPATH": str(hook)})
    assert proc.returncode in (0, 1), proc.stderr
    assert not log.exists(), log.read_text()
