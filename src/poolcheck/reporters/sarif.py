"""SARIF 2.1.0: one run, every rule in `tool.driver.rules`, one result per finding.

Regions are 1-based with an exclusive end column, counted in Unicode code points
(`columnKind: unicodeCodePoints`), exactly poolcheck's own spans. Artifact URIs are
relative to `%SRCROOT%`, the directory poolcheck ran in, so GitHub code scanning maps
them onto the repository.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from .. import __version__
from ..links import PROJECT_URL, rule_url
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


def _location(path: Path, span) -> dict:
    if path.is_absolute():  # outside the run's folder: a file URI, no base
        artifact = {"uri": path.as_uri()}
    else:
        artifact = {"uri": _uri(path), "uriBaseId": "%SRCROOT%"}
    return {"physicalLocation": {
        "artifactLocation": artifact,
        "region": {"startLine": span.line, "startColumn": span.col,
                   "endLine": span.end_line, "endColumn": span.end_col},
    }}


def build(diagnostics, context) -> dict:
    rules = rule_descriptors()
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = []
    for d in diagnostics:
        result = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": LEVEL[d.severity.value],
            "message": {"text": d.message},
            "locations": [_location(d.path, d.span)],
        }
        if d.related:
            result["relatedLocations"] = []
            for i, r in enumerate(d.related, start=1):
                loc = _location(r.path, r.span)
                loc["id"] = i
                loc["message"] = {"text": r.message}
                result["relatedLocations"].append(loc)
        results.append(result)
    root = context.cwd.absolute().as_uri().rstrip("/") + "/"
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
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def write(diagnostics, out, context) -> None:
    json.dump(build(diagnostics, context), out, indent=2, ensure_ascii=False)
    out.write("\n")
