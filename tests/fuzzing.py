"""Shared fuzzing pieces: input strategies per file kind and the property every input must keep.

The property: analysing any bytes as any kind yields diagnostics (PC900 at worst), never an
internal error, and every span lies inside the file (line within the file, columns within
the line, end after start).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

from poolcheck.config import Settings
from poolcheck.engine.discovery import FoundFile
from poolcheck.engine import analyse_source
from poolcheck.rules import BY_CODE, implemented_codes
from poolcheck.core.sources import split_lines

ROOT = Path(__file__).resolve().parent.parent

# kind -> (file name it is analysed under, tokens that make grammar-shaped text)
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "typescript": ("app/api/fuzz/route.ts", (
        "import { PrismaClient } from '@prisma/client'\n", "export async function GET() {", "}", "{", "(", ")",
        "new PrismaClient()", "new Pool({ max: 1 })", "prisma.$disconnect()", "await ", "const prisma = ",
        "prisma.$transaction(async (tx) => {", "tx.user.create({})", "fetch('https://x')", "globalThis",
        "process.env.DATABASE_URL + '?a=1'", "`${process.env.DATABASE_URL}?x`", "'postgresql://u:p@h/db'",
        ";", "\n", " ", "=>", "for (const t of ts) {", "export default {", "async fetch(req, env, ctx) {",
        "ctx.waitUntil(prisma.$disconnect())", "<div>", "</div>", "/*", "*/", "//", "'", '"', "`", "${")),
    "tsx": ("app/page.tsx", ()),
    "javascript": ("pages/api/fuzz.js", ()),
    "python": ("app/main.py", (
        "from prisma import Prisma\n", "import os\n", "@app.get('/x')\n", "async def h():\n", "def f(request):\n",
        "    ", "async with Prisma() as db:\n", "db = Prisma()\n", "await db.connect()\n", "await db.disconnect()\n",
        "async with db.tx() as tx:\n", "await tx.user.create({})\n", "requests.post('u')\n",
        "f\"{os.environ['DATABASE_URL']}?a=1\"\n", "for t in ts:\n", "if not db.is_connected():\n",
        "(", ")", "[", "]", ":", "\n", "'", '"', "\\", "#", "lambda: ", "yield\n", "@pytest.fixture\n")),
    "vue": ("components/Fuzz.vue", (
        "<template>", "</template>", "<script>", "<script setup lang=\"ts\">", "</script>", "<style>", "</style>",
        "import { PrismaClient } from '@prisma/client'\n", "new PrismaClient()", "\n", "<", ">", "/")),
    "svelte": ("src/routes/Fuzz.svelte", ()),
    "astro": ("src/pages/fuzz.astro", (
        "---\n", "import { PrismaClient } from '@prisma/client'\n", "const p = new PrismaClient()\n",
        "<h1>", "</h1>", "{", "}", "\n", "<script>", "</script>")),
    "prisma": ("prisma/schema.prisma", (
        "datasource db {\n", "generator client {\n", "model User {\n", "}\n", "  provider = \"postgresql\"\n",
        "  url = env(\"DATABASE_URL\")\n", "  url = \"postgresql://u:p@h:6543/db?pgbouncer=true\"\n",
        "  directUrl = env(\"DIRECT\")\n", "  id Int @id @default(autoincrement())\n", "@@map(\"x\")\n",
        "enum Role {\n", "  A\n", "//", "///", "\"", "\\", "[", "]", "(", ")", ",", "=", "\n", "{", "}")),
    "dotenv": (".env", (
        "DATABASE_URL=", "postgresql://u:p@h:5432/db", "?connection_limit=1", "&pool_timeout=0", "export ",
        "\"", "'", "`", "#", " # comment", "${DATABASE_URL}", "$HOME", "\\n", "\n", "\r\n", "=", " ", "KEY")),
}
for _kind, _like in (("tsx", "typescript"), ("javascript", "typescript"), ("svelte", "vue")):
    KINDS[_kind] = (KINDS[_kind][0], KINDS[_like][1])

_YAML = ("services:\n", "  api:\n", "    image: app\n", "    deploy:\n", "      replicas: 4\n",
         "    environment:\n", "      DATABASE_URL: postgresql://u:p@db:5432/app?connection_limit=10\n",
         "    command: postgres -c max_connections=30\n", "- ", "&a ", "*a ", "<<: *a\n", "!Ref X\n",
         "apiVersion: apps/v1\n", "kind: Deployment\n", "kind: HorizontalPodAutoscaler\n",
         "spec:\n", "  replicas: 3\n", "  maxReplicas: 10\n", "---\n", "{", "}", "[", "]", ":", "'", '"',
         "\n", "  ", "#")
_TOML = ("[build]\n", "[[redirects]]\n", "name = \"w\"\n", "main = \"src/index.ts\"\n",
         "[[hyperdrive]]\n", "binding = \"HD\"\n", "[tool.poolcheck]\n", "select = [\"PC1\"]\n",
         "[project]\n", "dependencies = [\"prisma>=0.15\", \"fastapi\"]\n", "=", "\"", "'", "[", "]", "\n", "#")
_JSON = ("{", "}", "[", "]", ",", ":", "\"dependencies\"", "\"@prisma/client\"", "\"^6.0.0\"",
         "\"prisma\"", "{\"seed\": \"tsx prisma/seed.ts\"}", "\"functions\"", "\"crons\"", "// c\n",
         "/* c */", "null", "true", "1e999", "\"\\u0000\"", "\n")
_INI = ("[databases]\n", "[pgbouncer]\n", "pool_mode = statement\n", "default_pool_size = 40\n",
        "reserve_pool_size = 10\n", "max_db_connections = 0\n", "app = host=db port=5432 pool_size=90\n",
        "max_connections = 30\n", "; c\n", "# c\n", "=", "\n", " ")
# Deployment and project files: label -> (kind, file name, tokens). The reader is chosen
# by name, so each name is its own target.
CONFIG_TARGETS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "compose": ("deploy", "docker-compose.yml", _YAML),
    "serverless-yml": ("deploy", "serverless.yml", _YAML),
    "sam-template": ("deploy", "template.yaml", _YAML),
    "k8s-manifest": ("k8s", "k8s/deployment.yaml", _YAML),
    "netlify-toml": ("deploy", "netlify.toml", _TOML),
    "wrangler-toml": ("deploy", "wrangler.toml", _TOML),
    "pyproject": ("pyproject", "pyproject.toml", _TOML),
    "package-json": ("package-json", "package.json", _JSON),
    "vercel-json": ("deploy", "vercel.json", _JSON),
    "wrangler-jsonc": ("deploy", "wrangler.jsonc", _JSON),
    "pgbouncer-ini": ("deploy", "pgbouncer.ini", _INI),
    "postgresql-conf": ("deploy", "postgresql.conf", _INI),
    "dockerfile": ("deploy", "Dockerfile", ("FROM node:20\n", "ENV DATABASE_URL=postgresql://u:p@h/db\n",
                                            "RUN npm ci\n", "\\\n", "\n", " ")),
}
for _label, (_kind, _name, _tokens) in CONFIG_TARGETS.items():
    KINDS[_label] = (_name, _tokens)
KIND_OF = {label: CONFIG_TARGETS[label][0] if label in CONFIG_TARGETS else label for label in KINDS}

SUFFIXES = {"typescript": (".ts",), "tsx": (".tsx",), "javascript": (".js",), "python": (".py",),
            "vue": (".vue",), "svelte": (".svelte",), "astro": (".astro",), "prisma": (".prisma",),
            "dotenv": (".env",)}


def seeds(kind: str) -> list[bytes]:
    """Real files of this kind from the test fixtures and the demo, to mutate."""
    if kind in CONFIG_TARGETS:
        wanted = Path(CONFIG_TARGETS[kind][1]).name
        suffixes = (wanted,)
    else:
        suffixes = SUFFIXES[kind]
    out = []
    for base in (ROOT / "tests", ROOT / "examples"):
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            name = path.name
            if "node_modules" in path.parts or ".cache" in path.parts:
                continue
            match = name.startswith(".env") if kind == "dotenv" else name.endswith(suffixes)
            if match and path.is_file() and path.stat().st_size < 64_000 and "fuzz" not in path.parts:
                out.append(path.read_bytes())
    return out[:200] or [b""]


def inputs(kind: str) -> st.SearchStrategy[bytes]:
    """Random bytes, grammar-shaped token soup, and mutated or truncated real files."""
    tokens = KINDS[kind][1]
    corpus = seeds(kind)
    soup = st.lists(st.sampled_from(tokens), max_size=60).map(lambda xs: "".join(xs).encode())
    unicode_soup = st.lists(st.one_of(st.sampled_from(tokens), st.text(max_size=8)), max_size=40) \
        .map(lambda xs: "".join(xs).encode("utf-8", "surrogatepass"))

    @st.composite
    def mutated(draw) -> bytes:
        data = bytearray(draw(st.sampled_from(corpus)))
        for _ in range(draw(st.integers(0, 6))):
            op = draw(st.integers(0, 3))
            pos = draw(st.integers(0, len(data)))
            if op == 0 and data:
                del data[pos:pos + draw(st.integers(1, 40))]
            elif op == 1:
                data[pos:pos] = draw(st.sampled_from(tokens)).encode() if tokens else b"x"
            elif op == 2 and data:
                data[min(pos, len(data) - 1)] = draw(st.integers(0, 255))
            else:
                data = data[:pos]  # truncated file
        return bytes(data)

    return st.one_of(st.binary(max_size=400), soup, unicode_soup, mutated())


_SETTINGS = Settings()
_ALL = implemented_codes() | {c for c in BY_CODE}


def check_input(kind: str, data: bytes) -> None:
    """The property. Raises AssertionError with the offending detail."""
    name = KINDS[kind][0]
    found = FoundFile(Path(name), KIND_OF[kind], explicit=True)
    result = analyse_source(found, data, _SETTINGS, _ALL)
    assert not result.errors, [e.describe() for e in result.errors]
    text = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        lines = split_lines(text.decode("utf-8"))
    except UnicodeDecodeError:
        lines = None
    for d in result.diagnostics:
        s = d.span
        assert s.line >= 1 and s.col >= 1, d
        assert (s.end_line, s.end_col) >= (s.line, s.col), d
        if lines is None:
            continue  # PC900 for undecodable bytes points at the bad byte
        assert s.line <= len(lines), (d, len(lines))
        assert s.col <= len(lines[s.line - 1]) + 1, (d, lines[s.line - 1])
        assert s.end_line <= len(lines), (d, len(lines))
        assert s.end_col <= len(lines[s.end_line - 1]) + 2, (d, lines[s.end_line - 1])


def check_config(text: str) -> None:
    """poolcheck's own configuration: any text gives settings and PC901s, never an exception."""
    import tempfile

    from poolcheck.config import load_settings

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "poolcheck.toml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        settings = load_settings(path, implemented_codes())
    assert all(p.code == "PC901" for p in settings.problems)
    settings.enabled_codes(implemented_codes())


def config_inputs() -> st.SearchStrategy[str]:
    keys = ["select", "ignore", "extend-select", "exclude", "per-file-ignores", "serverless",
            "replicas", "max-connections", "slow-calls", "max-file-size", "nope", "[per-file-ignores]",
            "[tool]"]
    values = ["[\"PC1\"]", "[\"PC999\"]", "[1, 2]", "true", "\"auto\"", "-3", "3", "{}", "\"x\"",
              "[\"PC205\"]", "1.5", "\"\"", "[[]]"]
    line = st.builds(lambda k, v: f"{k} = {v}\n", st.sampled_from(keys), st.sampled_from(values))
    return st.one_of(st.lists(line, max_size=12).map("".join), st.text(max_size=200))
