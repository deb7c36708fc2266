"""The byte prefilter's needles, derived from the vocabulary (tests/test_prefilter_vocabulary.py
shows the derived set): a file of a listed kind is parsed only when one of its needles
occurs in it. Every needle comes from a table a front-end recognises code with, so
adding a client class, a query method or a URL parameter there also lets its files in.
Kinds not listed are always parsed (schema, env and deployment files are small and
always relevant).
"""

from __future__ import annotations

from . import clients as c
from .frameworks_js import NEST_MODULE_DECORATOR
from .kinds import FILE_KINDS

URL_SEPARATOR = "://"
# Words of environment variable names that hold a connection URL, as the prefilter looks for
# them (urlmodel.names has the full word list; its short words, DB or PG, occur in too many
# files to be worth a needle): `process.env.DATABASE_URL`, `os.environ["PG_DSN"]`.
ENV_URL_NEEDLES = ("_URL", "_URI", "DATABASE", "DSN")
# YAML under k8s/, deploy/, infra/, ...: parsed only when it looks like a manifest.
K8S_NEEDLES = ("apiVersion",)


def common_word(names) -> str:
    """The longest substring every name contains (`risma` for prisma, Prisma, PrismaClient)."""
    names = sorted(set(names), key=len)
    first = names[0]
    for size in range(len(first), 0, -1):
        for start in range(len(first) - size + 1):
            word = first[start:start + size]
            if all(word in n for n in names[1:]):
                return word
    return ""


def minimal(needles) -> tuple[bytes, ...]:
    """Needles without the ones another needle already finds (`$queryRawUnsafe` contains
    `$queryRaw`), sorted: the same files pass, with fewer searches."""
    unique = sorted(set(needles))
    kept = [n for n in unique if not any(o != n and o in n for o in unique)]
    return tuple(n.encode() for n in kept)


PRISMA_WORD = common_word((*c.JS_CLIENT_MODULES, c.JS_CLIENT_CLASS, c.JS_GENERATED_CLIENT_WORD,
                           c.JS_ADAPTER_MODULE_PREFIX, *c.JS_ADAPTER_CLASSES, *c.PY_CLIENT_QNAMES))


def js_needles() -> tuple[bytes, ...]:
    """A Prisma name, a pool class, a URL, an env read of a URL, and the calls only a Prisma
    client makes (lifecycle, transactions, raw and Prisma-only queries): a client imported
    from the project's own module (`import { db } from "./db"`) carries no "prisma" token;
    and NestJS's `@Module(`, whose providers may name a client class of any name."""
    return minimal((PRISMA_WORD, *c.JS_POOL_CLASSES, URL_SEPARATOR, *ENV_URL_NEEDLES,
                    c.JS_TRANSACTION, *c.JS_LIFECYCLE, *c.JS_RAW_METHODS,
                    *c.JS_DISTINCT_QUERY_METHODS, f"@{NEST_MODULE_DECORATOR}("))


def py_needles() -> tuple[bytes, ...]:
    """prisma-client-py: a Prisma name, a URL, an env read of a URL, the calls only a client
    makes (`connect()`, `.tx(`, `is_connected`, `register(`), a URL query appended in code,
    and a fan-out over a collection (`gather(*`: PC205's, with a client imported from the
    project's own module, which carries no "prisma" token)."""
    return minimal((PRISMA_WORD, URL_SEPARATOR, *ENV_URL_NEEDLES,
                    *(f"{m}()" for m in c.PY_LIFECYCLE), f".{c.PY_TRANSACTION}(", f"{c.PY_FAN_OUT}(*",
                    c.PY_CONNECTED_CHECK, f"{c.PY_REGISTER}(",
                    *(f"?{key}" for key in c.URL_QUERY_KEYS)))


def build() -> dict[str, tuple[bytes, ...]]:
    by_frontend = {"typescript": js_needles(), "typescript.embedded": js_needles(), "python": py_needles()}
    table = {k.kind: by_frontend[k.frontend] for k in FILE_KINDS if k.frontend in by_frontend}
    table["k8s"] = minimal(K8S_NEEDLES)
    return table


PREFILTER: dict[str, tuple[bytes, ...]] = build()
