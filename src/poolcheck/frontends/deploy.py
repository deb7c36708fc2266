"""Deployment and package files: what the project context needs to know about where and
how many copies of the app run.

Reads vercel.json, netlify.toml, serverless.yml, SAM/CloudFormation templates,
wrangler.toml/.json[c], Dockerfile, docker-compose*.yml, Kubernetes manifests,
pgbouncer.ini, postgresql.conf, package.json, pyproject.toml and requirements*.txt.
YAML through poolcheck.yamlread (line numbers kept, alias bombs capped), TOML with
tomllib, JSON with the standard library, pgbouncer.ini by PgBouncer's own rules.
"""

from __future__ import annotations

import json
import posixpath
import re
import sys
from typing import Any, Iterable

from ..core.diagnostics import Span
from ..facts import (
    Autoscaler, DeploymentTarget, FileFacts, MaxConnections, PackageInfo, ParseProblem,
    PoolerSetting, UrlLiteral, Workload,
)
from ..core.sources import Source, split_lines
from ..urlmodel import looks_like_connection_url

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FIRST = Span(1, 1, 1, 2)
MAX_CONN = re.compile(r"(?:-c\s*|--)(max_connections\s*=\s*(\d+))")
# Pooler images read their settings from these variables (bitnami: PGBOUNCER_*,
# edoburu and most others: the bare pgbouncer.ini names upper-cased).
POOLER_ENV = {
    "pool_mode": ("PGBOUNCER_POOL_MODE", "POOL_MODE"),
    "default_pool_size": ("PGBOUNCER_DEFAULT_POOL_SIZE", "DEFAULT_POOL_SIZE"),
    "reserve_pool_size": ("PGBOUNCER_RESERVE_POOL_SIZE", "RESERVE_POOL_SIZE"),
    "max_db_connections": ("PGBOUNCER_MAX_DB_CONNECTIONS", "MAX_DB_CONNECTIONS"),
    "max_client_conn": ("PGBOUNCER_MAX_CLIENT_CONN", "MAX_CLIENT_CONN"),
}
K8S_WORKLOADS = ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet")


def analyse(source: Source, settings=None) -> FileFacts:
    facts = FileFacts(path=source.path, language=source.kind)
    name = source.path.name
    reader = _reader_for(source.kind, name)
    if reader is None:
        return facts
    try:
        reader(source, facts)
    except _Problem as exc:
        facts.add(ParseProblem(exc.span, exc.message))
    return facts


class _Problem(Exception):
    def __init__(self, message: str, span: Span = FIRST):
        super().__init__(message)
        self.message, self.span = message, span


def _reader_for(kind: str, name: str):
    if kind == "package-json":
        return _package_json
    if kind == "pyproject":
        return _pyproject
    if kind == "requirements":
        return _requirements
    if kind == "k8s":
        return _kubernetes
    if name == "vercel.json":
        return _vercel
    if name == "netlify.toml":
        return _netlify
    if name in ("serverless.yml", "serverless.yaml"):
        return _serverless
    if name in ("template.yaml", "template.yml"):
        return _sam
    if name.startswith("wrangler."):
        return _wrangler
    if name == "Dockerfile":
        return _dockerfile
    if name == "pgbouncer.ini":
        return _pgbouncer
    if name == "postgresql.conf":
        return _postgresql_conf
    if name.startswith(("docker-compose", "compose.")):
        return _compose
    return None


# --- helpers -------------------------------------------------------------------------

def _yaml(source: Source) -> list[Any]:
    from ..yamlread import YamlError, load_all

    try:
        return load_all(source.text)
    except YamlError as exc:
        raise _Problem(str(exc), exc.span) from None


def _toml(source: Source) -> dict:
    try:
        return tomllib.loads(source.text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+), column (\d+)", str(exc))
        line, col = (int(m[1]), int(m[2])) if m else (1, 1)
        raise _Problem(f"invalid TOML: {exc}", Span(line, col, line, col + 1)) from None


def _json(source: Source, jsonc: bool = False) -> Any:
    text = _strip_jsonc(source.text) if jsonc else source.text
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Problem(f"invalid JSON: {exc.msg}", Span(exc.lineno, exc.colno, exc.lineno, exc.colno + 1)) from None
    except RecursionError:
        raise _Problem("JSON nested too deep to analyse") from None


def _strip_jsonc(text: str) -> str:
    """Blank out // and /* */ comments and trailing commas, keeping line/column positions."""
    out, i, n, in_str = [], 0, len(text), False
    while i < n:
        c = text[i]
        if in_str:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            if c == '"':
                in_str = False
            i += 1
            continue
        if c == '"':
            in_str = True
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j == -1 else j
            out.append(" " * (j - i))
            i = j
            continue
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j == -1 else j + 2
            out.append("".join(ch if ch == "\n" else " " for ch in text[i:j]))
            i = j
            continue
        out.append(c)
        i += 1
    return re.sub(r",(\s*[}\]])", r" \1", "".join(out))


def _locate(source: Source, within: Span, needle: str) -> Span:
    """The span of `needle` inside `within` (first occurrence), else `within` itself."""
    lines = split_lines(source.text)
    for number in range(within.line, min(within.end_line, len(lines)) + 1):
        text = lines[number - 1]
        start = within.col - 1 if number == within.line else 0
        at = text.find(needle, start)
        if at != -1:
            return Span(number, at + 1, number, at + 1 + len(needle))
    return within


def _key_line_span(source: Source, key: str, start_line: int = 1) -> Span:
    """Span of the first `key` token (quoted or bare) on or after `start_line`."""
    pattern = re.compile(r'(?<![\w-])"?' + re.escape(key) + r'"?\s*[:=]')
    for number, text in enumerate(split_lines(source.text)[start_line - 1:], start=start_line):
        m = pattern.search(text)
        if m:
            return Span(number, m.start() + 1, number, m.start() + 1 + len(m.group(0).rstrip(":= ")))
    return FIRST


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _cpus(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    try:
        return float(text[:-1]) / 1000 if text.endswith("m") else float(text)
    except ValueError:
        return None


def _role(image: str | None, name: str = "") -> str:
    text = f"{image or ''} {name}".lower()
    if any(p in text for p in ("pgbouncer", "pgcat", "odyssey", "supavisor", "pgpool")):
        return "pooler"
    if image and any(d in image.lower() for d in ("postgres", "postgis", "timescale", "mysql", "mariadb")):
        return "database"
    return "app"


def _emit_env_urls(facts: FileFacts, env: Iterable[tuple[str, str, Span]]) -> None:
    for key, value, span in env:
        if isinstance(value, str) and looks_like_connection_url(value, sqlite_files=False) and "${" not in value:
            facts.add(UrlLiteral(span, value, "deploy", role=key, env_var=key))


def _pooler_settings(facts: FileFacts, env: Iterable[tuple[str, str, Span]], source: str) -> None:
    by_name = {k: (v, s) for k, v, s in env}
    for key, names in POOLER_ENV.items():
        for name in names:
            if name in by_name:
                value, span = by_name[name]
                facts.add(PoolerSetting(key, str(value), span, "pgbouncer", source))
                break


def _max_connections_in(source: Source, facts: FileFacts, text: str, span: Span, origin: str) -> None:
    m = MAX_CONN.search(text)
    if m:
        facts.add(MaxConnections(int(m[2]), _locate(source, span, m[1]), origin))


# --- package manifests ---------------------------------------------------------------

def _package_json(source: Source, facts: FileFacts) -> None:
    data = _json(source)
    if not isinstance(data, dict):
        return
    deps: dict[str, str] = {}
    for section in ("peerDependencies", "optionalDependencies", "devDependencies", "dependencies"):
        value = data.get(section)
        if isinstance(value, dict):
            deps.update({str(k): str(v) for k, v in value.items()})
    scripts = data.get("scripts") if isinstance(data.get("scripts"), dict) else {}
    facts.add(PackageInfo(FIRST, tuple(sorted(deps.items())),
                          tuple(sorted((str(k), str(v)) for k, v in scripts.items()))))
    facts.models["package"] = data


_PEP508 = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*)$")


def _pep508(spec: str) -> tuple[str, str] | None:
    m = _PEP508.match(spec.split(";")[0])
    if not m:
        return None
    return m[1].lower().replace("_", "-"), m[3].strip()


def _pyproject(source: Source, facts: FileFacts) -> None:
    data = _toml(source)
    deps: dict[str, str] = {}
    project = data.get("project") if isinstance(data.get("project"), dict) else {}
    specs = list(project.get("dependencies") or [])
    for extra in (project.get("optional-dependencies") or {}).values():
        specs.extend(extra if isinstance(extra, list) else [])
    for group in (data.get("dependency-groups") or {}).values():
        specs.extend(g for g in (group if isinstance(group, list) else []) if isinstance(g, str))
    for spec in specs:
        parsed = _pep508(str(spec))
        if parsed:
            deps[parsed[0]] = parsed[1]
    poetry = ((data.get("tool") or {}).get("poetry") or {}) if isinstance(data.get("tool"), dict) else {}
    for section in ("dependencies", "dev-dependencies"):
        value = poetry.get(section) if isinstance(poetry, dict) else None
        if isinstance(value, dict):
            deps.update({str(k).lower(): str(v) for k, v in value.items()})
    facts.add(PackageInfo(FIRST, tuple(sorted(deps.items()))))


def _requirements(source: Source, facts: FileFacts) -> None:
    deps = {}
    for line in split_lines(source.text):
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        parsed = _pep508(line)
        if parsed:
            deps[parsed[0]] = parsed[1]
    facts.add(PackageInfo(FIRST, tuple(sorted(deps.items()))))


# --- platforms -----------------------------------------------------------------------

def _vercel(source: Source, facts: FileFacts) -> None:
    _json(source)
    facts.add(DeploymentTarget("vercel", FIRST, serverless=True))


def _netlify(source: Source, facts: FileFacts) -> None:
    data = _toml(source)
    # Netlify deploys each file (or folder) of its functions directory as its own function:
    # `[functions] directory`, else `[build] functions`, else the default.
    folder = "netlify/functions"
    if isinstance(data, dict):
        functions, build = data.get("functions"), data.get("build")
        if isinstance(functions, dict) and isinstance(functions.get("directory"), str):
            folder = functions["directory"]
        elif isinstance(build, dict) and isinstance(build.get("functions"), str):
            folder = build["functions"]
    facts.add(DeploymentTarget("netlify", FIRST, serverless=True, detail=posixpath.normpath(folder)))


def _wrangler(source: Source, facts: FileFacts) -> None:
    data = _toml(source) if source.path.suffix == ".toml" else _json(source, jsonc=True)
    detail = "hyperdrive" if isinstance(data, dict) and data.get("hyperdrive") else ""
    facts.add(DeploymentTarget("cloudflare-workers", FIRST, serverless=True, detail=detail))


def _dockerfile(source: Source, facts: FileFacts) -> None:
    facts.add(DeploymentTarget("docker", FIRST, serverless=False))


def _env_entries(env: Any) -> tuple[list[tuple[str, str, Span]], list[str]]:
    """Compose/serverless `environment:` as a map or a `KEY=value` list."""
    values: list[tuple[str, str, Span]] = []
    refs: list[str] = []
    if hasattr(env, "value_spans"):
        for key, value in env.items():
            if value is None or isinstance(value, (dict, list)):
                refs.append(key)
            else:
                values.append((key, str(value) if not isinstance(value, bool) else str(value).lower(),
                               env.value_span(key)))
    elif hasattr(env, "item_spans"):
        for i, item in enumerate(env):
            if not isinstance(item, str):
                continue
            key, eq, value = item.partition("=")
            span = env.item_span(i)
            if not eq:
                refs.append(key.strip())
                continue
            # the value starts after `KEY=` (plus an opening quote when quoted)
            quote = 1 if span.end_col - span.col > len(item) and span.line == span.end_line else 0
            col = span.col + quote + len(key) + 1
            values.append((key.strip(), value, Span(span.line, col, span.line, col + len(value))))
    return values, refs


def _handler_module(handler: Any, code_uri: str = "") -> str:
    """`handlers/users.handler` -> `handlers/users` (the entry module of a function)."""
    if not isinstance(handler, str) or "." not in handler:
        return ""
    module = handler.rsplit(".", 1)[0]
    prefix = code_uri.strip("./").rstrip("/")
    return f"{prefix}/{module}" if prefix else module


def _serverless(source: Source, facts: FileFacts) -> None:
    docs = _yaml(source)
    data = docs[0] if docs else None
    facts.add(DeploymentTarget("serverless-framework", FIRST, serverless=True))
    if not isinstance(data, dict):
        return
    provider = data.get("provider") if isinstance(data.get("provider"), dict) else {}
    env, refs = _env_entries(provider.get("environment")) if provider else ([], [])
    _emit_env_urls(facts, env)
    functions = data.get("functions")
    if not isinstance(functions, dict):
        return
    for fname, fn in functions.items():
        if not isinstance(fn, dict):
            continue
        fenv, frefs = _env_entries(fn.get("environment"))
        _emit_env_urls(facts, fenv)
        replicas = span = None
        where = ""
        for key in ("reservedConcurrency", "provisionedConcurrency"):
            if _as_int(fn.get(key)) is not None:
                replicas, span, where = _as_int(fn.get(key)), fn.value_span(key), key
                break
        facts.add(Workload(fname, functions.key_span(fname), "aws-lambda", "function",
                           replicas=replicas, replicas_span=span, replicas_source=where,
                           env=tuple(env + fenv), env_refs=tuple(refs + frefs),
                           entry=_handler_module(fn.get("handler"))))


def _sam(source: Source, facts: FileFacts) -> None:
    docs = _yaml(source)
    data = docs[0] if docs else None
    if not isinstance(data, dict) or not isinstance(data.get("Resources"), dict):
        return
    globals_fn = ((data.get("Globals") or {}).get("Function") or {}) if isinstance(data.get("Globals"), dict) else {}
    resources = data["Resources"]
    found = False
    for rname, res in resources.items():
        if not isinstance(res, dict) or res.get("Type") not in ("AWS::Serverless::Function", "AWS::Lambda::Function"):
            continue
        if not found:
            facts.add(DeploymentTarget("aws-sam", resources.key_span(rname), serverless=True))
            found = True
        props = res.get("Properties") if isinstance(res.get("Properties"), dict) else {}
        replicas = span = None
        where = ""
        for holder in (props, globals_fn if isinstance(globals_fn, dict) else {}):
            value = holder.get("ReservedConcurrentExecutions")
            if _as_int(value) is not None:
                replicas, span, where = _as_int(value), holder.value_span("ReservedConcurrentExecutions"), "ReservedConcurrentExecutions"
                break
            pcc = holder.get("ProvisionedConcurrencyConfig")
            if isinstance(pcc, dict) and _as_int(pcc.get("ProvisionedConcurrentExecutions")) is not None:
                replicas = _as_int(pcc["ProvisionedConcurrentExecutions"])
                span, where = pcc.value_span("ProvisionedConcurrentExecutions"), "ProvisionedConcurrentExecutions"
                break
        env: list = []
        refs: list = []
        for holder in (globals_fn if isinstance(globals_fn, dict) else {}, props):
            variables = (holder.get("Environment") or {}).get("Variables") if isinstance(holder.get("Environment"), dict) else None
            if isinstance(variables, dict):
                e, r = _env_entries(variables)
                env += e
                refs += r
        _emit_env_urls(facts, env)
        code_uri = props.get("CodeUri") if isinstance(props.get("CodeUri"), str) else ""
        facts.add(Workload(rname, resources.key_span(rname), "aws-lambda", "function",
                           replicas=replicas, replicas_span=span, replicas_source=where,
                           env=tuple(env), env_refs=tuple(refs),
                           entry=_handler_module(props.get("Handler"), code_uri)))


def _compose(source: Source, facts: FileFacts) -> None:
    docs = _yaml(source)
    data = docs[0] if docs else None
    if not isinstance(data, dict):
        return
    facts.add(DeploymentTarget("docker-compose", FIRST, serverless=False))
    services = data.get("services")
    if not isinstance(services, dict):
        return
    for sname, svc in services.items():
        if not isinstance(svc, dict):
            continue
        image = svc.get("image") if isinstance(svc.get("image"), str) else None
        role = _role(image, sname if not image else "")
        env, refs = _env_entries(svc.get("environment"))
        if svc.get("env_file"):
            refs.append("<env_file>")
        replicas = span = None
        where = ""
        deploy = svc.get("deploy") if isinstance(svc.get("deploy"), dict) else None
        if deploy is not None and _as_int(deploy.get("replicas")) is not None:
            replicas, span, where = _as_int(deploy["replicas"]), deploy.value_span("replicas"), "deploy.replicas"
        elif _as_int(svc.get("scale")) is not None:
            replicas, span, where = _as_int(svc["scale"]), svc.value_span("scale"), "scale"
        cpus = _cpus(svc.get("cpus"))
        if deploy is not None:
            limits = ((deploy.get("resources") or {}).get("limits") or {}) if isinstance(deploy.get("resources"), dict) else {}
            if isinstance(limits, dict) and limits.get("cpus") is not None:
                cpus = _cpus(limits.get("cpus"))
        facts.add(Workload(sname, services.key_span(sname), "docker-compose", "service", role,
                           replicas, span, where, cpus, image, tuple(env), tuple(refs)))
        _emit_env_urls(facts, env)
        if role == "pooler":
            _pooler_settings(facts, env, "docker-compose")
        if role == "database":
            command = svc.get("command")
            if isinstance(command, str):
                _max_connections_in(source, facts, command, svc.value_span("command"), "docker-compose command")
            elif isinstance(command, list):
                joined = " ".join(str(c) for c in command)
                if MAX_CONN.search(joined):
                    for i, item in enumerate(command):
                        if "max_connections" in str(item):
                            text = str(item) if "=" in str(item) else joined
                            m = re.search(r"max_connections\s*=\s*(\d+)", text)
                            if m:
                                facts.add(MaxConnections(int(m[1]), _locate(source, command.item_span(i), m.group(0)),
                                                         "docker-compose command"))
                            break
            for key, value, vspan in env:
                if key == "POSTGRESQL_MAX_CONNECTIONS" and _as_int(value) is not None:
                    facts.add(MaxConnections(int(value), vspan, "docker-compose environment"))


def _kubernetes(source: Source, facts: FileFacts) -> None:
    if "{{" in source.text:
        return  # a Helm template: not YAML until rendered
    try:
        docs = _yaml(source)
    except _Problem:
        if re.search(r"^apiVersion:", source.text, re.M):
            raise
        return
    targeted = False
    for doc in docs:
        if not isinstance(doc, dict) or not isinstance(doc.get("kind"), str) or "apiVersion" not in doc:
            continue
        kind = doc["kind"]
        if kind == "List" and isinstance(doc.get("items"), list):
            continue
        meta = doc.get("metadata") if isinstance(doc.get("metadata"), dict) else {}
        name = str(meta.get("name", ""))
        spec = doc.get("spec") if isinstance(doc.get("spec"), dict) else {}
        if kind == "HorizontalPodAutoscaler":
            ref = spec.get("scaleTargetRef") if isinstance(spec.get("scaleTargetRef"), dict) else {}
            if _as_int(spec.get("maxReplicas")) is not None:
                facts.add(Autoscaler(doc.span, str(ref.get("kind", "")), str(ref.get("name", "")),
                                     _as_int(spec["maxReplicas"]), spec.value_span("maxReplicas")))
            continue
        if kind not in K8S_WORKLOADS:
            continue
        if not targeted:
            facts.add(DeploymentTarget("kubernetes", doc.key_span("kind"), serverless=False))
            targeted = True
        pod = ((spec.get("template") or {}).get("spec") or {}) if isinstance(spec.get("template"), dict) else {}
        containers = pod.get("containers") if isinstance(pod, dict) and isinstance(pod.get("containers"), list) else []
        env: list = []
        refs: list = []
        image = None
        cpus = None
        mc_args: list = []
        for c in containers:
            if not isinstance(c, dict):
                continue
            image = image or (c.get("image") if isinstance(c.get("image"), str) else None)
            limits = ((c.get("resources") or {}).get("limits") or {}) if isinstance(c.get("resources"), dict) else {}
            if isinstance(limits, dict) and limits.get("cpu") is not None:
                cpus = _cpus(limits["cpu"])
            for entry in c.get("env") or []:
                if not isinstance(entry, dict) or "name" not in entry:
                    continue
                if "value" in entry and entry["value"] is not None:
                    env.append((str(entry["name"]), str(entry["value"]), entry.value_span("value")))
                else:
                    refs.append(str(entry["name"]))
            if c.get("envFrom"):
                refs.append("<envFrom>")
            for key in ("args", "command"):
                if isinstance(c.get(key), list):
                    mc_args.append(c[key])
        role = _role(image, name)
        replicas = span = None
        where = ""
        if _as_int(spec.get("replicas")) is not None:
            replicas, span, where = _as_int(spec["replicas"]), spec.value_span("replicas"), "replicas"
        facts.add(Workload(name, meta.key_span("name") if "name" in meta else doc.span, "kubernetes", kind,
                           role, replicas, span, where, cpus, image, tuple(env), tuple(refs)))
        _emit_env_urls(facts, env)
        if role == "pooler":
            _pooler_settings(facts, env, "kubernetes")
        if role == "database":
            for args in mc_args:
                for i, item in enumerate(args):
                    m = re.search(r"max_connections\s*=\s*(\d+)", str(item))
                    if m:
                        facts.add(MaxConnections(int(m[1]), _locate(source, args.item_span(i), m.group(0)),
                                                 "kubernetes args"))
            for key, value, vspan in env:
                if key == "POSTGRESQL_MAX_CONNECTIONS" and _as_int(value) is not None:
                    facts.add(MaxConnections(int(value), vspan, "kubernetes env"))


# --- database and pooler configuration ------------------------------------------------

def _pgbouncer(source: Source, facts: FileFacts) -> None:
    """pgbouncer.ini: `key = value`; comments are whole lines starting with ; or #."""
    section = ""
    for number, raw in enumerate(split_lines(source.text), start=1):
        stripped = raw.strip()
        if not stripped or stripped[0] in ";#":
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped[1:-1].strip().lower()
            continue
        key, eq, value = raw.partition("=")
        if not eq:
            continue
        key = key.strip().lower()
        start = raw.index("=") + 1
        start += len(raw[start:]) - len(raw[start:].lstrip())
        value = raw[start:].rstrip()
        span = (Span(number, start + 1, number, start + 1 + len(value)) if value
                else Span(number, 1, number, len(raw) + 1))
        if section == "pgbouncer":
            facts.add(PoolerSetting(key, value, span, section, "pgbouncer.ini"))
        elif section == "databases":
            facts.add(PoolerSetting(key, value, span, section, "pgbouncer.ini"))


def _postgresql_conf(source: Source, facts: FileFacts) -> None:
    for number, raw in enumerate(split_lines(source.text), start=1):
        m = re.match(r"^\s*max_connections\s*=?\s*'?(\d+)'?", raw)
        if m:
            facts.add(MaxConnections(int(m[1]), Span(number, m.start(1) + 1, number, m.end(1) + 1),
                                     "postgresql.conf"))
