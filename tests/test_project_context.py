"""Project discovery: roots, per-root contexts, deployment readers."""

from pathlib import Path

from poolcheck.config import Settings
from poolcheck.engine.discovery import classify
from poolcheck.frontends import deploy
from poolcheck.project.context import build_contexts
from poolcheck.project.packages import major_version
from poolcheck.project.roots import RootFinder
from poolcheck.core.sources import Source
from poolcheck.facts import (Autoscaler, DeploymentTarget, MaxConnections, PackageInfo,
                             ParseProblem, PoolerSetting, UrlLiteral, Workload)
from poolcheck.engine import discover

from project_helpers import analyse_file

from conftest import write_tree


def facts_of(root: Path, rel: str):
    path = root / rel
    return deploy.analyse(Source.read(path, classify(path)))


def contexts(root: Path, **options):
    settings = Settings(options=options)
    found = discover([root], settings)
    files = [analyse_file(f, settings, set()).facts for f in found]
    return build_contexts([f for f in files if f is not None], settings, RootFinder(root, [root]))


def test_project_roots_nearest_marker(tmp_path):
    write_tree(tmp_path, {
        "package.json": "{}",
        "apps/web/package.json": "{}",
        "apps/web/app/page.tsx": "",
        "apps/api/prisma/schema.prisma": "",
        "apps/api/src/main.ts": "",
        "apps/py/pyproject.toml": "",
        "apps/cfg/prisma.config.ts": "",
        "apps/cfg/src/x.ts": "",
        "infra/docker-compose.yml": "",
    })
    finder = RootFinder(tmp_path, [tmp_path])
    assert finder.root_of(tmp_path / "apps/web/app/page.tsx") == tmp_path / "apps/web"
    assert finder.root_of(tmp_path / "apps/api/src/main.ts") == tmp_path / "apps/api"
    # a prisma/ folder with schema.prisma is not a root of its own
    assert finder.root_of(tmp_path / "apps/api/prisma/schema.prisma") == tmp_path / "apps/api"
    assert finder.root_of(tmp_path / "apps/py/pyproject.toml") == tmp_path / "apps/py"
    assert finder.root_of(tmp_path / "apps/cfg/src/x.ts") == tmp_path / "apps/cfg"
    assert finder.root_of(tmp_path / "infra/docker-compose.yml") == tmp_path


def test_monorepo_contexts_hold_their_own_files(tmp_path):
    write_tree(tmp_path, {
        "package.json": '{"private": true, "workspaces": ["apps/*"]}',
        "apps/web/package.json": '{"dependencies": {"next": "15.0.0", "@prisma/client": "^6.3.0"}}',
        "apps/web/vercel.json": "{}",
        "apps/api/package.json": '{"dependencies": {"express": "^4", "@prisma/client": "7.0.1", "@prisma/adapter-pg": "7.0.1"}}',
        "apps/api/Dockerfile": "FROM node:22\n",
        "apps/py/pyproject.toml": '[project]\nname = "x"\ndependencies = ["prisma>=0.15", "fastapi"]\n',
    })
    ctxs = {c.root.relative_to(tmp_path).as_posix(): c for c in contexts(tmp_path)}
    assert set(ctxs) == {".", "apps/web", "apps/api", "apps/py"}
    web, api, py = ctxs["apps/web"], ctxs["apps/api"], ctxs["apps/py"]
    assert web.frameworks == {"next"} and web.hot_reload == "next"
    assert web.prisma_version == 6 and web.client_kind == "engine"
    assert web.serverless is not None and web.serverless.platform == "vercel"
    assert api.frameworks == {"express"} and api.hot_reload is None
    assert api.prisma_version == 7 and api.client_kind == "driver-adapter"
    assert api.serverless is None and api.platforms == {"docker"}
    assert py.frameworks == {"fastapi"} and py.client_kind == "prisma-client-py"
    assert ctxs["."].platforms == set()


def test_config_overrides_inference(tmp_path):
    write_tree(tmp_path, {
        "package.json": '{"dependencies": {"@prisma/client": "6.1.0"}}',
        "vercel.json": "{}",
    })
    (ctx,) = contexts(tmp_path, **{"serverless": False, "prisma-version": "7", "max-connections": 50})
    assert ctx.serverless is None
    assert ctx.prisma_version == 7
    assert ctx.max_connections[0] == 50
    (ctx,) = contexts(tmp_path, runtime="workers")
    assert ctx.workers


def test_platform_files_detected(tmp_path):
    write_tree(tmp_path, {
        "package.json": '{"scripts": {"dev": "tsx watch src/index.ts"}}',
        "sst.config.ts": "export default {}\n",
        "wrangler.jsonc": '{\n  // comment\n  "name": "w", "hyperdrive": [{"binding": "HD"}],\n}\n',
        "netlify.toml": "[build]\ncommand = 'x'\n",
    })
    (ctx,) = contexts(tmp_path)
    assert {"sst", "cloudflare-workers", "netlify"} <= ctx.platforms
    assert ctx.workers
    assert ctx.hot_reload is None  # tsx watch restarts the whole process (rules.md PC102)


def test_vercel_folder_counts(tmp_path):
    write_tree(tmp_path, {"package.json": "{}", ".vercel/project.json": "{}"})
    (ctx,) = contexts(tmp_path)
    assert ctx.serverless.platform == "vercel"


def test_major_version():
    assert major_version("^6.2.1") == 6
    assert major_version("~7.0.0-dev.1") == 7
    assert major_version("latest") is None
    assert major_version("workspace:*") is None


COMPOSE = """\
x-app: &app
  build: .
  environment:
    DATABASE_URL: "postgresql://app:secret@db:5432/app?connection_limit=10"
services:
  api:
    <<: *app
    deploy:
      replicas: 3
      resources:
        limits:
          cpus: "2"
  worker:
    build: .
    environment:
      - DATABASE_URL=postgresql://app:secret@db:5432/app?connection_limit=5
  db:
    image: postgres:16
    command: ["postgres", "-c", "max_connections=30"]
  bouncer:
    image: bitnami/pgbouncer
    environment:
      PGBOUNCER_POOL_MODE: transaction
      PGBOUNCER_DEFAULT_POOL_SIZE: "40"
"""


def test_compose_reader(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": COMPOSE})
    facts = facts_of(tmp_path, "docker-compose.yml")
    loads = {w.name: w for w in facts.of(Workload)}
    assert loads["api"].replicas == 3 and loads["api"].replicas_span.line == 9
    assert loads["api"].cpus == 2.0 and loads["api"].role == "app"
    assert loads["api"].env_value("DATABASE_URL").endswith("connection_limit=10")
    assert loads["worker"].replicas is None
    assert loads["db"].role == "database" and loads["bouncer"].role == "pooler"
    (mc,) = facts.of(MaxConnections)
    assert (mc.value, mc.span.line, mc.span.col) == (30, 19, 34)
    urls = sorted((u.span.line, u.span.col, u.env_var) for u in facts.of(UrlLiteral))
    assert urls == [(4, 19, "DATABASE_URL"), (16, 22, "DATABASE_URL")]
    settings = {s.key: s.value for s in facts.of(PoolerSetting)}
    assert settings == {"pool_mode": "transaction", "default_pool_size": "40"}
    assert [t.platform for t in facts.of(DeploymentTarget)] == ["docker-compose"]


def test_compose_string_command_and_scale(tmp_path):
    write_tree(tmp_path, {"compose.yaml": (
        "services:\n"
        "  web:\n    build: .\n    scale: 4\n"
        "  postgres:\n    image: postgres\n    command: postgres -c max_connections=25 -c shared_buffers=1GB\n")})
    facts = facts_of(tmp_path, "compose.yaml")
    (mc,) = facts.of(MaxConnections)
    assert (mc.value, mc.span.line, mc.span.col, mc.span.end_col) == (25, 7, 26, 44)
    web = next(w for w in facts.of(Workload) if w.name == "web")
    assert (web.replicas, web.replicas_source) == (4, "scale")


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
          resources:
            limits:
              cpu: 500m
          env:
            - name: DATABASE_URL
              value: postgresql://u:p@db/app?connection_limit=4
            - name: SECRET
              valueFrom: {secretKeyRef: {name: s, key: k}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 2
  maxReplicas: 8
"""


def test_kubernetes_reader(tmp_path):
    write_tree(tmp_path, {"k8s/api.yaml": K8S, "k8s/values.yaml": "replicas: 3\n"})
    assert classify(tmp_path / "k8s/api.yaml") == "k8s"
    facts = facts_of(tmp_path, "k8s/api.yaml")
    (w,) = facts.of(Workload)
    assert (w.name, w.kind, w.replicas, w.replicas_span.line, w.cpus) == ("api", "Deployment", 2, 6, 0.5)
    assert w.env_refs == ("SECRET",)
    (hpa,) = facts.of(Autoscaler)
    assert (hpa.target_name, hpa.max_replicas, hpa.max_span.line) == ("api", 8, 28)
    assert not list(facts_of(tmp_path, "k8s/values.yaml").facts)


def test_yaml_classification_is_narrow(tmp_path):
    assert classify(Path(".github/workflows/ci.yml")) is None
    assert classify(Path("mkdocs.yml")) is None
    assert classify(Path("deploy/api.yaml")) == "k8s"
    assert classify(Path("api-deployment.yaml")) == "k8s"
    assert classify(Path("requirements-dev.txt")) == "requirements"


def test_helm_templates_are_skipped(tmp_path):
    write_tree(tmp_path, {"helm/templates/dep.yaml": "apiVersion: v1\nkind: {{ .Values.kind }}\n"})
    assert list(facts_of(tmp_path, "helm/templates/dep.yaml").facts) == []


def test_serverless_and_sam_readers(tmp_path):
    write_tree(tmp_path, {
        "serverless.yml": ("service: x\nprovider:\n  name: aws\n  environment:\n"
                           "    DATABASE_URL: ${env:DATABASE_URL}\nfunctions:\n  api:\n"
                           "    handler: src/handler.main\n    reservedConcurrency: 50\n"),
        "template.yaml": ("Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n"
                          "    Type: AWS::Serverless::Function\n    Properties:\n"
                          "      Handler: app.handler\n      ReservedConcurrentExecutions: 20\n"
                          "      Environment:\n        Variables:\n          TABLE: !Ref Table\n"
                          "  Table:\n    Type: AWS::DynamoDB::Table\n"),
    })
    sls = facts_of(tmp_path, "serverless.yml")
    (w,) = sls.of(Workload)
    assert (w.name, w.replicas, w.replicas_span.line, w.replicas_source) == ("api", 50, 9, "reservedConcurrency")
    assert not list(sls.of(UrlLiteral))  # ${env:...} is no literal URL
    sam = facts_of(tmp_path, "template.yaml")
    (t,) = sam.of(DeploymentTarget)
    assert (t.platform, t.serverless, t.span.line) == ("aws-sam", True, 3)
    (w,) = sam.of(Workload)
    assert (w.name, w.replicas, w.replicas_span.line) == ("Api", 20, 7)


def test_pgbouncer_ini_rules(tmp_path):
    write_tree(tmp_path, {"pgbouncer.ini": (
        "; comment\n[databases]\napp = host=db dbname=app\n\n[pgbouncer]\n"
        "pool_mode = statement\n# another\n  default_pool_size=50 ; not a comment\n")})
    settings = {(s.section, s.key): (s.value, s.span) for s in facts_of(tmp_path, "pgbouncer.ini").of(PoolerSetting)}
    assert settings[("pgbouncer", "pool_mode")][0] == "statement"
    assert settings[("pgbouncer", "pool_mode")][1].line == 6
    assert settings[("pgbouncer", "pool_mode")][1].col == 13
    # PgBouncer has no inline comments: the value is everything after '='
    assert settings[("pgbouncer", "default_pool_size")][0] == "50 ; not a comment"
    assert ("databases", "app") in settings


def test_postgresql_conf(tmp_path):
    write_tree(tmp_path, {"postgresql.conf": "# max_connections = 1\nmax_connections = 40   # ok\n"})
    (mc,) = facts_of(tmp_path, "postgresql.conf").of(MaxConnections)
    assert (mc.value, mc.span.line, mc.span.col) == (40, 2, 19)


def test_package_json_and_requirements(tmp_path):
    write_tree(tmp_path, {
        "package.json": '{"dependencies": {"next": "15"}, "devDependencies": {"prisma": "^6"}, "scripts": {"dev": "next dev"}}',
        "requirements.txt": "prisma==0.15.0  # client\nFastAPI[all]>=0.110\n-r other.txt\n",
    })
    (p,) = facts_of(tmp_path, "package.json").of(PackageInfo)
    assert p.version_of("prisma") == "^6" and dict(p.scripts) == {"dev": "next dev"}
    (r,) = facts_of(tmp_path, "requirements.txt").of(PackageInfo)
    assert dict(r.dependencies) == {"prisma": "==0.15.0", "fastapi": ">=0.110"}


def test_broken_files_are_parse_problems(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": "services:\n  a: [\n", "vercel.json": "{,}",
                          "netlify.toml": "[build\n"})
    for name, line in (("docker-compose.yml", 3), ("vercel.json", 1), ("netlify.toml", 1)):
        (p,) = facts_of(tmp_path, name).of(ParseProblem)
        assert p.span.line == line, name


def test_yaml_alias_bomb_is_bounded(tmp_path):
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 10) + "]")
    lines.append("services: {web: {image: *a8}}")
    write_tree(tmp_path, {"docker-compose.yml": "\n".join(lines) + "\n"})
    (p,) = facts_of(tmp_path, "docker-compose.yml").of(ParseProblem)
    assert "alias" in p.message


def test_yaml_recursive_alias_does_not_hang(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": "services: &s\n  web:\n    image: x\n    again: *s\n"})
    facts = facts_of(tmp_path, "docker-compose.yml")
    assert [w.name for w in facts.of(Workload)] == ["web"]


def test_facts_by_kind_follow_the_fact_list_as_it_changes():
    # FileFacts.of memoises by kind; adding a fact, extending the list or replacing it
    # (front-ends do all three) must show, and the memo never reaches a pickle.
    import pickle

    from poolcheck.facts import FileFacts, Trait
    from poolcheck.core.diagnostics import Span

    first = Span(1, 1, 1, 2)
    facts = FileFacts(path=Path("a.ts"), language="typescript")
    assert list(facts.of(Trait)) == []
    facts.add(Trait("import", first, "x"))
    assert [t.detail for t in facts.of(Trait)] == ["x"]
    facts.facts.extend([UrlLiteral(first, "postgres://h/db", "code"), Trait("import", first, "y")])
    assert [t.detail for t in facts.of(Trait)] == ["x", "y"]
    assert [type(f).__name__ for f in facts.of((Trait, UrlLiteral))] == ["Trait", "UrlLiteral", "Trait"]
    facts.facts = [f for f in facts.facts if not isinstance(f, Trait)]
    assert list(facts.of(Trait)) == [] and len(facts.all_of(UrlLiteral)) == 1
    assert "_by_kind" not in pickle.loads(pickle.dumps(facts)).__dict__
    assert pickle.loads(pickle.dumps(facts)) == facts


def test_project_and_workspace_facts_are_in_file_order_and_shared_by_the_contexts(tmp_path):
    write_tree(tmp_path, {
        "apps/web/package.json": '{"name": "web", "dependencies": {"@acme/db": "workspace:*"}}',
        "apps/web/vercel.json": "{}",
        "apps/api/package.json": '{"name": "api"}',
        "apps/api/fly.toml": "app = 'api'\n",
        "packages/db/package.json": '{"name": "@acme/db"}',
        "packages/db/src/index.ts": "export const x = 1\n",
    })
    by_root = {c.root.relative_to(tmp_path).as_posix(): c for c in contexts(tmp_path)}
    db, web = by_root["packages/db"], by_root["apps/web"]
    assert db.shared is web.shared and db.workspace is web.workspace
    everything = [(f.path, t) for f in db.workspace for t in f.of(PackageInfo)]
    assert [(f.path, t) for f, t in db.workspace_facts_of(PackageInfo)] == everything
    assert [f.path.name for f, _ in web.facts_of(PackageInfo)] == ["package.json"]
    # packages/db deploys where the app that depends on it does (vercel), from the shared index
    assert {t.platform for _, t in db.deployments} == {"vercel"}
