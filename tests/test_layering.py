"""The layers hold: rules read facts, never front-ends, the disk or the project loader;
front-ends never import rules. Checked on the import graph of src/poolcheck built with
`ast` (module-level, function-level and `if TYPE_CHECKING:` imports alike), by module-name
prefix, so the test reads the same before and after the package moves of issue 13
(`urls` -> `urlmodel`, `diagnostics`/`sources`/... -> `core`).

The checker is tested on synthetic graphs too: it must fail when a rule imports a
front-end, else a green run proves nothing.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "poolcheck"

# Layers by module-name prefix (without "poolcheck."); a module belongs to the layer of its
# longest matching prefix. Today's top-level modules and the packages they move to.
LAYERS = {
    "core": ("core", "diagnostics", "sources", "resources", "links", "safeio", "budget"),
    "urlmodel": ("urlmodel", "urls"),
    "facts": ("facts", "symbols"),   # symbols.py: facts until facts becomes a package
    "vocabulary": ("vocabulary",),
    "rules": ("rules",),
    "frontends": ("frontends",),
}
# What each constrained layer may import from poolcheck (itself included).
MAY_IMPORT = {
    "rules": {"core", "urlmodel", "facts", "vocabulary", "rules"},
}
# What each constrained layer must never import.
MUST_NOT_IMPORT = {
    "frontends": {"rules"},
}
# Layers that may import nothing outside the standard library (and poolcheck).
STDLIB_ONLY = {"rules"}

# Edges that break the layering today, each to be removed by the commit that fixes it (the
# list only shrinks: test_allowlist_is_not_stale fails on an entry that no longer occurs).
# Empty since issue 13: no rule imports a front-end, the project loader or the disk readers.
ALLOWED: set[tuple[str, str]] = set()


def layer_of(module: str) -> str | None:
    name = module.removeprefix(PACKAGE + ".") if module != PACKAGE else ""
    best = None
    for layer, prefixes in LAYERS.items():
        for prefix in prefixes:
            if (name == prefix or name.startswith(prefix + ".")) and (best is None or len(prefix) > best[1]):
                best = (layer, len(prefix))
    return best[0] if best else None


def violations(graph: dict[str, set[str]]) -> list[tuple[str, str, str]]:
    """(importer, imported, why) for every edge of `graph` (module -> imported modules,
    poolcheck's and third-party top-level names alike) that breaks a layer's contract."""
    out = []
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    for importer, imported in sorted(graph.items()):
        layer = layer_of(importer)
        for target in sorted(imported):
            if target == PACKAGE or target.startswith(PACKAGE + "."):
                other = layer_of(target)
                if layer in MAY_IMPORT and other not in MAY_IMPORT[layer]:
                    out.append((importer, target, f"{layer} may import only {sorted(MAY_IMPORT[layer])}"))
                elif other in MUST_NOT_IMPORT.get(layer, ()):
                    out.append((importer, target, f"{layer} must not import {other}"))
            elif layer in STDLIB_ONLY and target.split(".")[0] not in stdlib:
                out.append((importer, target, f"{layer} imports only the standard library"))
    return out


def _module_name(path: Path, src: Path) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_blocks(tree: ast.AST) -> set[int]:
    """ids of the statements under `if TYPE_CHECKING:`."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            inside.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return inside


def import_graph(src: Path = SRC, type_checking: bool = True) -> dict[str, set[str]]:
    """Every module of the package -> the modules it imports, anywhere in its body
    (with `type_checking=False`, not counting `if TYPE_CHECKING:` imports, which never run)."""
    files = {_module_name(p, src): p for p in (src / PACKAGE).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        is_package = path.name == "__init__.py"
        edges: set[str] = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = set() if type_checking else _type_checking_blocks(tree)
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.Import):
                edges.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = module.split(".") if is_package else module.split(".")[:-1]
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    edges.add(sub if sub in files else base)
        graph[module] = edges
    return graph


GRAPH = import_graph()


def test_the_graph_sees_every_kind_of_import():
    # A sanity check of the builder on modules known to import in each way.
    assert "poolcheck.facts" in GRAPH["poolcheck.rules.pc1_lifecycle.pc101_client_per_request"]
    assert any(layer_of(t) == "rules" for t in GRAPH["poolcheck.rules"])
    assert len([m for m in GRAPH if layer_of(m) == "rules"]) > 30


def test_rules_and_frontends_keep_to_their_layers():
    found = [v for v in violations(GRAPH) if (v[0], v[1]) not in ALLOWED]
    assert found == []


def test_allowlist_is_not_stale():
    edges = {(v[0], v[1]) for v in violations(GRAPH)}
    assert sorted(ALLOWED - edges) == [], "fixed: delete these from ALLOWED"


@pytest.mark.parametrize("graph,expected", [
    ({"poolcheck.rules.pc1_lifecycle.pc101_client_per_request": {"poolcheck.frontends.typescript"}},
     [("poolcheck.rules.pc1_lifecycle.pc101_client_per_request", "poolcheck.frontends.typescript")]),
    ({"poolcheck.rules.helpers.urls": {"poolcheck.engine", "poolcheck.project.context"}},
     [("poolcheck.rules.helpers.urls", "poolcheck.engine"),
      ("poolcheck.rules.helpers.urls", "poolcheck.project.context")]),
    ({"poolcheck.frontends.typescript.program": {"poolcheck.rules.registry"}},
     [("poolcheck.frontends.typescript.program", "poolcheck.rules.registry")]),
    ({"poolcheck.rules.pc3_urls.pc301_x": {"yaml", "re", "poolcheck.core.diagnostics"}},
     [("poolcheck.rules.pc3_urls.pc301_x", "yaml")]),
    # the allowed layers, in both layouts
    ({"poolcheck.rules.pc3_urls.pc301_x": {"poolcheck.urls", "poolcheck.urlmodel.model", "poolcheck.facts",
                                           "poolcheck.diagnostics", "poolcheck.core.sources",
                                           "poolcheck.vocabulary.clients", "poolcheck.rules.spec"},
      "poolcheck.frontends.dotenv": {"poolcheck.facts", "lark"}}, []),
], ids=["rule-imports-frontend", "rule-imports-engine-and-project", "frontend-imports-rule",
        "rule-imports-third-party", "allowed"])
def test_checker_catches_violations(graph, expected):
    assert [(a, b) for a, b, _ in violations(graph)] == expected


def test_relative_imports_resolve_to_module_names(tmp_path):
    pkg = tmp_path / PACKAGE
    (pkg / "rules" / "pc1_x").mkdir(parents=True)
    (pkg / "frontends").mkdir()
    for init in ("", "rules", "rules/pc1_x", "frontends"):
        (pkg / init / "__init__.py").write_text("")
    (pkg / "frontends" / "typescript.py").write_text("")
    (pkg / "rules" / "pc1_x" / "pc101_y.py").write_text(
        "from ...frontends import typescript\n"
        "def f():\n    from ... import frontends\n")
    (pkg / "frontends" / "dotenv.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..rules.pc1_x import pc101_y\n")
    assert "poolcheck.rules.pc1_x.pc101_y" in import_graph(tmp_path)["poolcheck.frontends.dotenv"]
    assert "poolcheck.rules.pc1_x.pc101_y" not in import_graph(tmp_path, type_checking=False)["poolcheck.frontends.dotenv"]
    graph = import_graph(tmp_path)
    assert graph["poolcheck.rules.pc1_x.pc101_y"] == {"poolcheck.frontends.typescript", "poolcheck.frontends"}
    assert [v[:2] for v in violations(graph)] == [
        ("poolcheck.frontends.dotenv", "poolcheck.rules.pc1_x.pc101_y"),
        ("poolcheck.rules.pc1_x.pc101_y", "poolcheck.frontends"),
        ("poolcheck.rules.pc1_x.pc101_y", "poolcheck.frontends.typescript")]


# Import cycles known today, each a set of modules. Function-level imports count (they turn
# into import-time cycles when someone moves a line); `if TYPE_CHECKING:` ones never run
# and do not (`urlmodel.poolers` types against `urlmodel.model`, which imports it).
# Owned by the front-end split of issue 13 (which deletes the entry); a cycle may only
# shrink into one of these. (config -> rules.registry is no cycle: the registry reaches the
# rule modules by importlib, and rules type against facts.SettingsView/ProjectView.)
KNOWN_CYCLES: list[set[str]] = [
    # poolers annotates detect_pooler's argument with model.ConnectionUrl under TYPE_CHECKING
    {"poolcheck.urlmodel.model", "poolcheck.urlmodel.poolers"},
]


def cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    edges = {m: sorted(t for t in targets if t in graph) for m, targets in graph.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[set[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            if i < len(edges[node]):
                work.append((node, i + 1))
                nxt = edges[node][i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    out.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return out


def test_no_new_import_cycles():
    new = [sorted(c) for c in cycles(import_graph(type_checking=False)) if not any(c <= known for known in KNOWN_CYCLES)]
    assert new == []


def test_cycle_finder_finds_a_cycle():
    graph = {"poolcheck.rules.a": {"poolcheck.frontends.b"}, "poolcheck.frontends.b": {"poolcheck.rules.a"},
             "poolcheck.c": {"poolcheck.rules.a"}}
    assert cycles(graph) == [{"poolcheck.rules.a", "poolcheck.frontends.b"}]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
