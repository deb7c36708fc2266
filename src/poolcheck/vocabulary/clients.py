"""Client libraries as data: what each Prisma client API does that rules must say or
judge, keyed by `facts.ClientApi` (a str enum, so its value is the key here too).

Rules ask this table, never which language a file is in: a new client library is a new
row, not a new `if` in every rule.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ApiTraits:
    # `$connect()` / `$disconnect()` as written in a message: "$" in Prisma Client JS,
    # nothing in prisma-client-py (`db.connect()`).
    lifecycle_prefix: str
    # The client connects on its first query: an explicit connect per request only adds
    # latency (PC105 info). Without it, concurrent connects race to start the engine.
    connect_is_lazy: bool
    # A dev server re-evaluates the module on every change (Next, Vite, Nuxt...), so a
    # module-level client leaks a pool per reload (PC102). Python dev servers restart the
    # whole process instead.
    module_reloaded_by_dev_server: bool
    # The spelling of the transaction's maxWait option (PC203).
    max_wait_key: str
    # What constructing the client once per request costs (PC101).
    per_request_cost: str

    def written(self, method: str) -> str:
        """`$disconnect()` / `disconnect()`."""
        return f"{self.lifecycle_prefix}{method}()"


CLIENT_APIS: dict[str, ApiTraits] = {
    # @prisma/client, its driver adapters and the pools handed to them
    "prisma-client-js": ApiTraits(
        lifecycle_prefix="$", connect_is_lazy=True, module_reloaded_by_dev_server=True,
        max_wait_key="maxWait", per_request_cost="every request opens a new pool"),
    # prisma-client-py (`from prisma import Prisma`)
    "prisma-client-py": ApiTraits(
        lifecycle_prefix="", connect_is_lazy=False, module_reloaded_by_dev_server=False,
        max_wait_key="max_wait", per_request_cost="every request starts a query engine with its own pool"),
}
