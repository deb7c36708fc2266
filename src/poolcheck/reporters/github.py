"""GitHub Actions workflow commands: annotations on the pull request's diff.

`::error file=app/route.ts,line=4,col=18,endLine=4,endColumn=36,title=PC101::message`.
Errors become `error`, warnings `warning`, info `notice`.
"""

from __future__ import annotations

from .escape import plain_path

LEVEL = {"E": "error", "W": "warning", "I": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def format_line(d) -> str:
    s = d.span
    props = [f"file={_property(plain_path(d.path))}", f"line={s.line}", f"col={s.col}",
             f"endLine={s.end_line}"]
    if s.end_line == s.line:
        # GitHub accepts endColumn only together with a single-line range.
        props.append(f"endColumn={s.end_col}")
    props.append(f"title={_property(d.code)}")
    return f"::{LEVEL[d.severity.value]} {','.join(props)}::{_data(f'{d.name}: {d.message}')}"


def write(diagnostics, out, context) -> None:
    for d in diagnostics:
        out.write(format_line(d) + "\n")
