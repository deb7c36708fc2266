"""YAML with line numbers, safely: the one YAML reader poolcheck uses.

PyYAML's `compose()` gives nodes that carry start/end marks; we turn them into plain
Python values (`YMap`/`YList` remember where each key and item sits) without ever
running a constructor, so tags such as CloudFormation's `!Ref`/`!Sub` need no setup.

Hostile input: an alias is shared, not copied, by the composer, but converting it
copies it. A "billion laughs" document therefore stops at `MAX_NODES` converted nodes
(`YamlTooComplex`, reported as PC900), and a recursive alias converts to None.
"""

from __future__ import annotations

from typing import Any

from .core.diagnostics import Span

MAX_NODES = 200_000
MAX_DEPTH = 200


class YamlError(Exception):
    def __init__(self, message: str, span: Span):
        super().__init__(message)
        self.span = span


class YamlTooComplex(YamlError):
    pass


class YMap(dict):
    """A mapping that remembers the span of each key and each value."""

    span: Span
    key_spans: dict
    value_spans: dict

    def key_span(self, key: str) -> Span:
        return self.key_spans.get(key, self.span)

    def value_span(self, key: str) -> Span:
        return self.value_spans.get(key, self.key_span(key))


class YList(list):
    span: Span
    item_spans: list

    def item_span(self, index: int) -> Span:
        return self.item_spans[index] if 0 <= index < len(self.item_spans) else self.span


def node_span(node) -> Span:
    s, e = node.start_mark, node.end_mark
    return Span(s.line + 1, s.column + 1, e.line + 1, max(e.column + 1, s.column + 2) if e.line == s.line else e.column + 1)


def _scalar(node) -> Any:
    tag, value = node.tag, node.value
    if node.style is not None:  # quoted or block scalars are strings
        return value
    if tag.endswith(":int"):
        text = value.replace("_", "")
        try:
            return int(text)
        except ValueError:
            try:
                return int(text, 0)
            except ValueError:
                return value
    if tag.endswith(":float"):
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    if tag.endswith(":bool"):
        return value.lower() in ("true", "yes", "on", "y")
    if tag.endswith(":null"):
        return None
    return value


def _loader():
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_all(text: str) -> list[Any]:
    """Every document of `text` as YMap/YList/scalars. Raises YamlError on bad input."""
    import yaml

    try:
        nodes = list(yaml.compose_all(text, Loader=_loader()))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlError(f"invalid YAML: {problem}", Span(line, col, line, col + 1)) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {exc}", Span(1, 1, 1, 2)) from None
    converter = _Converter()
    return [converter.convert(n, 0) for n in nodes if n is not None]


class _Converter:
    def __init__(self):
        self.count = 0
        self.active: set[int] = set()

    def convert(self, node, depth: int) -> Any:
        import yaml

        self.count += 1
        if self.count > MAX_NODES:
            raise YamlTooComplex(
                f"YAML expands to more than {MAX_NODES:,} nodes (alias expansion?); not analysed",
                node_span(node))
        if depth > MAX_DEPTH:
            raise YamlTooComplex(f"YAML nested deeper than {MAX_DEPTH} levels; not analysed",
                                 node_span(node))
        if id(node) in self.active:
            return None  # a recursive alias
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node)
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                out = YList()
                out.span = node_span(node)
                out.item_spans = []
                for item in node.value:
                    out.append(self.convert(item, depth + 1))
                    out.item_spans.append(node_span(item))
                return out
            out = YMap()
            out.span = node_span(node)
            out.key_spans, out.value_spans = {}, {}
            merges = []
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    merges.append(value_node)
                    continue
                key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
                key = str(key) if key is not None else ""
                out[key] = self.convert(value_node, depth + 1)
                out.key_spans[key] = node_span(key_node)
                out.value_spans[key] = node_span(value_node)
            for merge in merges:  # `<<: *base` or `<<: [*a, *b]`: existing keys win
                sources = merge.value if isinstance(merge, yaml.SequenceNode) else [merge]
                for src in sources:
                    value = self.convert(src, depth + 1)
                    if isinstance(value, YMap):
                        for k, v in value.items():
                            if k not in out:
                                out[k] = v
                                out.key_spans[k] = value.key_span(k)
                                out.value_spans[k] = value.value_span(k)
            return out
        finally:
            self.active.discard(id(node))
