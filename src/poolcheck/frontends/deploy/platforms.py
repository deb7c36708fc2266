"""Hosting platforms: vercel.json, netlify.toml, wrangler.toml/.json[c], Dockerfile,
serverless.yml (Serverless Framework) and SAM/CloudFormation templates, with the
functions they deploy, their concurrency caps and environment."""

from __future__ import annotations

import posixpath
import re
from typing import Any

from ...core.diagnostics import Span
from ...core.sources import Source
from ...facts import DeploymentTarget, FileFacts, Workload
from .env import emit_env_urls, env_entries
from .formats import FIRST, as_int, read_json, read_toml, read_yaml
from ...vocabulary.platforms import STATIC_SITE

SAM_FUNCTIONS = ("AWS::Serverless::Function", "AWS::Lambda::Function")


def vercel(source: Source, facts: FileFacts) -> None:
    data = read_json(source)
    facts.add(DeploymentTarget("vercel", FIRST, serverless=True,
                               detail=STATIC_SITE if _static_site(data) else ""))


# vercel.json that deploys a built site only (`outputDirectory`, an SPA fallback to
# /index.html) and declares no function (`functions`, a non-static `builds` entry, `crons`):
# Vercel runs a function only from an api/ folder or a framework's server routes then.
def _static_site(data: Any) -> bool:
    if not isinstance(data, dict) or data.get("functions") or data.get("crons"):
        return False
    builds = data.get("builds")
    if builds and not (isinstance(builds, list) and all(
            isinstance(b, dict) and b.get("use") == "@vercel/static" for b in builds)):
        return False
    fallbacks = [r for key in ("routes", "rewrites") for r in (data.get(key) or ()) if isinstance(r, dict)]
    spa = any(str(r.get("dest") or r.get("destination") or "").rstrip("/") in ("/index.html", "/")
              for r in fallbacks)
    to_api = any(str(r.get("dest") or r.get("destination") or "").startswith("/api") for r in fallbacks)
    return (bool(data.get("outputDirectory")) or spa) and not to_api


def netlify(source: Source, facts: FileFacts) -> None:
    data = read_toml(source)
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


def wrangler(source: Source, facts: FileFacts) -> None:
    data = read_toml(source) if source.path.suffix == ".toml" else read_json(source, jsonc=True)
    detail = "hyperdrive" if isinstance(data, dict) and data.get("hyperdrive") else ""
    facts.add(DeploymentTarget("cloudflare-workers", FIRST, serverless=True, detail=detail))


def dockerfile(source: Source, facts: FileFacts) -> None:
    facts.add(DeploymentTarget("docker", FIRST, serverless=False))
    facts.env_set = dockerfile_env_names(source.text)


# `ENV A=1 B="x y"`, `ENV A 1` (the legacy one-variable form) and `ARG A[=default]`, their
# lines joined where they end in `\`: what the image's build steps and its process see.
_INSTRUCTION = re.compile(r"^[ \t]*(ENV|ARG)[ \t]+(.*)$", re.IGNORECASE | re.MULTILINE)
_ASSIGNED = re.compile(r"""(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=(?:"[^"]*"|'[^']*'|\S*)""")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def dockerfile_env_names(text: str) -> tuple[str, ...]:
    """The variables a Dockerfile's ENV and ARG instructions set, in order."""
    names: dict[str, None] = {}
    for m in _INSTRUCTION.finditer(re.sub(r"\\[ \t]*\r?\n", " ", text)):
        rest = m[2].strip()
        first = rest.split(None, 1)[0] if rest else ""
        if "=" in first:
            names.update(dict.fromkeys(a[1] for a in _ASSIGNED.finditer(rest)))
        elif _NAME.fullmatch(first):
            names[first] = None  # `ENV NAME value`, `ARG NAME`
    return tuple(names)


def _handler_module(handler: Any, code_uri: str = "") -> str:
    """`handlers/users.handler` -> `handlers/users` (the entry module of a function)."""
    if not isinstance(handler, str) or "." not in handler:
        return ""
    module = handler.rsplit(".", 1)[0]
    prefix = code_uri.strip("./").rstrip("/")
    return f"{prefix}/{module}" if prefix else module


def serverless(source: Source, facts: FileFacts) -> None:
    docs = read_yaml(source)
    data = docs[0] if docs else None
    facts.add(DeploymentTarget("serverless-framework", FIRST, serverless=True))
    if not isinstance(data, dict):
        return
    provider = data.get("provider") if isinstance(data.get("provider"), dict) else {}
    env, refs = env_entries(provider.get("environment")) if provider else ([], [])
    emit_env_urls(facts, env)
    functions = data.get("functions")
    if not isinstance(functions, dict):
        return
    for fname, fn in functions.items():
        if not isinstance(fn, dict):
            continue
        fenv, frefs = env_entries(fn.get("environment"))
        emit_env_urls(facts, fenv)
        replicas = span = None
        where = ""
        for key in ("reservedConcurrency", "provisionedConcurrency"):
            if as_int(fn.get(key)) is not None:
                replicas, span, where = as_int(fn.get(key)), fn.value_span(key), key
                break
        facts.add(Workload(fname, functions.key_span(fname), "aws-lambda", "function",
                           replicas=replicas, replicas_span=span, replicas_source=where,
                           env=tuple(env + fenv), env_refs=tuple(refs + frefs),
                           entry=_handler_module(fn.get("handler"))))


def sam(source: Source, facts: FileFacts) -> None:
    docs = read_yaml(source)
    data = docs[0] if docs else None
    if not isinstance(data, dict) or not isinstance(data.get("Resources"), dict):
        return
    globals_fn = ((data.get("Globals") or {}).get("Function") or {}) if isinstance(data.get("Globals"), dict) else {}
    globals_fn = globals_fn if isinstance(globals_fn, dict) else {}
    resources = data["Resources"]
    found = False
    for rname, res in resources.items():
        if not isinstance(res, dict) or res.get("Type") not in SAM_FUNCTIONS:
            continue
        if not found:
            facts.add(DeploymentTarget("aws-sam", resources.key_span(rname), serverless=True))
            found = True
        props = res.get("Properties") if isinstance(res.get("Properties"), dict) else {}
        replicas, span, where = _sam_concurrency((props, globals_fn))
        env, refs = _sam_environment((globals_fn, props))
        emit_env_urls(facts, env)
        code_uri = props.get("CodeUri") if isinstance(props.get("CodeUri"), str) else ""
        facts.add(Workload(rname, resources.key_span(rname), "aws-lambda", "function",
                           replicas=replicas, replicas_span=span, replicas_source=where,
                           env=tuple(env), env_refs=tuple(refs),
                           entry=_handler_module(props.get("Handler"), code_uri)))


def _sam_concurrency(holders) -> tuple[int | None, Span | None, str]:
    """The first concurrency cap among a function's properties, then the Globals."""
    for holder in holders:
        value = holder.get("ReservedConcurrentExecutions")
        if as_int(value) is not None:
            return as_int(value), holder.value_span("ReservedConcurrentExecutions"), "ReservedConcurrentExecutions"
        pcc = holder.get("ProvisionedConcurrencyConfig")
        if isinstance(pcc, dict) and as_int(pcc.get("ProvisionedConcurrentExecutions")) is not None:
            return (as_int(pcc["ProvisionedConcurrentExecutions"]),
                    pcc.value_span("ProvisionedConcurrentExecutions"), "ProvisionedConcurrentExecutions")
    return None, None, ""


def _sam_environment(holders) -> tuple[list, list]:
    """`Environment.Variables` of the Globals, then of the function."""
    env: list = []
    refs: list = []
    for holder in holders:
        variables = (holder.get("Environment") or {}).get("Variables") if isinstance(holder.get("Environment"), dict) else None
        if isinstance(variables, dict):
            e, r = env_entries(variables)
            env += e
            refs += r
    return env, refs
