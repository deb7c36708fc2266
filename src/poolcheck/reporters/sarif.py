"""SARIF 2.1.0: one run, every rule in `tool.driver.rules`, one result per finding.

Regions are 1-based with an exclusive end column, counted in Unicode code points
(`columnKind: unicodeCodePoints`), exactly poolcheck's own spans. Artifact URIs are
relative to `%SRCROOT%`, the root of the git repository poolcheck ran in (the current
folder outside a repository), whichever folder poolcheck ran from, so GitHub code
scanning maps them onto the repository; a file outside that root gets an absolute URI.

Each result carries `partialFingerprints["poolcheck/v1"]`: a hash of the rule, the
file's repository-relative path and the text of the finding's source line (whitespace
collapsed), numbered when several findings share it. It does not change when lines are
added above the finding, so code scanning keeps tracking one alert across commits.
Related locations (the chain: the handler that makes a helper per-request, the setting
a budget is computed from) are `relatedLocations`, each with its message. A finding with
a fix carries it in `fixes` (`artifactChanges` / `replacements`, fixes.serialise).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from functools import lru_cache
from pathlib import Path

from .. import __version__
from ..fixes.serialise import as_sarif
from ..core import safeio
from ..core.links import PROJECT_URL, rule_url
from .positions import clear_cache, file_line
from .escape import path_uri

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"E": "error", "W": "warning", "I": "note"}
_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")


def _section(page: str, title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\s*$(.*?)(?=^## |\Z)", page, re.M | re.S)
    return match.group(1).strip() if match else ""


def _plain(markdown: str) -> str:
    text = _LINK.sub(r"\1", markdown).replace("`", "")
    return " ".join(text.split())


@lru_cache(maxsize=None)
def rule_descriptors() -> tuple[dict, ...]:
    from ..rules import SPECS, explanation

    rules = []
    for spec in SPECS:
        page = explanation(spec.code)
        what = _section(page, "What it does")
        rules.append({
            "id": spec.code,
            "name": spec.name,
            "shortDescription": {"text": spec.summary},
            "fullDescription": {"text": _plain(what) or spec.summary,
                                **({"markdown": what} if what else {})},
            "help": {"text": f"{spec.fix}. See {rule_url(spec.code)}", "markdown": page},
            "helpUri": rule_url(spec.code),
            "defaultConfiguration": {"level": LEVEL[spec.severity.value],
                                     "enabled": spec.default},
            "properties": {"tags": ["prisma", "connection-pool", spec.scope],
                           "scope": spec.scope},
        })
    return tuple(rules)


def _uri(path: Path) -> str:
    return path_uri(path)


def source_root(cwd: Path) -> Path:
    """The repository root above `cwd` (a folder with .git), else `cwd` itself."""
    cwd = cwd.absolute()
    for folder in (cwd, *cwd.parents):
        if safeio.exists(folder / ".git"):
            return folder
    return cwd


def _from_root(path: Path, cwd: Path, root: Path) -> Path | None:
    """`path` (as reported, relative to `cwd`) relative to `root`; None when outside it."""
    full = Path(os.path.normpath(path if path.is_absolute() else cwd.absolute() / path))
    try:
        return full.relative_to(root)
    except ValueError:
        return None


def _location(path: Path, span, cwd: Path, root: Path) -> dict:
    relative = _from_root(path, cwd, root)
    if relative is None:  # outside the repository: a file URI, no base
        full = path if path.is_absolute() else cwd.absolute() / path
        artifact = {"uri": Path(os.path.normpath(full)).as_uri()}
    else:
        artifact = {"uri": _uri(relative), "uriBaseId": "%SRCROOT%"}
    return {"physicalLocation": {
        "artifactLocation": artifact,
        "region": {"startLine": span.line, "startColumn": span.col,
                   "endLine": span.end_line, "endColumn": span.end_col},
    }}


def _fingerprint(d, cwd: Path, root: Path, seen: dict) -> str:
    relative = _from_root(d.path, cwd, root)
    where = relative.as_posix() if relative is not None else d.path.as_posix()
    text = file_line(d.path if d.path.is_absolute() else cwd / d.path, d.span.line) or ""
    base = hashlib.sha256(f"{d.code}\0{where}\0{' '.join(text.split())}".encode(
        "utf-8", "surrogateescape")).hexdigest()[:32]
    seen[base] = seen.get(base, 0) + 1
    return f"{base}:{seen[base]}"


def build(diagnostics, context) -> dict:
    rules = rule_descriptors()
    index = {r["id"]: i for i, r in enumerate(rules)}
    cwd = context.cwd
    root = source_root(cwd)
    clear_cache()
    seen: dict[str, int] = {}
    results = []
    for d in diagnostics:
        result = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": LEVEL[d.severity.value],
            "message": {"text": d.message},
            "locations": [_location(d.path, d.span, cwd, root)],
            "partialFingerprints": {"poolcheck/v1": _fingerprint(d, cwd, root, seen)},
        }
        if d.autofix is not None:
            artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
            result["fixes"] = [as_sarif(d.autofix, artifact)]
        if d.related:
            result["relatedLocations"] = []
            for i, r in enumerate(d.related, start=1):
                loc = _location(r.path, r.span, cwd, root)
                loc["id"] = i
                loc["message"] = {"text": r.message}
                result["relatedLocations"].append(loc)
        results.append(result)
    base = root.as_uri().rstrip("/") + "/"
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "poolcheck",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": PROJECT_URL,
                "rules": [dict(r) for r in rules],
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": base}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def write(diagnostics, out, context) -> None:
    json.dump(build(diagnostics, context), out, indent=2, ensure_ascii=False)
    out.write("\n")
