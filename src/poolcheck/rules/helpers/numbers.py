"""Reading counts from config values, and writing them in messages."""

from __future__ import annotations


def as_int(value) -> int | None:
    """An int from a literal option or setting (10, 10.0, "10"); None for anything else,
    booleans included."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def seconds(ms: float) -> str:
    """`20 s` for 20000 ms."""
    return f"{ms / 1000:g} s"
