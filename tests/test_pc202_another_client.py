"""PC202's severity by which client a transaction body's query reaches (issue 14 recall):
the transaction's own client (a second connection from its pool: E) or another one (its own
pool: W, "another client"). The client a transaction runs on is the one the linker binds
its `$transaction` receiver to (an injected client class, a class's static client, what a
project wrapper opens its `$transaction` on), not the name it is written by: two services'
`this.prisma` may be two clients. The cases are tests/cases/typescript/*: a marker whose
note says "another client" must be a warning (W), every other PC202 an error (E)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import check_tree

CASES = Path(__file__).parent / "cases" / "typescript"


def _expected(root: Path) -> dict:
    out = {}
    for path in sorted(root.rglob("*.ts")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "// PC" in line and "PC202" in line.split("//", 1)[1]:
                note = line.split(" -- ", 1)[1] if " -- " in line else ""
                out[(path.relative_to(root).as_posix(), number)] = \
                    "W" if "another client" in note else "E"
    return out


@pytest.mark.parametrize("case", ["nest-extended-client", "static-client-singleton", "factory-service-module-level"])
def test_pc202_is_a_warning_exactly_on_another_client(case, tmp_path):
    root = tmp_path / case
    shutil.copytree(CASES / case, root)
    got = {(f.path, f.line): f.severity for f in check_tree(root, select=["PC202"])}
    expected = _expected(root)
    assert {"W", "E"} <= set(expected.values())
    assert got == expected


def test_another_client_written_like_the_transactions_is_named_by_its_class(tmp_path):
    root = tmp_path / "case"
    shutil.copytree(CASES / "nest-extended-client", root)
    [finding] = [f for f in check_tree(root, select=["PC202"]) if f.path == "src/orders/refund.service.ts"]
    assert "another client (`this.prisma: ReportingPrismaService`)" in finding.message


def test_a_wrappers_transaction_names_no_receiver(tmp_path):
    root = tmp_path / "case"
    shutil.copytree(CASES / "static-client-singleton", root)
    [finding] = [f for f in check_tree(root, select=["PC202"]) if f.path == "src/usecase/other.usecase.ts"]
    assert finding.message.startswith("`repo.lazyCount` inside an interactive transaction queries another client")


def test_a_receiver_typed_only_by_the_client_class_is_not_another_client(tmp_path):
    """`constructor(private readonly db: PrismaClient)` and `this.db.$transaction`: the type
    says it is a client, not which one; the helper's `prisma` is not "another client" because
    its name differs from `db` (a warning), it is the shared client (an error)."""
    root = tmp_path / "case"
    shutil.copytree(CASES / "typed-client-services", root)
    [finding] = check_tree(root, select=["PC202"])
    assert finding.severity == "E"
    assert "queries the shared client `prisma`" in finding.message


def test_a_factory_services_query_names_the_client_the_factory_is_handed(tmp_path):
    root = tmp_path / "case"
    shutil.copytree(CASES / "factory-service-closure", root)
    found = check_tree(root, select=["PC202"])
    assert len(found) == 4
    for f in found:   # `createNoteService(prismaDb)`, not the factory's parameter `client`
        assert "queries the shared client `prismaDb` further down" in f.message, f.message


def test_a_dependency_parameter_of_the_client_class_is_not_another_client(tmp_path):
    """FastAPI `client: Prisma = Depends(get_db)` where get_db returns the module's `db`,
    then `async with client.tx()` and a helper querying `db`: names that differ say
    nothing, and the query is the outer-client error (audit 22's probe)."""
    root = tmp_path / "case"
    shutil.copytree(CASES.parent / "python" / "depends-client-transaction", root)
    [finding] = check_tree(root, select=["PC202"])
    assert finding.severity == "E"
    assert "queries the shared client `db`" in finding.message
