"""PC307 hardcoded-credentials: a connection URL with a literal password outside .env files."""

from __future__ import annotations

from ...facts import UrlLiteral, Workload
from ...urlmodel import ConnectionUrl, local_service, placeholder_password, redact, template_host
from ..context import FileRuleContext
from ..helpers.urls import urls
from ..spec import E, RuleSpec, rule

SPEC = RuleSpec("PC307", "hardcoded-credentials", E, True, "file",
                'A connection URL with a literal password outside .env files',
                'Read the URL from an environment variable')


def credential_looks_real(url: ConnectionUrl, services: frozenset[str] = frozenset(),
                          cluster: bool = False) -> bool:
    """A password (or Accelerate API key) that is neither a placeholder nor for a local
    development service (urls.placeholder_password, template_host, local_service)."""
    if url.accelerate:
        key = url.get("api_key")
        return bool(key) and not placeholder_password(key)
    password = url.password_value
    if password is None or placeholder_password(password, url.user):
        return False
    return not (template_host(url.host) or local_service(url.host, services, dev_names=not cluster))


@rule(SPEC)
def hardcoded_credentials(ctx: FileRuleContext):
    # A compose file's own services are local development hosts (`@rallly_db`, `@hoppscotch-db`).
    workloads = list(ctx.facts.of(Workload))
    services = frozenset(w.name for w in workloads if w.platform == "docker-compose")
    # In a Kubernetes manifest `@postgres` is the production database's in-cluster service.
    cluster = any(w.platform == "kubernetes" for w in workloads)
    for lit, url in urls(ctx.facts):
        if lit.origin == "env" or not credential_looks_real(url, services, cluster):
            continue
        what = "an API key" if url.accelerate else "a password"
        yield ctx.report(
            lit.span,
            f"{redact(lit.value)} holds {what} in {_where(lit)}; read the URL from an environment "
            f"variable (env(\"DATABASE_URL\"), process.env, os.environ) and keep the value in .env")


def _where(lit: UrlLiteral) -> str:
    return {"schema": "the schema", "config": "prisma.config.ts", "code": "source code",
            "deploy": "a committed manifest"}.get(lit.origin, "a committed file")
