"""A workspace package's `exports` field, as Node and bundlers read it for the TS/JS
resolver (resolve_ts): which file a specifier's subpath names."""

from __future__ import annotations

CONDITIONS = ("source", "import", "module", "require", "node", "default", "types")


def export_target(exports, key: str) -> str | None:
    """The target a package.json `exports` value gives the subpath `key` ("." or
    "./sub"): a string, a list (first hit), subpath keys, `./*` patterns (the longest
    prefix), conditions (CONDITIONS first, then in the order written)."""
    if isinstance(exports, str):
        return exports if key == "." else None
    if isinstance(exports, list):
        for e in exports:
            hit = export_target(e, key)
            if hit is not None:
                return hit
        return None
    if not isinstance(exports, dict):
        return None
    if not any(k.startswith(".") for k in exports):
        return _condition(exports) if key == "." else None
    if key in exports:
        return _condition(exports[key])
    best = None
    for pattern, value in exports.items():
        if "*" not in pattern:
            continue
        prefix, _, suffix = pattern.partition("*")
        if key.startswith(prefix) and key.endswith(suffix) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, suffix, value)
    if best is not None:
        target = _condition(best[2])
        star = key[len(best[0]):len(key) - len(best[1]) if best[1] else None]
        return target.replace("*", star) if target is not None else None
    return None


def _condition(value) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        for v in value:
            hit = _condition(v)
            if hit is not None:
                return hit
        return None
    if isinstance(value, dict):
        for c in CONDITIONS:
            if c in value:
                hit = _condition(value[c])
                if hit is not None:
                    return hit
        for v in value.values():
            hit = _condition(v)
            if hit is not None:
                return hit
    return None
