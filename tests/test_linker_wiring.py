"""Hand-wired constructor injection (issue 14, dsad233/node_post_count): `this.repo.create()`
of a class whose constructor stores its argument is the method of the class module-level
code constructs it with, in another module; the markers of the whole case are
tests/cases/typescript/hand-wired-injection (with its look-alikes)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import check_tree, run_cli

CASE = Path(__file__).parent / "cases" / "typescript" / "hand-wired-injection"


def _copy(tmp_path) -> Path:
    root = tmp_path / "case"
    shutil.copytree(CASE, root)
    return root


def test_the_disconnect_behind_injected_services_has_the_chain_from_the_route(tmp_path):
    root = _copy(tmp_path)
    data = json.loads(run_cli("--no-cache", "--format", "json", "--select", "PC104", ".", cwd=root).stdout)
    [finding] = data["findings"] if isinstance(data, dict) else data
    assert (finding["path"], finding["line"]) == ("src/common/transaction.js", 7)
    related = [(r["path"], r["line"]) for r in finding["related"]]
    assert related[:4] == [("src/auth/auth.router.js", 13), ("src/auth/auth.controller.js", 6),
                           ("src/auth/auth.service.js", 6), ("src/auth/auth.repository.js", 7)]
    assert ("src/posts/posts.repository.js", 7) in related   # the nested `new` wiring
    assert ("src/orders/orders.ts", 8) in related   # a parameter property typed with an interface


def _silent_pc104(root: Path) -> list:
    return [(f.path, f.line) for f in check_tree(root, select=["PC104"])]


def _only_signup(root: Path) -> None:
    """The posts and orders routes no longer reach the wrapper: only POST /signup may."""
    for rel, call in (("src/posts/posts.router.js", "await posts.publish(req.body.title);"),
                      ("src/orders/orders.router.ts", "await service.place(req.body.id);")):
        path = root / rel
        path.write_text(path.read_text().replace(call, ""))


def test_a_construction_with_anything_but_an_instance_binds_nothing(tmp_path):
    root = _copy(tmp_path)
    _only_signup(root)
    assert _silent_pc104(root) == [("src/common/transaction.js", 7)]   # the wiring still found
    router = root / "src" / "auth" / "auth.router.js"
    # the repository comes from a call of a function that returns an instance: followed
    text = router.read_text().replace("new AuthService(authRepository)", "new AuthService(makeRepository())")
    router.write_text(text.replace("const router", "const makeRepository = () => authRepository;\nconst router"))
    assert _silent_pc104(root) == [("src/common/transaction.js", 7)]
    # ... but not a call whose result has no known class (it hands back what it is given)
    text = router.read_text().replace("new AuthService(makeRepository())", "new AuthService(makeRepository(authRepository))")
    router.write_text(text.replace("const makeRepository = () => authRepository;", "const makeRepository = (r) => r;"))
    assert _silent_pc104(root) == []


def test_two_constructions_with_different_classes_bind_nothing(tmp_path):
    root = _copy(tmp_path)
    (root / "src" / "auth" / "other.router.js").write_text(
        "import { Router } from 'express';\n"
        "import { AuthController } from './auth.controller.js';\n"
        "import { AuthService } from './auth.service.js';\n"
        "class MemoryRepository { async create(name) { return name; } }\n"
        "const controller = new AuthController(new AuthService(new MemoryRepository()));\n"
        "export const router = Router();\n"
        "router.post('/memory', controller.signUp);\n")
    _only_signup(root)
    # `this.authRepository` of AuthService holds an AuthRepository or a MemoryRepository
    assert _silent_pc104(root) == []


def test_a_spread_argument_leaves_the_positions_after_it_unknown(tmp_path):
    root = _copy(tmp_path)
    _only_signup(root)
    service = root / "src" / "auth" / "auth.service.js"
    service.write_text(service.read_text().replace("constructor(authRepository)", "constructor(clock, authRepository)"))
    router = root / "src" / "auth" / "auth.router.js"
    # `deps` may hold any number of values: `authRepository` is at no known position
    router.write_text(router.read_text().replace(
        "new AuthService(authRepository)", "new AuthService(...deps, authRepository)").replace(
        "const router", "const deps = [];\nconst router"))
    script = root / "scripts" / "import-users.js"
    script.write_text(script.read_text().replace("new AuthService(new", "new AuthService(null, new"))
    assert _silent_pc104(root) == []
