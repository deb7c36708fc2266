"""PC401, PC402, PC403 on small fixture projects: one per platform, flagged and clean."""

import pytest

from conftest import codes_at

PKG = '{"dependencies": {"@prisma/client": "^6.5.0", "express": "^4.21.0"}}'

COMPOSE = """\
services:
  api:
    build: .
    deploy:
      replicas: 3
    environment:
      DATABASE_URL: postgresql://app:app@db:5432/app?connection_limit=10
  db:
    image: postgres:16
    command: postgres -c max_connections=30
"""


def test_pc401_compose_replicas_over_max_connections(check):
    found = check({"package.json": PKG, "docker-compose.yml": COMPOSE}, select=["PC401"])
    assert codes_at(found) == [("docker-compose.yml", 5, "PC401")]
    assert "3 replicas × 10 + 5 reserved = 35 > max_connections 30" in found[0].message
    assert "app:app" not in found[0].message


def test_pc401_compose_within_budget(check):
    found = check({"package.json": PKG,
                   "docker-compose.yml": COMPOSE.replace("max_connections=30", "max_connections=100")},
                  select=["PC401"])
    assert found == []


def test_pc401_several_services_and_default_pool(check):
    compose = COMPOSE + ("  worker:\n    build: .\n    deploy:\n      replicas: 4\n"
                         "      resources:\n        limits:\n          cpus: '2'\n"
                         "    environment:\n      - DATABASE_URL=postgresql://app:app@db:5432/app\n")
    compose = compose.replace("max_connections=30", "max_connections=50")
    found = check({"package.json": PKG, "docker-compose.yml": compose}, select=["PC401"])
    assert codes_at(found) == [("docker-compose.yml", 5, "PC401")]
    assert ("api: 3 replicas × 10 + worker: 4 replicas × 5 + 5 reserved = 55 > max_connections 50"
            in found[0].message)
    assert "default pool 2 CPUs × 2 + 1" in found[0].message


def test_pc401_pooled_services_are_not_counted(check):
    compose = COMPOSE.replace("@db:5432/app?connection_limit=10", "@pgbouncer:6432/app?pgbouncer=true")
    compose += "  pgbouncer:\n    image: edoburu/pgbouncer\n"
    found = check({"package.json": PKG, "docker-compose.yml": compose}, select=["PC401"])
    assert found == []


def test_pc401_config_overrides(check):
    files = {"package.json": PKG, "docker-compose.yml": COMPOSE.replace("max_connections=30", "max_connections=100")}
    found = check(files, select=["PC401"], max_connections=30)
    assert codes_at(found) == [("docker-compose.yml", 5, "PC401")]
    assert "3 replicas × 10 + 5 reserved = 35 > max_connections 30" in found[0].message
    found = check(files, select=["PC401"], replicas=10)
    assert "10 replicas × 10 + 5 reserved = 105 > max_connections 100" in found[0].message


K8S = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/api:1
          env:
            - name: DATABASE_URL
              valueFrom:
                secretKeyRef: {name: db, key: url}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 2
  maxReplicas: 10
"""
POSTGRES_STS = """\
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: postgres
spec:
  replicas: 1
  template:
    spec:
      containers:
        - name: postgres
          image: postgres:16
          args: ["-c", "max_connections=100"]
"""


K8S_LITERAL = K8S.replace("""              valueFrom:
                secretKeyRef: {name: db, key: url}""", """              value: postgresql://u:p@db:5432/app?connection_limit=10""")


def test_pc401_kubernetes_hpa_max_replicas(check):
    found = check({"package.json": PKG, "k8s/api.yaml": K8S_LITERAL, "k8s/postgres.yaml": POSTGRES_STS},
                  select=["PC401"])
    assert codes_at(found) == [("k8s/api.yaml", 23, "PC401")]
    assert "10 replicas × 10 + 5 reserved = 105 > max_connections 100" in found[0].message
    assert "u:p@" not in found[0].message


def test_pc401_pool_size_from_env_file(check):
    pytest.importorskip("poolcheck.frontends.dotenv")
    found = check({"package.json": PKG, "prisma/schema.prisma": "// schema\n",
                   ".env": "DATABASE_URL=postgresql://u:p@db:5432/app?connection_limit=10\n",
                   "k8s/api.yaml": K8S, "k8s/postgres.yaml": POSTGRES_STS}, select=["PC401"])
    assert codes_at(found) == [("k8s/api.yaml", 24, "PC401")]
    assert "10 replicas × 10 + 5 reserved = 105 > max_connections 100" in found[0].message


def test_pc401_kubernetes_clean_without_hpa(check):
    found = check({"package.json": PKG,
                   "k8s/api.yaml": K8S_LITERAL.split("---")[0], "k8s/postgres.yaml": POSTGRES_STS},
                  select=["PC401"])
    assert found == []


def test_pc401_lambda_reserved_concurrency(check):
    sls = ("service: api\nprovider:\n  name: aws\n  environment:\n"
           "    DATABASE_URL: postgresql://u:p@db.example.com:5432/app?connection_limit=2\n"
           "functions:\n  api:\n    handler: handler.main\n    reservedConcurrency: 20\n")
    files = {"package.json": PKG, "serverless.yml": sls}
    found = check(files, select=["PC401"], max_connections=40)
    assert codes_at(found) == [("serverless.yml", 9, "PC401")]
    assert "20 concurrent executions × 2 + 5 reserved = 45 > max_connections 40" in found[0].message
    assert check(files, select=["PC401"], max_connections=100) == []


def test_pc401_sam_reserved_concurrency(check):
    sam = ("Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Function\n"
           "    Properties:\n      Handler: app.handler\n      ReservedConcurrentExecutions: 30\n"
           "      Environment:\n        Variables:\n"
           "          DATABASE_URL: postgresql://u:p@db.example.com:5432/app?connection_limit=1\n")
    files = {"package.json": PKG, "template.yaml": sam}
    found = check(files, select=["PC401"], max_connections=30)
    assert codes_at(found) == [("template.yaml", 7, "PC401")]
    assert check(files, select=["PC401"], max_connections=50) == []


def test_pc401_nothing_known_nothing_reported(check):
    assert check({"package.json": PKG, "docker-compose.yml": COMPOSE.replace(
        "    command: postgres -c max_connections=30\n", "")}, select=["PC401"]) == []


PGBOUNCER = """\
[databases]
app = host=db port=5432 dbname=app

[pgbouncer]
listen_port = 6432
pool_mode = statement
default_pool_size = 20
"""


def test_pc402_pgbouncer_ini_statement_mode(check):
    found = check({"pgbouncer.ini": PGBOUNCER}, select=["PC402"])
    assert codes_at(found) == [("pgbouncer.ini", 6, "PC402")]
    assert found[0].col == 13


def test_pc402_transaction_mode_is_clean(check):
    assert check({"pgbouncer.ini": PGBOUNCER.replace("statement", "transaction")}, select=["PC402"]) == []
    # a commented-out line is a comment only at the line start
    assert check({"pgbouncer.ini": PGBOUNCER.replace("pool_mode = statement", "; pool_mode = statement")},
                 select=["PC402"]) == []


def test_pc402_manifest_environment(check):
    compose = ("services:\n  pgbouncer:\n    image: bitnami/pgbouncer:1.22\n    environment:\n"
               "      - PGBOUNCER_POOL_MODE=statement\n")
    found = check({"docker-compose.yml": compose}, select=["PC402"])
    assert codes_at(found) == [("docker-compose.yml", 5, "PC402")]
    assert found[0].col == 29


def test_pc402_kubernetes_env(check, tree):
    k8s = ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: pgbouncer\nspec:\n  template:\n"
           "    spec:\n      containers:\n        - name: pgbouncer\n          image: edoburu/pgbouncer\n"
           "          env:\n            - name: POOL_MODE\n              value: statement\n")
    found = check({"deploy/pgbouncer.yaml": k8s}, select=["PC402"])
    assert codes_at(found) == [("deploy/pgbouncer.yaml", 13, "PC402")]
    assert check({"deploy/pgbouncer.yaml": k8s.replace("value: statement", "value: transaction")},
                 select=["PC402"]) == []


def test_pc403_pool_size_over_max_connections(check):
    files = {"package.json": PKG,
             "pgbouncer.ini": PGBOUNCER.replace("statement", "transaction").replace("= 20", "= 40")
             + "reserve_pool_size = 5\n",
             "postgresql.conf": "max_connections = 40\n"}
    found = check(files, select=["PC403"])
    assert codes_at(found) == [("pgbouncer.ini", 7, "PC403")]
    assert "default_pool_size 40 + reserve_pool_size 5 = 45" in found[0].message
    assert "max_connections 40 − 5 reserved leaves 35" in found[0].message


def test_pc403_clean_and_capped(check):
    files = {"package.json": PKG, "pgbouncer.ini": PGBOUNCER, "postgresql.conf": "max_connections = 100\n"}
    assert check(files, select=["PC403"]) == []
    files["postgresql.conf"] = "max_connections = 20\n"
    files["pgbouncer.ini"] = PGBOUNCER + "max_db_connections = 15\n"
    assert check(files, select=["PC403"]) == []


def test_pc403_default_pool_size_from_compose_env(check):
    compose = ("services:\n  db:\n    image: postgres\n    command: postgres -c max_connections=20\n"
               "  pgbouncer:\n    image: edoburu/pgbouncer\n    environment:\n      POOL_MODE: transaction\n")
    found = check({"package.json": PKG, "docker-compose.yml": compose}, select=["PC403"])
    assert codes_at(found) == [("docker-compose.yml", 8, "PC403")]
    assert "default_pool_size 20 (PgBouncer's default)" in found[0].message
