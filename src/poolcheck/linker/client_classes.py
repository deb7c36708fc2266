"""The project's own Prisma client classes, for the binder (`bind.Binder.member`): a class
that extends the client (NestJS's `PrismaService extends PrismaClient`, Python's `class
Database(Prisma)`), whose `this.prisma.user.update(...)` is a query on a client."""

from __future__ import annotations

from ..vocabulary.clients import JS_QUERY_METHODS, JS_RAW_METHODS, PY_CLIENT_QNAMES, PY_QUERY_ACTIONS, PY_RAW_QUERIES


def extends_client(binder, cls, depth: int = 0) -> bool:
    """A class of the project that extends the Prisma client (NestJS's `PrismaService
    extends PrismaClient`, Python's `class Database(Prisma)`), at any depth."""
    if depth > 8:
        return False
    info = binder._table(cls.path)["cls"].get(cls.name)
    for base in info.bases if info is not None else ():
        if base.call is not None:   # `extends extendedClient()`: what the project's function returns
            if _builds_client_class(binder, cls.path, base):
                return True
            continue
        inner = binder.callee_class(cls.path, base)
        if inner is not None:
            if extends_client(binder, inner, depth + 1):
                return True
            continue
        ext = binder.local(cls.path, base.target) if base.kind in ("import", "name") and not base.path else None
        if ext is not None and ext.kind == "external" and client_class_name(ext.name):
            return True
    return False


def _builds_client_class(binder, path: str, base) -> bool:
    """`extendedClient` of `class PrismaService extends extendedClient()`: a function of
    the project that returns a client class (`Effects.returns_client_class`)."""
    target = binder.member(binder.local(path, base.target), base.path) \
        if base.kind in ("import", "name") else None
    if target is None or target.kind != "function":
        return False
    fn = binder.modules[target.path].function(target.name)
    return fn is not None and fn.effects.returns_client_class


def model_query(rest: tuple[str, ...]) -> bool:
    """`("user", "update")`, `("$queryRaw",)`: what is left of a member path after a client."""
    return len(rest) == 2 and (rest[1] in JS_QUERY_METHODS or rest[1] in PY_QUERY_ACTIONS) \
        or len(rest) == 1 and (rest[0] in JS_RAW_METHODS or rest[0] in PY_RAW_QUERIES)


def client_class_name(name: str) -> bool:
    """A package's Prisma client class, as `local` names it: `@prisma/client.PrismaClient`,
    `../generated/prisma.PrismaClient`, `prisma.Prisma`."""
    spec, _, cls = name.rpartition(".")
    return cls == "PrismaClient" and "prisma" in spec.lower() or name in PY_CLIENT_QNAMES


def wraps_client(binder, cls) -> bool:
    """A class of the project that builds a Prisma client in its constructor and hands out
    its models (qash's `PrismaService` with `this.client = new PrismaClient()` and
    `get bill() { return this.client.bill }`): `this.prisma.bill.findFirst()` on an instance
    is a query on that client, as on a class extending it."""
    info = binder._table(cls.path)["cls"].get(cls.name)
    init = dict(info.methods).get("__init__") if info is not None else None
    fn = binder.modules[cls.path].function(init) if init is not None else None
    return fn is not None and bool(fn.effects.constructs)

