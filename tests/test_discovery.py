"""File discovery: classification, default skips, .gitignore, exclude patterns."""

from pathlib import Path

from poolcheck.engine.discovery import Excluder, classify, walk

from conftest import write_tree


def _walk(root: Path, *patterns: str, **kw) -> list[str]:
    found = walk([root], Excluder(root, patterns), **kw)
    return sorted(f.path.relative_to(root).as_posix() for f in found)


def test_patches_and_backups_of_env_files_are_not_env_files():
    # open-saas keeps unified diffs of its env files (`app_diff/.env.vault.diff`)
    for name in (".env.vault.diff", ".env.client.patch", ".env.orig", ".env.rej", ".env.local.bak", ".env~"):
        assert classify(Path(name)) is None, name
    assert classify(Path(".env.production")) == "dotenv"


def test_classify_by_name():
    cases = {
        "a.ts": "typescript", "a.mts": "typescript", "a.tsx": "tsx", "a.jsx": "tsx",
        "a.js": "javascript", "a.cjs": "javascript", "a.py": "python", "a.vue": "vue",
        "a.svelte": "svelte", "a.astro": "astro", "schema.prisma": "prisma",
        ".env": "dotenv", ".env.local": "dotenv", "package.json": "package-json",
        "docker-compose.prod.yml": "deploy", "vercel.json": "deploy", "pgbouncer.ini": "deploy",
        "README.md": "markdown", "types.d.ts": None, "logo.png": None, "notes.txt": None,
        # named Dockerfiles are Dockerfiles, not Prisma schemas (tegon's Dockerfile.prisma)
        "Dockerfile": "deploy", "Dockerfile.prisma": "deploy", "api.Dockerfile": "deploy",
        "Containerfile": "deploy", "Dockerfiles.md": "markdown",
    }
    assert {name: classify(Path(name)) for name in cases} == cases


def test_default_skips_dependencies_build_output_generated_clients_and_venvs(tmp_path):
    write_tree(tmp_path, {
        "app/page.ts": "x", "node_modules/pkg/index.js": "x", ".next/server/a.js": "x",
        "dist/a.js": "x", "generated/prisma/index.ts": "x", "prisma/generated/client.ts": "x",
        "node_modules/.prisma/client/index.js": "x", "myenv/pyvenv.cfg": "", "myenv/lib/a.py": "x",
        "src/generated/other.ts": "x", ".yarn/releases/yarn-4.7.0.cjs": "x",
        "src/contracts/__generated__/ops.ts": "x", ".pnpm-store/v3/a.js": "x",
    })
    assert _walk(tmp_path) == ["app/page.ts", "src/generated/other.ts"]


def test_gitignore_is_honoured_in_nested_folders(tmp_path):
    write_tree(tmp_path, {
        ".git/HEAD": "ref: refs/heads/main\n",
        ".gitignore": "*.gen.ts\n/out/\n",
        "app/.gitignore": "secret.ts\n",
        "app/a.ts": "x", "app/secret.ts": "x", "app/b.gen.ts": "x", "out/c.ts": "x",
    })
    assert _walk(tmp_path) == ["app/a.ts"]
    assert _walk(tmp_path, respect_gitignore=False) == [
        "app/a.ts", "app/b.gen.ts", "app/secret.ts", "out/c.ts"]


def test_gitignore_above_the_given_folder_applies(tmp_path):
    write_tree(tmp_path, {".git/HEAD": "", ".gitignore": "legacy/\n",
                          "web/legacy/a.ts": "x", "web/b.ts": "x"})
    found = walk([tmp_path / "web"], Excluder(tmp_path, []))
    assert sorted(f.path.name for f in found) == ["b.ts"]


def test_exclude_patterns_are_anchored_at_the_config_root(tmp_path):
    write_tree(tmp_path, {"legacy/a.ts": "x", "app/legacy.ts": "x", "app/b.ts": "x"})
    assert _walk(tmp_path, "/legacy/", "*.legacy.ts") == ["app/b.ts", "app/legacy.ts"]


def test_explicit_file_is_analysed_even_inside_a_skipped_folder(tmp_path):
    write_tree(tmp_path, {"dist/a.ts": "x"})
    (found,) = walk([tmp_path / "dist" / "a.ts"], Excluder(tmp_path, []))
    assert found.explicit and found.kind == "typescript"


def test_markdown_only_when_enabled(tmp_path):
    write_tree(tmp_path, {"README.md": "x"})
    assert _walk(tmp_path) == []
    assert _walk(tmp_path, include_markdown=True) == ["README.md"]


def test_symlink_loop_and_fifo_do_not_hang(tmp_path):
    import os
    write_tree(tmp_path, {"app/a.ts": "x"})
    (tmp_path / "app" / "loop").symlink_to(tmp_path, target_is_directory=True)
    os.mkfifo(tmp_path / "app" / "pipe.ts")
    assert _walk(tmp_path) == ["app/a.ts"]


def test_path_role_is_one_layout_for_every_language():
    from pathlib import PurePosixPath as P

    from poolcheck.vocabulary.layout import path_role

    tests = ["app/users.test.ts", "src/a.spec.tsx", "__tests__/db.ts", "tests/test_api.py",
             "api/users_test.py", "conftest.py", "testing/helpers.py", "e2e/login.ts",
             "__mocks__/prisma.ts", "vitest.setup.ts", "jest.setup.js",
             # layouts of real monorepos that were missed (issue 12)
             "apps/web/integration/db-boolean.ts", "apps/web/integration/setup.ts",
             "lib/credential-backfill.integration.test.ts", "apps/web/vitestSetup.ts",
             "apps/web/playwright.config.mjs", "apps/web/playwright/utils/db.ts",
             "cypress/docker-compose.yml", "test/app.e2e-spec.ts", "src/__fixtures__/urls.ts",
             "packages/db/fixtures/schema.prisma", "apps/api/vitest.config.ts",
             "apps/web/test-env.ts", "src/db.mock.ts", "apps/web/.env.test", ".env.test.local", ".env.e2e"]
    scripts = ["prisma/seed.ts", "seed.py", "scripts/backfill.ts", "bin/cli.js", "cron/nightly.py",
               "seeds/users.py",
               # seed scripts beside prisma/seed.ts (OpenPipe: prisma/seed-synthetic-dataset.ts)
               "prisma/seed-synthetic-dataset.ts", "prisma/seedDashboard.ts", "seed_users.py",
               "prisma/seed.dev.ts",
               # a seed stem as the last word (synapse: prisma/index_seed.js)
               "prisma/index_seed.js", "prisma/dev-seed.ts", "db/users.seed.ts"]
    neither = ["app/api/users/route.ts", "lib/db.ts", "app/testimonials/page.tsx", "api/main.py",
               "src/contest.py", "lib/seeder-utils.ts", "lib/seedling.ts", "src/seedance.ts",
               "lib/reseed.ts", "src/cottonseed.ts"]
    assert {p: path_role(P(p)) for p in tests} == {p: "test" for p in tests}
    assert {p: path_role(P(p)) for p in scripts} == {p: "script" for p in scripts}
    assert {p: path_role(P(p)) for p in neither} == {p: None for p in neither}


def test_a_partial_run_walks_each_folder_once_and_yields_each_file_once(tmp_path, monkeypatch):
    # pre-commit and editors pass single files or a subfolder: the run walks them, then
    # the rest of their project for context, going on from the first walk.
    import os

    from poolcheck.config import Settings
    from poolcheck.engine.discovery import Discovery

    root = write_tree(tmp_path, {"apps/web/package.json": "{}", "apps/web/src/a.ts": "", "apps/web/src/b.ts": "",
                                 "apps/web/src/deep/c.ts": "", "apps/web/lib/d.ts": ""})
    monkeypatch.chdir(root)
    scanned = []
    original = os.scandir
    monkeypatch.setattr(os, "scandir", lambda p=".": scanned.append(Path(p).as_posix()) or original(p))
    walk_ = Discovery([Path("apps/web/src")], Settings())
    given = walk_.given([Path("apps/web/src")])
    context = walk_.context([Path("apps/web")])
    assert sorted(f.path.as_posix() for f in given) == ["apps/web/src/a.ts", "apps/web/src/b.ts",
                                                        "apps/web/src/deep/c.ts"]
    assert sorted(f.path.as_posix() for f in context) == ["apps/web/lib/d.ts", "apps/web/package.json"]
    assert sorted(scanned) == sorted(set(scanned))  # no folder listed twice
    # A file named explicitly is not found again by the project's walk.
    walk_ = Discovery([Path("apps/web/lib/d.ts")], Settings())
    (named,) = walk_.given([Path("apps/web/lib/d.ts")])
    assert named.explicit
    assert "apps/web/lib/d.ts" not in {f.path.as_posix() for f in walk_.context([Path("apps/web")])}


def test_the_walk_classifies_as_classify_does(tmp_path):
    names = ["a.ts", "b.d.ts", ".env", ".env.local", "x.", ".hidden", "docker-compose.yml", "k8s/deploy.yml",
             "other.yml", "package.json", "prisma/schema.prisma", "requirements-dev.txt", "A.TSX", "noext",
             "Dockerfile.prisma"]
    root = write_tree(tmp_path, {f"app/{n}": "" for n in names})
    found = {f.path.relative_to(root).as_posix(): f.kind for f in walk([root], Excluder(root, []))}
    expected = {f"app/{n}": classify(Path(f"app/{n}")) for n in names}
    assert found == {p: k for p, k in expected.items() if k is not None}
    assert found["app/k8s/deploy.yml"] == "k8s" and found["app/A.TSX"] == "tsx"


def test_a_dockerfile_named_prisma_is_read_as_a_dockerfile(tmp_path):
    """tegon's `Dockerfile.prisma` (the migration image) was parsed as a schema: a PC900
    error on every line. It is a Dockerfile: no finding, and the deployment it says."""
    from conftest import check_tree
    from poolcheck.facts import DeploymentTarget
    from poolcheck.frontends.deploy import analyse
    from poolcheck.core.sources import Source

    text = 'FROM node:18-alpine\nCOPY prisma ./prisma/\nCMD ["npx", "prisma", "migrate", "deploy"]\n'
    root = write_tree(tmp_path, {"Dockerfile.prisma": text, "package.json": '{"name": "a"}',
                                 "prisma/schema.prisma": 'datasource db {\n  provider = "postgresql"\n'
                                                         '  url      = env("DATABASE_URL")\n}\n'})
    assert [f.code for f in check_tree(root, select=["PC900"])] == []
    facts = analyse(Source.from_bytes(root / "Dockerfile.prisma", "deploy", text.encode()))
    assert [f.platform for f in facts.of(DeploymentTarget)] == ["docker"]
