"""The front-end packages stay split by pass: small modules, and no import cycle among
a package's passes (a cycle would mean two passes that are really one)."""

import ast
from pathlib import Path

import pytest

import poolcheck.frontends

FRONTENDS = Path(poolcheck.frontends.__file__).parent
PACKAGES = ("python", "typescript")


def _internal_imports(package: Path) -> dict[str, set[str]]:
    graph = {}
    for path in sorted(package.glob("*.py")):
        deps = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:
                    deps.add(node.module.split(".")[0])
                else:
                    deps.update(a.name for a in node.names)
        graph[path.stem] = deps - {path.stem}
    return graph


@pytest.mark.parametrize("name", PACKAGES)
def test_no_module_of_a_frontend_package_exceeds_400_lines(name):
    long = {p.name: n for p in (FRONTENDS / name).glob("*.py")
            if (n := len(p.read_text().splitlines())) > 400}
    assert long == {}


@pytest.mark.parametrize("name", PACKAGES)
def test_the_passes_of_a_frontend_package_import_each_other_without_a_cycle(name):
    graph = _internal_imports(FRONTENDS / name)
    graph.pop("__init__", None)  # the package imports its analyser, never the other way
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, f"import cycle: {' -> '.join(path + (module,))}"
        if module in done or module not in graph:
            return
        for dep in sorted(graph[module]):
            visit(dep, path + (module,))
        done.add(module)

    for module in sorted(graph):
        visit(module, ())


def test_the_cycle_check_sees_a_cycle(tmp_path):
    (tmp_path / "a.py").write_text("from .b import x\n")
    (tmp_path / "b.py").write_text("from . import a\n")
    assert _internal_imports(tmp_path) == {"a": {"b"}, "b": {"a"}}
