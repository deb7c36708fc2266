"""The hash behind every cache key and content digest: BLAKE2b.

From CPython's built-in `_blake2` module when it is there, which is what `hashlib.blake2b`
is: `import hashlib` also loads OpenSSL's `_hashlib` (3 ms, 1 % of a one-file run served
from the cache) for hashes poolcheck's caches never use.
"""

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter without the built-in module
    from hashlib import blake2b

__all__ = ["blake2b"]
