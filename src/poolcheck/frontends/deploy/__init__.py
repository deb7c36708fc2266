"""Deployment and package files: what the project context needs to know about where and
how many copies of the app run.

Reads vercel.json, netlify.toml, serverless.yml, SAM/CloudFormation templates,
wrangler.toml/.json[c], Dockerfile, docker-compose*.yml, Kubernetes manifests,
pgbouncer.ini, postgresql.conf, package.json, pyproject.toml and requirements*.txt.
One module per family: `formats` (YAML/TOML/JSON readers and shared value readers),
`env` (environment entries, pooler and database settings in them), `packages`,
`platforms` (Vercel, Netlify, Workers, Docker, Serverless, SAM), `compose`, `kubernetes`
and `pgbouncer` (pgbouncer.ini, postgresql.conf).
"""

from __future__ import annotations

from ...core.sources import Source
from ...facts import FileFacts, ParseProblem
from ...vocabulary.kinds import is_dockerfile_name
from .compose import compose
from .formats import Problem
from .kubernetes import kubernetes
from .packages import package_json, pyproject, requirements
from .pgbouncer import pgbouncer, postgresql_conf
from .platforms import dockerfile, netlify, sam, serverless, vercel, wrangler

# Readers chosen by the kind discovery gave the file, then by its exact name.
BY_KIND = {"package-json": package_json, "pyproject": pyproject, "requirements": requirements,
           "k8s": kubernetes}
BY_NAME = {"vercel.json": vercel, "netlify.toml": netlify, "serverless.yml": serverless,
           "serverless.yaml": serverless, "template.yaml": sam, "template.yml": sam,
           "Dockerfile": dockerfile, "pgbouncer.ini": pgbouncer, "postgresql.conf": postgresql_conf}


def analyse(source: Source, settings=None) -> FileFacts:
    facts = FileFacts(path=source.path, language=source.kind)
    reader = _reader_for(source.kind, source.path.name)
    if reader is None:
        return facts
    try:
        reader(source, facts)
    except Problem as exc:
        facts.add(ParseProblem(exc.span, exc.message))
    return facts


def _reader_for(kind: str, name: str):
    if kind in BY_KIND:
        return BY_KIND[kind]
    if name in BY_NAME:
        return BY_NAME[name]
    if is_dockerfile_name(name):
        return dockerfile
    if name.startswith("wrangler."):
        return wrangler
    if name.startswith(("docker-compose", "compose.")):
        return compose
    return None
