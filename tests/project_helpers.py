"""Run project rules on a real tree plus hand-built facts for code/schema/env files, so
project rules are tested on exactly the facts the front-ends promise to emit."""

from __future__ import annotations

from pathlib import Path

from poolcheck.config import Settings
from poolcheck.core.diagnostics import Span
from poolcheck.engine import FileResult, FoundFile, analyse_source, discover
from poolcheck.engine.files import read_file, refused_result
from poolcheck.facts import ClientApi, ClientConstruction, FileFacts, Scope, ScopeKind, Trait, UrlLiteral
from poolcheck.project.context import build_contexts
from poolcheck.project.roots import RootFinder
from poolcheck.rules import ProjectRuleContext, load
from poolcheck.vocabulary.kinds import CODE_KINDS, language_of

from conftest import write_tree

MODULE = Scope(ScopeKind.MODULE)


def client(line: int, kind: str = "prisma", class_name: str = "PrismaClient", scope: Scope = MODULE,
           memoised: bool = False, api: ClientApi = ClientApi.JS, **options) -> ClientConstruction:
    return ClientConstruction(Span(line, 16, line, 34), kind, class_name, scope, memoised=memoised,
                              options=tuple(options.items()), api=api)


def url(line: int, value: str, origin: str = "env", env_var: str | None = "DATABASE_URL",
        role: str | None = None) -> UrlLiteral:
    return UrlLiteral(Span(line, 14, line, 14 + len(value)), value, origin, role or env_var, env_var)


def trait(name: str, line: int, detail: str = "") -> Trait:
    return Trait(name, Span(line, 1, line, 10), detail)


def analyse_file(found: FoundFile, settings: Settings, enabled: set[str]) -> FileResult:
    """Read, parse and run the file rules on one file (no cache, this process), as a run
    does for each file it finds."""
    refused = refused_result(found)
    if refused is not None:
        return refused
    result, data, _ = read_file(found, settings)
    if data is None:
        return result
    return analyse_source(found, data, settings, enabled)


def run_project_rule(root: Path, code: str, files: dict[str, str] | None = None,
                     facts: dict[str, list] | None = None, **options) -> list[tuple[str, int, str, str]]:
    """(path, line, code, message) for `code` on the tree `files` + hand-built `facts`."""
    write_tree(root, files or {})
    for rel in facts or {}:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).touch()
    settings = Settings(options={k.replace("_", "-"): v for k, v in options.items()})
    found = [f for f in discover([root], settings) if f.path.relative_to(root).as_posix() not in (facts or {})]
    all_facts = [analyse_file(f, settings, set()).facts for f in found]
    for rel, items in (facts or {}).items():
        lang = language_of(CODE_KINDS.get(Path(rel).suffix, "dotenv"))
        all_facts.append(FileFacts(root / rel, lang, list(items)))
    rule = load()[code]
    out = []
    for ctx in build_contexts([f for f in all_facts if f is not None], settings, RootFinder(root, [root])):
        for d in rule.check(ProjectRuleContext(spec=rule.spec, settings=settings, project=ctx)):
            out.append((d.path.relative_to(root).as_posix(), d.span.line, d.code, d.message))
    return sorted(out)
