"""Package manifests: package.json, pyproject.toml (PEP 621, dependency groups, Poetry)
and requirements*.txt, as the dependency list (and npm scripts) of a PackageInfo."""

from __future__ import annotations

import re

from ...core.sources import Source, split_lines
from ...facts import FileFacts, PackageInfo
from .formats import FIRST, read_json, read_toml

_PEP508 = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*)$")


def package_json(source: Source, facts: FileFacts) -> None:
    data = read_json(source)
    if not isinstance(data, dict):
        return
    deps: dict[str, str] = {}
    for section in ("peerDependencies", "optionalDependencies", "devDependencies", "dependencies"):
        value = data.get(section)
        if isinstance(value, dict):
            deps.update({str(k): str(v) for k, v in value.items()})
    scripts = data.get("scripts") if isinstance(data.get("scripts"), dict) else {}
    facts.add(PackageInfo(FIRST, tuple(sorted(deps.items())),
                          tuple(sorted((str(k), str(v)) for k, v in scripts.items()))))
    facts.models["package"] = data


def _pep508(spec: str) -> tuple[str, str] | None:
    m = _PEP508.match(spec.split(";")[0])
    if not m:
        return None
    return m[1].lower().replace("_", "-"), m[3].strip()


def pyproject(source: Source, facts: FileFacts) -> None:
    data = read_toml(source)
    deps: dict[str, str] = {}
    project = data.get("project") if isinstance(data.get("project"), dict) else {}
    specs = list(project.get("dependencies") or [])
    for extra in (project.get("optional-dependencies") or {}).values():
        specs.extend(extra if isinstance(extra, list) else [])
    for group in (data.get("dependency-groups") or {}).values():
        specs.extend(g for g in (group if isinstance(group, list) else []) if isinstance(g, str))
    for spec in specs:
        parsed = _pep508(str(spec))
        if parsed:
            deps[parsed[0]] = parsed[1]
    poetry = ((data.get("tool") or {}).get("poetry") or {}) if isinstance(data.get("tool"), dict) else {}
    for section in ("dependencies", "dev-dependencies"):
        value = poetry.get(section) if isinstance(poetry, dict) else None
        if isinstance(value, dict):
            deps.update({str(k).lower(): str(v) for k, v in value.items()})
    facts.add(PackageInfo(FIRST, tuple(sorted(deps.items()))))


def requirements(source: Source, facts: FileFacts) -> None:
    deps = {}
    for line in split_lines(source.text):
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        parsed = _pep508(line)
        if parsed:
            deps[parsed[0]] = parsed[1]
    facts.add(PackageInfo(FIRST, tuple(sorted(deps.items()))))
