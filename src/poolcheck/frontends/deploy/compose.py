"""docker-compose*.yml / compose.*: one Workload per service (role from its image, replicas
from `deploy.replicas` or `scale`, CPU limit), the URLs and pooler settings in its
environment, and a database service's `max_connections`."""

from __future__ import annotations

from typing import Any

from ...core.sources import Source
from ...facts import DeploymentTarget, FileFacts, MaxConnections, Workload
from .env import (
    MAX_CONN, MAX_CONN_SETTING, emit_env_urls, env_entries, max_connections_env, max_connections_in,
    pooler_settings, role as role_of,
)
from .formats import FIRST, as_cpus, as_int, locate, read_yaml

ORIGIN = "docker-compose"


def compose(source: Source, facts: FileFacts) -> None:
    docs = read_yaml(source)
    data = docs[0] if docs else None
    if not isinstance(data, dict):
        return
    facts.add(DeploymentTarget("docker-compose", FIRST, serverless=False))
    services = data.get("services")
    if not isinstance(services, dict):
        return
    for sname, svc in services.items():
        if isinstance(svc, dict):
            _service(source, facts, services, sname, svc)


def _service(source: Source, facts: FileFacts, services: Any, sname: str, svc: Any) -> None:
    image = svc.get("image") if isinstance(svc.get("image"), str) else None
    role = role_of(image, sname if not image else "")
    env, refs = env_entries(svc.get("environment"))
    if svc.get("env_file"):
        refs.append("<env_file>")
    deploy = svc.get("deploy") if isinstance(svc.get("deploy"), dict) else None
    replicas, span, where = _replicas(svc, deploy)
    facts.add(Workload(sname, services.key_span(sname), "docker-compose", "service", role,
                       replicas, span, where, _cpus(svc, deploy), image, tuple(env), tuple(refs)))
    emit_env_urls(facts, env)
    if role == "pooler":
        pooler_settings(facts, env, ORIGIN)
    if role == "database":
        _database_command(source, facts, svc)
        max_connections_env(facts, env, "docker-compose environment")


def _replicas(svc: Any, deploy: Any):
    if deploy is not None and as_int(deploy.get("replicas")) is not None:
        return as_int(deploy["replicas"]), deploy.value_span("replicas"), "deploy.replicas"
    if as_int(svc.get("scale")) is not None:
        return as_int(svc["scale"]), svc.value_span("scale"), "scale"
    return None, None, ""


def _cpus(svc: Any, deploy: Any) -> float | None:
    cpus = as_cpus(svc.get("cpus"))
    if deploy is not None:
        limits = ((deploy.get("resources") or {}).get("limits") or {}) if isinstance(deploy.get("resources"), dict) else {}
        if isinstance(limits, dict) and limits.get("cpus") is not None:
            cpus = as_cpus(limits.get("cpus"))
    return cpus


def _database_command(source: Source, facts: FileFacts, svc: Any) -> None:
    """`command: postgres -c max_connections=200`, as a string or a list."""
    command = svc.get("command")
    if isinstance(command, str):
        max_connections_in(source, facts, command, svc.value_span("command"), "docker-compose command")
        return
    if not isinstance(command, list):
        return
    joined = " ".join(str(c) for c in command)
    if not MAX_CONN.search(joined):
        return
    for i, item in enumerate(command):
        if "max_connections" in str(item):
            text = str(item) if "=" in str(item) else joined
            m = MAX_CONN_SETTING.search(text)
            if m:
                facts.add(MaxConnections(int(m[1]), locate(source, command.item_span(i), m.group(0)),
                                         "docker-compose command"))
            break
