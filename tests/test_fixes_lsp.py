"""The language server offers each fix as a quick fix and all safe fixes as
`source.fixAll.poolcheck`, computed on the unsaved buffer, next to the suppression."""

from __future__ import annotations

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from conftest import write_tree
from fronts_helpers import client  # noqa: F401 (a fixture)
from test_fronts import _published

ON_DISK = "DATABASE_URL=postgresql://app:pw@localhost:5432/app\n"
# the buffer: a non-ASCII comment before the URL, so UTF-16 columns differ from code points
BUFFER = "# base de données ⚡\nDATABASE_URL=postgresql://app:Pl4nt0Xq7@db.prod.io:6543/app?connection_limt=3\n"
FIXED = BUFFER.replace("connection_limt=3", "connection_limit=3&pgbouncer=true")


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    lines = text.splitlines(keepends=True)

    def offset(pos: types.Position) -> int:
        before = "".join(lines[:pos.line])
        line = lines[pos.line] if pos.line < len(lines) else ""
        units = 0
        for i, ch in enumerate(line):
            if units >= pos.character:
                return len(before) + i
            units += len(ch.encode("utf-16-le")) // 2
        return len(before) + len(line)

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:offset(e.range.start)] + e.new_text + text[offset(e.range.end):]
    return text


@pytest.mark.asyncio
async def test_quick_fixes_and_fix_all_on_the_buffer(client: LanguageClient, tmp_path):
    root = write_tree(tmp_path, {".git/HEAD": "ref: refs/heads/main\n", ".env": ON_DISK})
    uri = (root / ".env").as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="dotenv", version=1, text=BUFFER)))
    diagnostics = await _published(client, uri)
    assert sorted(str(d.code) for d in diagnostics) == ["PC301", "PC305"]
    pc305 = next(d for d in diagnostics if d.code == "PC305")

    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=pc305.range,
        context=types.CodeActionContext(diagnostics=[pc305])))
    titles = [a.title for a in actions]
    assert "Rename `connection_limt` to `connection_limit` (PC305)" in titles
    assert any(t.startswith("Suppress PC305") for t in titles)
    assert "Fix all safe poolcheck findings" in titles
    quick = next(a for a in actions if a.title.startswith("Rename"))
    assert quick.kind == types.CodeActionKind.QuickFix and quick.is_preferred
    assert _apply(BUFFER, quick.edit.changes[uri]) == BUFFER.replace("connection_limt", "connection_limit")

    fix_all = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
        context=types.CodeActionContext(diagnostics=[], only=["source.fixAll.poolcheck"])))
    (action,) = fix_all
    assert action.kind == "source.fixAll.poolcheck"
    assert _apply(BUFFER, action.edit.changes[uri]) == FIXED
    assert (root / ".env").read_text() == ON_DISK  # the editor applies edits, not the server
