"""An editor's session keeps the project between two analyses of a buffer (a keystroke
re-analyses the buffer alone), reads it again after `forget()` (a save, a change on
disk), and shares the result cache with CLI runs made in the same working directory."""

from __future__ import annotations

import os

from conftest import write_tree

from poolcheck.config import Configurations
from poolcheck.engine import DocumentSession, check_document
from poolcheck.rules import implemented_codes

DB = "import { PrismaClient } from '@prisma/client'\nexport const prisma = new PrismaClient()\n"
NEXT = '{"dependencies": {"next": "15.0.0", "@prisma/client": "6.0.0"}}'
PLAIN = '{"dependencies": {"@prisma/client": "6.0.0"}}'


def _codes(session, path, text=DB):
    return [d.code for d in check_document(path, text, session.configs, session=session)]


def test_a_session_keeps_the_project_until_it_is_told_to_forget(tmp_path):
    root = write_tree(tmp_path, {"package.json": NEXT, "lib/db.ts": DB})
    db = root / "lib/db.ts"
    session = DocumentSession(Configurations(implemented_codes()))
    assert _codes(session, db) == ["PC102"]  # Next.js reloads modules: cache the client
    (root / "package.json").write_text(PLAIN, encoding="utf-8")
    # A keystroke: the buffer is analysed again, the project comes from memory.
    assert _codes(session, db, DB + "// typing\n") == ["PC102"]
    session.forget()  # the editor saw a save or a change on disk
    assert _codes(session, db) == []
    # Without a session every call reads the project.
    (root / "package.json").write_text(NEXT, encoding="utf-8")
    assert [d.code for d in check_document(db, DB, Configurations(implemented_codes()))] == ["PC102"]


def test_the_buffer_is_never_taken_from_memory(tmp_path):
    root = write_tree(tmp_path, {"package.json": NEXT, "lib/db.ts": DB})
    db = root / "lib/db.ts"
    session = DocumentSession(Configurations(implemented_codes()))
    assert _codes(session, db) == ["PC102"]
    cached = ("import { PrismaClient } from '@prisma/client'\n"
              "const g = globalThis as unknown as { prisma?: PrismaClient }\n"
              "export const prisma = g.prisma ?? new PrismaClient()\n"
              "if (process.env.NODE_ENV !== 'production') g.prisma = prisma\n")
    assert _codes(session, db, cached) == []
    assert _codes(session, db) == ["PC102"]


def test_the_editor_reads_the_entries_a_cli_run_in_the_same_folder_cached(tmp_path, monkeypatch):
    from poolcheck.engine import run

    root = write_tree(tmp_path / "proj", {"package.json": NEXT, "lib/db.ts": DB,
                                          "lib/other.ts": "export const x = 1\n"})
    cache = tmp_path / "cache"
    monkeypatch.chdir(root)
    configs = Configurations(implemented_codes())
    run([root.relative_to(root)], configs, cache_dir=cache)  # `poolcheck .`, as pre-commit runs it
    session = DocumentSession(Configurations(implemented_codes()), cache)
    assert _codes(session, root / "lib/db.ts") == ["PC102"]
    # The other files came from the CLI's entries: none of them was analysed again.
    assert sum(c.hits for c in session.analyser.caches.values() if c is not None) >= 2
    assert os.getcwd() == str(root)


PAY = """\
import { prisma } from "@/lib/db";
import { createCharge } from "@/lib/gateway";
export async function POST() {
  await prisma.$transaction(async (tx) => {
    await createCharge(5);
    await tx.order.create({ data: {} });
  });
  return new Response("ok");
}
"""
LINKED = {
    "package.json": '{"name": "app", "dependencies": {"@prisma/client": "5.0.0"}}',
    "tsconfig.json": '{"compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["./*"]}}}',
    "lib/db.ts": DB,
    "lib/gateway.ts": ('import axios from "axios";\n'
                       "export async function createCharge(amount: number) {\n"
                       '  return (await axios.post(process.env.PAY_API + "/charges", { amount })).data;\n'
                       "}\n"),
    "app/api/pay/route.ts": PAY,
}


def test_a_keystroke_links_from_the_sessions_memory_and_an_edit_the_link_reads_links_again(
        tmp_path, monkeypatch):
    """The session keeps its link (engine.linking.LinkMemo): a keystroke that moves no link
    input neither links nor reads the link cache; one that drops the helper's call links
    again, and undoing it is served from memory. Each answer is the fresh analysis's."""
    from poolcheck.engine import link_cache
    from poolcheck.linker import session as linker

    root = write_tree(tmp_path / "proj", LINKED)
    monkeypatch.chdir(root)
    route = root / "app/api/pay/route.ts"
    calls = {"link": 0, "lookup": 0}
    link, lookup = linker.link_results, link_cache.LinkCache.lookup

    def counted_link(*a):
        calls["link"] += 1
        return link(*a)

    def counted_lookup(*a):
        calls["lookup"] += 1
        return lookup(*a)

    monkeypatch.setattr(linker, "link_results", counted_link)
    monkeypatch.setattr(link_cache.LinkCache, "lookup", counted_lookup)
    session = DocumentSession(Configurations(implemented_codes()), tmp_path / "cache")

    def fresh(text):
        return [d.code for d in check_document(route, text, Configurations(implemented_codes()))]

    assert _codes(session, route, PAY) == ["PC201"] == fresh(PAY)
    calls.update(link=0, lookup=0)
    assert _codes(session, route, PAY + "// typing\n") == ["PC201"]
    assert calls == {"link": 0, "lookup": 0}
    dropped = PAY.replace("    await createCharge(5);\n", "")
    assert _codes(session, route, dropped) == [] == fresh(dropped)
    calls.update(link=0, lookup=0)
    assert _codes(session, route, PAY) == ["PC201"]
    assert calls == {"link": 0, "lookup": 0}
