"""PC307 reports credentials that look real, in files that ship, at one severity (E).

Reductions of what real projects commit (issue 12): compose files for local development
and self-hosting (`postgres:postgres@rallly_db`, `postgres:testpass@hoppscotch-db`,
`umami:umami@db`), CLI help text (`user:password@your-host`), stub URLs of a build script
(`user:password@localhost`). Look-alikes with a password that looks real, on a host that
is not a local service, stay flagged wherever they sit.
"""

import pytest

from poolcheck.urlmodel import parse_url, placeholder_password
from poolcheck.rules.pc3_urls.pc307_hardcoded_credentials import credential_looks_real

from conftest import check_tree, codes_at, write_tree

REAL = "Kx9mQ2vL8p"
PROD_HOST = "db.prod-cluster.acme.net"


def compose(url: str, db_service: str = "db") -> str:
    return f"""
        services:
          {db_service}:
            image: postgres:16
          web:
            image: app
            environment:
              - DATABASE_URL={url}
        """


@pytest.mark.parametrize("url, service", [
    ("postgres://postgres:postgres@rallly_db/rallly", "rallly_db"),
    ("postgresql://postgres:testpass@hoppscotch-db:5432/hoppscotch", "hoppscotch-db"),
    ("postgresql://umami:umami@db:5432/umami", "db"),
    ("postgresql://postgres:password@db:5432/inboxzero?schema=public", "db"),
    # a real-looking password, but for the database container of the same compose file
    (f"postgresql://app:{REAL}@appdb:5432/app", "appdb"),
    (f"postgresql://app:{REAL}@host.docker.internal:5432/app", "db"),
])
def test_local_development_compose_files_are_left_alone(tmp_path, url, service):
    write_tree(tmp_path, {"docker-compose.yml": compose(url, service)})
    assert check_tree(tmp_path, select=["PC307"]) == []


def test_a_real_password_for_a_remote_database_in_a_compose_file_is_flagged(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": compose(f"postgresql://app:{REAL}@{PROD_HOST}:5432/app")})
    assert codes_at(check_tree(tmp_path, select=["PC307"])) == [("docker-compose.yml", 7, "PC307")]


def test_templates_in_cli_help_and_build_stubs_are_left_alone(tmp_path):
    write_tree(tmp_path, {
        "package.json": '{"dependencies": {"@prisma/client": "6.2.0"}}',
        "packages/cli/src/main.ts": """
            export const help = "postgresql://user:password@your-host:5432/inboxzero"
            """,
        "apps/builder/src/scripts/preloadStubs.ts": """
            process.env.DATABASE_URL ??= "postgresql://user:password@localhost:5432/typebot"
            """,
        "src/docs.ts": 'export const sample = "postgresql://johndoe:randompassword@localhost:5432/mydb"\n',
        "src/template.ts": 'export const t = "postgresql://<user>:<password>@<host>:5432/<db>"\n',
        "src/example.ts": f'export const e = "postgresql://app:{REAL}@db.example.com:5432/app"\n',
    })
    assert check_tree(tmp_path, select=["PC307"]) == []


def test_one_severity_in_every_file_kind(tmp_path):
    url = f"postgresql://app:{REAL}@{PROD_HOST}:5432/app"
    write_tree(tmp_path, {
        "package.json": '{"dependencies": {"@prisma/client": "6.2.0"}}',
        "prisma/schema.prisma": f'datasource db {{\n  provider = "postgresql"\n  url = "{url}"\n}}\n',
        "src/db.ts": f'export const url = "{url}"\n',
        "docker-compose.yml": compose(url),
        "k8s/deployment.yaml": f"""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  containers:
                    - name: web
                      image: app
                      env:
                        - name: DATABASE_URL
                          value: postgresql://app:{REAL}@postgres:5432/app
            """,
    })
    settings_findings = check_tree(tmp_path, select=["PC307"])
    assert sorted(f.path for f in settings_findings) == [
        "docker-compose.yml", "k8s/deployment.yaml", "prisma/schema.prisma", "src/db.ts"]
    assert all(REAL not in f.message for f in settings_findings)


def test_the_same_dev_default_is_silent_everywhere(tmp_path):
    """`postgres:postgres@db` was W in one project and E in another."""
    url = "postgresql://postgres:postgres@db:5432/app"
    write_tree(tmp_path, {
        "a/package.json": "{}", "a/src/db.ts": f'export const url = "{url}"\n',
        "b/package.json": "{}", "b/docker-compose.yml": compose(url),
    })
    assert check_tree(tmp_path, select=["PC307"]) == []


@pytest.mark.parametrize("password", [
    "postgres", "password", "pass", "secret", "changeme", "your-password", "<password>",
    "${DB_PASSWORD}", "{{ .Values.password }}", "root", "example", "test", "testpass",
    "supersecret", "s3cret", "P4ssw0rd!", "admin123", "not-a-real-password", "******", "u",
])
def test_placeholder_vocabulary(password):
    assert placeholder_password(password)


@pytest.mark.parametrize("password", [REAL, "Plant0Xq7Secret", "hunter2", "Rp7-kQ2x-91vL", "latest2024x"])
def test_real_looking_passwords(password):
    assert not placeholder_password(password)


def test_password_equal_to_the_user_name_is_a_placeholder():
    assert not credential_looks_real(parse_url(f"postgresql://umami:umami@{PROD_HOST}/umami"))
    assert credential_looks_real(parse_url(f"postgresql://umami:{REAL}@{PROD_HOST}/umami"))


def test_accelerate_api_keys_follow_the_same_rule():
    assert not credential_looks_real(parse_url("prisma://accelerate.prisma-data.net/?api_key=YOUR_API_KEY"))
    assert credential_looks_real(parse_url("prisma://accelerate.prisma-data.net/?api_key=eyJhbGciOiJIUzI1NiJ9x"))
