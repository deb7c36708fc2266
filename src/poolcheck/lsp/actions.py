"""Code actions: a quick fix per finding with a fix, `source.fixAll.poolcheck` (every safe
fix of the buffer, fixes.lsp), and "Suppress PCxxx on this line" in the form the file's
consumer accepts (suppression.edit_for)."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pygls.uris import to_fs_path

from ..engine.discovery import classify
from ..fixes.lsp import FIX_ALL_KIND, fix_all, text_edits
from ..suppression import edit_for
from .capabilities import CODE_ACTION_KINDS
from .server import PoolcheckServer, converter

QUICKFIX_KINDS = (types.CodeActionKind.QuickFix, "quickfix")


def _wants_quickfix(only) -> bool:
    return only is None or any(k in QUICKFIX_KINDS for k in only)


def _range_key(d) -> tuple:
    return (d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, str(d.code))


def _quick_fixes(uri: str, text: str, units, ours, pairs) -> list:
    wanted = {_range_key(d) for d in ours}
    actions = []
    for published, found in pairs:
        if found.autofix is None or _range_key(published) not in wanted:
            continue
        fix = found.autofix
        edits = [converter.structure(e, types.TextEdit) for e in text_edits(fix, text, units)]
        actions.append(types.CodeAction(
            title=f"{fix.message} ({found.code}{'' if fix.is_safe else ', unsafe'})",
            kind=types.CodeActionKind.QuickFix, diagnostics=[published],
            is_preferred=fix.is_safe,
            edit=types.WorkspaceEdit(changes={uri: edits})))
    return actions


def _fix_all(uri: str, text: str, configs, units, pairs) -> list:
    found = [d for _, d in pairs]
    if not any(d.autofix is not None and d.autofix.is_safe for d in found):
        return []
    whole = fix_all(found, Path(to_fs_path(uri)), text, configs, units)
    if whole is None:
        return []
    return [types.CodeAction(
        title="Fix all safe poolcheck findings", kind=FIX_ALL_KIND,
        edit=types.WorkspaceEdit(changes={uri: [converter.structure(whole, types.TextEdit)]}))]


def fix_actions(ls: PoolcheckServer, uri: str, doc, ours, only) -> list:
    """A quick fix per finding with a fix, and the fix-all action (fixes.lsp)."""
    version, text, configs, pairs = ls.found.get(uri, (None, None, None, []))
    if text != doc.source:
        return []  # the buffer changed since the analysis: its fixes are stale
    units = doc.position_codec.client_num_units
    actions = _quick_fixes(uri, text, units, ours, pairs) if _wants_quickfix(only) else []
    if only is None or any(FIX_ALL_KIND.startswith(k) for k in only):
        actions += _fix_all(uri, text, configs, units, pairs)
    return actions


def suppressions(uri: str, doc, ours, path: Path, kind: str) -> list:
    """"Suppress PCxxx on this line", once per line and code."""
    actions, seen = [], set()
    for diag in ours:
        line_no, code = diag.range.start.line, str(diag.code)
        if (line_no, code) in seen or line_no >= len(doc.lines):
            continue
        seen.add((line_no, code))
        lines = [raw.rstrip("\r\n") for raw in doc.lines]
        newline = "\r\n" if doc.lines[line_no].endswith("\r\n") else "\n"
        change = edit_for(lines, line_no, code, path, kind, newline)
        if change is None:
            continue
        line = lines[change.line]
        units = doc.position_codec.client_num_units
        edit = types.TextEdit(
            range=types.Range(
                start=types.Position(line=change.line, character=units(line[:change.start])),
                end=types.Position(line=change.line, character=units(line[:change.end]))),
            new_text=change.text)
        actions.append(types.CodeAction(
            title=f"Suppress {code} on this line",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diag],
            edit=types.WorkspaceEdit(changes={uri: [edit]})))
    return actions


def code_action(ls: PoolcheckServer, params: types.CodeActionParams):
    uri = params.text_document.uri
    if not uri.startswith("file:"):
        return None
    path = Path(to_fs_path(uri))
    kind = classify(path)
    if kind is None:
        return None
    doc = ls.workspace.get_text_document(uri)
    only = params.context.only
    ours = [d for d in params.context.diagnostics if d.source == "poolcheck" and d.code]
    if not ours:  # clients may send none: use what we published for these lines
        first, last = params.range.start.line, params.range.end.line
        ours = [d for d in ls.published.get(uri, [])
                if d.range.start.line <= last and d.range.end.line >= first]
    actions = fix_actions(ls, uri, doc, ours, only)
    if not _wants_quickfix(only):
        return actions
    return actions + suppressions(uri, doc, ours, path, kind)


def register(server: PoolcheckServer) -> None:
    server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                   types.CodeActionOptions(code_action_kinds=list(CODE_ACTION_KINDS)))(code_action)
