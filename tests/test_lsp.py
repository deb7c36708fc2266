"""`poolcheck lsp` driven by a real LSP client (pytest-lsp) over stdio."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from poolcheck.core.links import rule_url
from poolcheck.suppression import apply_edits, edit_for

from conftest import write_tree

ROUTE = """\
import { PrismaClient } from '@prisma/client'

export async function GET() {
  const prisma = new PrismaClient()
  return Response.json(await prisma.user.findMany())
}
"""
FIXED = """\
import { prisma } from '@/lib/db'

export async function GET() {
  return Response.json(await prisma.user.findMany())
}
"""

@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "poolcheck", "lsp"]))
async def client(lsp_client: LanguageClient, tmp_path):
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(),
        root_uri=tmp_path.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name="proj")]))
    yield
    await lsp_client.shutdown_session()


async def _diagnostics(client: LanguageClient, uri: str, timeout: float = 15) -> list[types.Diagnostic]:
    """Wait for the next publishDiagnostics for `uri`."""
    async def wait():
        while True:
            params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            if params.uri == uri:
                return list(params.diagnostics)
    return await asyncio.wait_for(wait(), timeout)


def _open(client: LanguageClient, path: Path, text: str, language: str = "typescript") -> str:
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)))
    return uri


def _change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))


@pytest.mark.slow
@pytest.mark.asyncio
async def test_open_change_save_and_suppress(client: LanguageClient, tmp_path):
    path = write_tree(tmp_path, {"app/api/users/route.ts": ROUTE}) / "app/api/users/route.ts"

    # Open: the in-memory text is analysed.
    uri = _open(client, path, ROUTE)
    (diag,) = await _diagnostics(client, uri)
    assert diag.code == "PC101"
    assert diag.source == "poolcheck"
    assert diag.severity == types.DiagnosticSeverity.Error
    assert diag.code_description.href == rule_url("PC101")
    assert diag.range.start == types.Position(line=3, character=17)  # 0-based
    assert "constructed per request" in diag.message
    (related,) = diag.related_information
    assert related.location.uri == uri and related.location.range.start.line == 2

    # Code action: suppress on this line, with TS syntax.
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=diag.range,
        context=types.CodeActionContext(diagnostics=[diag])))
    (action,) = actions
    assert action.title == "Suppress PC101 on this line"
    assert action.kind == types.CodeActionKind.QuickFix
    (edit,) = action.edit.changes[uri]
    line = ROUTE.splitlines()[3]
    assert edit.range.start == types.Position(line=3, character=len(line))
    assert edit.new_text == "  // poolcheck-ignore PC101"

    # Change (unsaved): applying the edit clears the diagnostic after the debounce.
    suppressed = ROUTE.replace(line, line + edit.new_text)
    _change(client, uri, 2, suppressed)
    assert await _diagnostics(client, uri) == []

    # Change again: back to the bad code, the diagnostic returns.
    _change(client, uri, 3, ROUTE)
    assert [d.code for d in await _diagnostics(client, uri)] == ["PC101"]

    # Save: the fixed file is written and saved; diagnostics are published on save too.
    path.write_text(FIXED, encoding="utf-8")
    _change(client, uri, 4, FIXED)
    client.text_document_did_save(types.DidSaveTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    assert await _diagnostics(client, uri) == []
    # A save on its own publishes too (no change pending).
    client.text_document_did_save(types.DidSaveTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    assert await _diagnostics(client, uri) == []

    # Close: diagnostics are cleared.
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    assert await _diagnostics(client, uri) == []


@pytest.mark.slow
@pytest.mark.asyncio
async def test_changes_are_debounced(client: LanguageClient, tmp_path):
    path = write_tree(tmp_path, {"app/api/x/route.ts": FIXED}) / "app/api/x/route.ts"
    uri = _open(client, path, FIXED)
    assert await _diagnostics(client, uri) == []
    # A burst of edits yields one publication, for the last text.
    for version in range(2, 12):
        _change(client, uri, version, ROUTE if version == 11 else FIXED + "//" * version)
    (diag,) = await _diagnostics(client, uri)
    assert diag.code == "PC101"
    with pytest.raises(asyncio.TimeoutError):
        await _diagnostics(client, uri, timeout=1.0)


@pytest.mark.slow
@pytest.mark.asyncio
async def test_config_of_the_files_project_is_used(client: LanguageClient, tmp_path):
    root = write_tree(tmp_path, {
        "svc/poolcheck.toml": 'ignore = ["PC101"]\n',
        "svc/app/api/users/route.ts": ROUTE,
    })
    uri = _open(client, root / "svc/app/api/users/route.ts", ROUTE)
    assert await _diagnostics(client, uri) == []


@pytest.mark.parametrize("line, kind, name, expected", [
    ("    db = Prisma()", "python", "app.py", (17, 17, "  # noqa: PC101")),
    ("    db = Prisma()  # noqa: E501", "python", "app.py", (31, 31, ", PC101")),
    ("  const p = new PrismaClient() ", "typescript", "r.ts", (30, 31, "  // poolcheck-ignore PC101")),
    ("  const p = new PrismaClient() // poolcheck-ignore PC104", "typescript", "r.ts",
     (56, 56, ", PC101")),
    ('  url = env("DATABASE_URL")', "prisma", "schema.prisma", (27, 27, "  // poolcheck-ignore PC101")),
    ("DATABASE_URL=postgres://u@h/db", "dotenv", ".env", (0, 0, "# poolcheck-ignore-next-line PC101\n")),
    ("pool_mode = statement", "deploy", "pgbouncer.ini", (0, 0, "; poolcheck-ignore-next-line PC101\n")),
    ("max_connections = 20", "deploy", "postgresql.conf", (20, 20, "  # poolcheck-ignore PC101")),
    ("      replicas: 4", "deploy", "docker-compose.yml", (0, 0, "      # poolcheck-ignore-next-line PC101\n")),
    ("  const p = new PrismaClient()", "vue", "a.vue", (30, 30, "  // poolcheck-ignore PC101")),
    ('  "env": {}', "deploy", "vercel.json", None),
    ('  "prisma": "6.0.0"', "package-json", "package.json", None),
])
def test_suppression_edit_uses_each_kinds_syntax(line, kind, name, expected):
    edit = edit_for([line], 0, "PC101", Path(name), kind)
    assert (edit and (edit.start, edit.end, edit.text)) == expected


def test_suppression_edit_extends_an_own_line_directive_before_the_line():
    lines = ["; poolcheck-ignore-next-line PC403", "pool_mode = statement"]
    edit = edit_for(lines, 1, "PC402", Path("pgbouncer.ini"), "deploy")
    assert (edit.line, edit.start, edit.text) == (0, len(lines[0]), ", PC402")


def test_suppression_text_is_understood_by_the_suppression_parser():
    from poolcheck.suppression import parse

    for line, kind, name in [("db = Prisma()", "python", "a.py"),
                             ("db = Prisma()  # noqa: E501", "python", "a.py"),
                             ("const p = new PrismaClient()", "typescript", "a.ts"),
                             ("const p = x // poolcheck-ignore PC104", "typescript", "a.ts"),
                             ("DATABASE_URL=x", "dotenv", ".env"),
                             ("pool_mode = statement", "deploy", "pgbouncer.ini"),
                             ("  replicas: 4", "k8s", "k8s/app.yaml"),
                             ("max_connections = 20", "deploy", "postgresql.conf"),
                             ('url = env("X")', "prisma", "schema.prisma")]:
        edit = edit_for([line], 0, "PC101", Path(name), kind)
        fixed = apply_edits(line + "\n", [edit])
        where = fixed.count("\n")  # the finding's line, 1-based, after an own-line directive
        assert parse(fixed, kind, Path(name)).suppresses(where, "PC101"), fixed


@pytest.mark.slow
@pytest.mark.asyncio
async def test_project_rules_use_the_files_project_and_the_unsaved_buffer(client: LanguageClient, tmp_path):
    # PC102 needs the project: package.json says Next.js, whose dev server reloads modules.
    db = "import { PrismaClient } from '@prisma/client'\nexport const prisma = new PrismaClient()\n"
    cached = ("import { PrismaClient } from '@prisma/client'\n"
              "const g = globalThis as unknown as { prisma?: PrismaClient }\n"
              "export const prisma = g.prisma ?? new PrismaClient()\n"
              "if (process.env.NODE_ENV !== 'production') g.prisma = prisma\n")
    root = write_tree(tmp_path, {"package.json": '{"dependencies": {"next": "15.0.0", "@prisma/client": "6.0.0"}}',
                                 "lib/db.ts": db})
    uri = _open(client, root / "lib/db.ts", db)
    (diag,) = await _diagnostics(client, uri)
    assert diag.code == "PC102"
    assert diag.range.start == types.Position(line=1, character=22)
    # The fix is typed but not saved: the buffer, not the file on disk, decides.
    _change(client, uri, 2, cached)
    assert await _diagnostics(client, uri) == []
