"""Whether the client a transaction-body helper queries is the transaction's own (PC202:
the deadlock, an error) or another client (a second connection, a warning), and how
PC202 names it. Used by `derive`."""

from __future__ import annotations


def same_client_first(witnesses, tx_client, receiver):
    """The witness on the transaction's own client if there is one (the deadlock), else
    the first: a helper reading the replica and writing the primary is a second
    connection from the transaction's pool."""
    for w in witnesses:
        if same_client(w, tx_client, receiver):
            return w
    return witnesses[0]


def same_client(w, tx_client, receiver) -> bool | None:
    """Whether a witness's client is the transaction's: by the bound client binding when
    both are known, else by the name as written when it is the same; None when neither can
    tell (PC202 then reports the shared client, the likelier and graver case)."""
    if w.client_id is not None and tx_client is not None and tx_client.kind == "client-query":
        return w.client_id == (tx_client.path, tx_client.name)
    if w.client and receiver:
        # `_prisma` of `import { prisma as _prisma }` inside `ctx.prisma.$transaction`: the
        # name the client's module exports it by counts as well as the local alias
        if _last(receiver) in {_last(w.client), *(w.client_id[1:] if w.client_id else ())}:
            return True
        # Different names say nothing: `this.db: PrismaClient` (typed by its class only), a
        # `client: Prisma = Depends(get_db)` parameter that get_db fills with the module's
        # `db`. Another client is known only by the bound clients (above).
    return None


def client_named(w, same, receiver) -> str | None:
    """The client a witness queries, as PC202 names it: with its class when another client
    is written as the transaction's is (`this.prisma: PrismaService` inside a
    `PrismaTransactionService`'s `this.prisma.$transaction`)."""
    if same is False and w.client and receiver and _last(w.client) == _last(receiver) and w.client_id:
        return f"{w.client}: {_last(w.client_id[1])}"
    return w.client


def _last(name: str) -> str:
    return name.rsplit(".", 1)[-1]
