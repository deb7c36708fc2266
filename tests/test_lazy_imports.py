"""Start-up stays cheap: a run loads only the parsers its files need."""

import json
import subprocess
import sys

import pytest

from conftest import write_tree

PROBE = (
    "import sys, json; from pathlib import Path; from poolcheck.cli import main\n"
    "code = main(['--no-cache', '--quiet', '--exit-zero', sys.argv[1]])\n"
    "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
    "('libcst', 'tree_sitter', 'tree_sitter_typescript', 'oxc_python', 'lark', 'yaml', 'ruamel', 'pygls'))))\n"
)


def _loaded(root) -> set[str]:
    out = subprocess.run([sys.executable, "-c", PROBE, str(root)], capture_output=True, text=True, check=True)
    return {m.split(".")[0] for m in json.loads(out.stdout.strip().splitlines()[-1])}


@pytest.mark.parametrize("files,forbidden", [
    ({"app/api/a/route.ts": "import { PrismaClient } from '@prisma/client'\nnew PrismaClient()\n"},
     {"libcst", "pygls", "oxc_python"}),
    ({"server/main.py": "from prisma import Prisma\ndb = Prisma()\n"},
     {"tree_sitter", "tree_sitter_typescript", "oxc_python", "pygls"}),
    ({"lib/util.ts": "export const add = (a: number, b: number) => a + b\n",
      "server/util.py": "def add(a, b):\n    return a + b\n"},
     {"libcst", "tree_sitter", "tree_sitter_typescript", "pygls"}),
    # Passes the byte prefilter ("DATABASE") but no fact can come out of it: CPython's
    # parser says so, and LibCST is never loaded.
    ({"server/settings.py": "import os\nDATABASE_NAME = os.environ.get('DATABASE_NAME', 'app')\n"},
     {"libcst", "tree_sitter", "pygls"}),
    # Passes the TS prefilter but only imports the client and queries it: its bytes settle
    # it (frontends/typescript/light_bytes.py), and tree-sitter is never loaded.
    ({"lib/users.ts": "import { prisma } from './db'\nexport const rows = () => prisma.user.findMany()\n"},
     {"libcst", "tree_sitter", "tree_sitter_typescript", "oxc_python", "pygls"}),
], ids=["typescript-only", "python-only", "nothing-relevant", "python-prefiltered-in-but-factless",
        "typescript-settled-by-its-bytes"])
def test_only_the_needed_parsers_are_imported(tmp_path, files, forbidden):
    write_tree(tmp_path, files)
    assert _loaded(tmp_path) & forbidden == set()


def test_the_syntax_arbiter_is_loaded_only_for_a_program_tree_sitter_flags(tmp_path):
    # (a file that names a client class: one that only imports is not parsed at all)
    write_tree(tmp_path, {"app/page.tsx": "import { PrismaClient } from '@prisma/client'\n"
                                          "export const P = () => <p>A & B</p>\n"})
    assert "oxc_python" in _loaded(tmp_path)


@pytest.mark.parametrize("kinds,loaded", [
    (["python"] * 31 + ["typescript"] * 40, False),
    (["python"] * 32, True),
], ids=["few-python-files", "many-python-files"])
def test_libcst_is_loaded_before_the_fork_only_for_many_python_files(kinds, loaded):
    """The forked workers share what the parent loaded: with many Python files to parse each
    would import LibCST, so the parent does once (frontends.before_fork); with few, none may
    need it."""
    probe = ("import sys, json; from poolcheck import frontends\n"
             f"frontends.before_fork({kinds!r})\n"
             "print(json.dumps('libcst' in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) is loaded


@pytest.mark.parametrize("kinds,built", [
    (["typescript"] * 31 + ["tsx"] * 31 + ["python"] * 40, False),
    (["tsx"] * 32, True),
    (["javascript"] * 40, True),
], ids=["few-of-each-ts-kind", "many-tsx-files", "many-js-files"])
def test_the_ts_parsers_and_queries_are_built_before_the_fork_only_for_many_ts_files(kinds, built):
    """With many TS/JS files to parse every worker would build both grammars' parsers and
    the commonest index queries: the parent builds them once (frontends.before_fork), and a
    program analysed after it uses them (the query caches hit, nothing new is compiled)."""
    probe = ("import json; from poolcheck import frontends\n"
             "from poolcheck.frontends import ts_tree\n"
             f"frontends.before_fork({kinds!r})\n"
             "before = (ts_tree.parser.cache_info().currsize, ts_tree._index_query.cache_info().currsize)\n"
             "from pathlib import Path\n"
             "from poolcheck.core.sources import Source\n"
             "from poolcheck.frontends.typescript import analyser\n"
             "src = b\"import { prisma } from './db'\\nexport const f = () => prisma.$transaction([a])\\n\"\n"
             "for kind, name in (('typescript', 'a.ts'), ('tsx', 'b.tsx')):\n"
             "    analyser.analyse(Source.from_bytes(Path(name), kind, src), None)\n"
             "after = (ts_tree.parser.cache_info().currsize, ts_tree._index_query.cache_info().currsize)\n"
             "print(json.dumps([before, after]))\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    before, after = json.loads(out.stdout.strip().splitlines()[-1])
    if built:
        assert before == [2, 4] and after == before
    else:
        assert before == [0, 0] and after[0] == 2 and after[1] >= 2
