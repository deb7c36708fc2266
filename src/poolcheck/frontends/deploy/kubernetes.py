"""Kubernetes manifests: one Workload per Deployment/StatefulSet/DaemonSet/ReplicaSet
(replicas, containers' image, CPU limit and environment), HorizontalPodAutoscaler caps,
and a database container's `max_connections` in its args. Helm templates are skipped:
they are not YAML until rendered."""

from __future__ import annotations

import re
from typing import Any

from ...core.sources import Source
from ...facts import Autoscaler, DeploymentTarget, FileFacts, MaxConnections, Workload
from .env import MAX_CONN_SETTING, emit_env_urls, max_connections_env, pooler_settings, role as role_of
from .formats import Problem, as_cpus, as_int, locate, read_yaml

K8S_WORKLOADS = ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet")


def kubernetes(source: Source, facts: FileFacts) -> None:
    if "{{" in source.text:
        return  # a Helm template: not YAML until rendered
    try:
        docs = read_yaml(source)
    except Problem:
        if re.search(r"^apiVersion:", source.text, re.M):
            raise
        return
    targeted = False
    for doc in docs:
        if not isinstance(doc, dict) or not isinstance(doc.get("kind"), str) or "apiVersion" not in doc:
            continue
        kind = doc["kind"]
        spec = doc.get("spec") if isinstance(doc.get("spec"), dict) else {}
        if kind == "HorizontalPodAutoscaler":
            _autoscaler(facts, doc, spec)
        elif kind in K8S_WORKLOADS:
            if not targeted:
                facts.add(DeploymentTarget("kubernetes", doc.key_span("kind"), serverless=False))
                targeted = True
            _workload(source, facts, doc, kind, spec)


def _autoscaler(facts: FileFacts, doc: Any, spec: Any) -> None:
    ref = spec.get("scaleTargetRef") if isinstance(spec.get("scaleTargetRef"), dict) else {}
    if as_int(spec.get("maxReplicas")) is not None:
        facts.add(Autoscaler(doc.span, str(ref.get("kind", "")), str(ref.get("name", "")),
                             as_int(spec["maxReplicas"]), spec.value_span("maxReplicas")))


class _Pod:
    """What the containers of a pod template say, gathered in one pass."""

    def __init__(self, containers: list):
        self.env: list = []
        self.refs: list = []
        self.image = None
        self.cpus = None
        self.args: list = []
        for c in containers:
            if isinstance(c, dict):
                self._container(c)

    def _container(self, c: Any) -> None:
        self.image = self.image or (c.get("image") if isinstance(c.get("image"), str) else None)
        limits = ((c.get("resources") or {}).get("limits") or {}) if isinstance(c.get("resources"), dict) else {}
        if isinstance(limits, dict) and limits.get("cpu") is not None:
            self.cpus = as_cpus(limits["cpu"])
        for entry in c.get("env") or []:
            if not isinstance(entry, dict) or "name" not in entry:
                continue
            if "value" in entry and entry["value"] is not None:
                self.env.append((str(entry["name"]), str(entry["value"]), entry.value_span("value")))
            else:
                self.refs.append(str(entry["name"]))
        if c.get("envFrom"):
            self.refs.append("<envFrom>")
        for key in ("args", "command"):
            if isinstance(c.get(key), list):
                self.args.append(c[key])


def _workload(source: Source, facts: FileFacts, doc: Any, kind: str, spec: Any) -> None:
    meta = doc.get("metadata") if isinstance(doc.get("metadata"), dict) else {}
    name = str(meta.get("name", ""))
    template = spec.get("template")
    pod_spec = ((template or {}).get("spec") or {}) if isinstance(template, dict) else {}
    containers = pod_spec.get("containers") if isinstance(pod_spec, dict) and isinstance(pod_spec.get("containers"), list) else []
    pod = _Pod(containers)
    role = role_of(pod.image, name)
    replicas = span = None
    where = ""
    if as_int(spec.get("replicas")) is not None:
        replicas, span, where = as_int(spec["replicas"]), spec.value_span("replicas"), "replicas"
    facts.add(Workload(name, meta.key_span("name") if "name" in meta else doc.span, "kubernetes", kind,
                       role, replicas, span, where, pod.cpus, pod.image, tuple(pod.env), tuple(pod.refs)))
    emit_env_urls(facts, pod.env)
    if role == "pooler":
        pooler_settings(facts, pod.env, "kubernetes")
    if role == "database":
        for args in pod.args:
            for i, item in enumerate(args):
                m = MAX_CONN_SETTING.search(str(item))
                if m:
                    facts.add(MaxConnections(int(m[1]), locate(source, args.item_span(i), m.group(0)),
                                             "kubernetes args"))
        max_connections_env(facts, pod.env, "kubernetes env")
