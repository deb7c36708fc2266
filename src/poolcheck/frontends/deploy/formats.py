"""Reading deployment files: YAML through poolcheck.yamlread (line numbers kept, alias
bombs capped), TOML with tomllib, JSON (and JSONC) with the standard library, and the small
value readers every format shares (integers, CPU quantities, spans of a needle).
"""

from __future__ import annotations

import json
import re
from typing import Any

from ...core.diagnostics import Span
from ...core.jsonc import strip_jsonc
from ...core.sources import Source, split_lines
from ...core.toml import toml

FIRST = Span(1, 1, 1, 2)


class Problem(Exception):
    def __init__(self, message: str, span: Span = FIRST):
        super().__init__(message)
        self.message, self.span = message, span


def read_yaml(source: Source) -> list[Any]:
    from ...yamlread import YamlError, load_all

    try:
        return load_all(source.text)
    except YamlError as exc:
        raise Problem(str(exc), exc.span) from None


def read_toml(source: Source) -> dict:
    tomllib = toml()
    try:
        return tomllib.loads(source.text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+), column (\d+)", str(exc))
        line, col = (int(m[1]), int(m[2])) if m else (1, 1)
        raise Problem(f"invalid TOML: {exc}", Span(line, col, line, col + 1)) from None


def read_json(source: Source, jsonc: bool = False) -> Any:
    text = strip_jsonc(source.text) if jsonc else source.text
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise Problem(f"invalid JSON: {exc.msg}", Span(exc.lineno, exc.colno, exc.lineno, exc.colno + 1)) from None
    except RecursionError:
        raise Problem("JSON nested too deep to analyse") from None


def locate(source: Source, within: Span, needle: str) -> Span:
    """The span of `needle` inside `within` (first occurrence), else `within` itself."""
    lines = split_lines(source.text)
    for number in range(within.line, min(within.end_line, len(lines)) + 1):
        text = lines[number - 1]
        start = within.col - 1 if number == within.line else 0
        at = text.find(needle, start)
        if at != -1:
            return Span(number, at + 1, number, at + 1 + len(needle))
    return within


def as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def as_cpus(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    try:
        return float(text[:-1]) / 1000 if text.endswith("m") else float(text)
    except ValueError:
        return None
