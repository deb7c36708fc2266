"""The connection-URL model (`parse_url`, `ConnectionUrl`), the parameters each engine
reads, poolers, PC307's credential vocabulary, and redaction: the single choke point
every URL shown goes through (`redact`, `redact_text`, `redact_line`).

Stdlib only. Callers import the public names from here; the modules are:
`schemes` (providers, "is this a connection URL"), `authority` (where the userinfo ends),
`model` (the parser), `params` (engine parameters and their checks), `poolers`,
`credentials` (placeholders, local hosts), `names` (environment-variable names),
`redaction`.
"""

from __future__ import annotations

from .authority import Authority, split_authority
from .credentials import (DEV_SERVICE_NAMES, LOCAL_HOSTS, LOOPBACK_HOSTS, PLACEHOLDER_PARTS, PLACEHOLDER_PASSWORDS,
                          PLACEHOLDER_WORDS, TEMPLATE_HOST_PARTS, TEMPLATE_HOSTS, TEMPLATE_TLDS, local_service,
                          placeholder_password, template_host)
from .model import MAX_PARAMS, ConnectionUrl, Param, QueryIssue, parse_url
from .names import env_name_holds_url, names_direct_url
from .params import (ALIASES, DRIVER_PARAMS, ENGINE_PARAMS, POOL_PARAMS, ParamProblem, ParamSpec, check_params,
                     default_connection_limit, is_placeholder, pool_params, suggest)
from .poolers import Pooler, detect_pooler
from .redaction import SECRET_KEYS, is_secret_key, redact, redact_line, redact_text
from .schemes import ACCELERATE_SCHEMES, SCHEMES, is_accelerate, looks_like_connection_url, provider_of, scheme_of

__all__ = [
    "ACCELERATE_SCHEMES", "ALIASES", "Authority", "ConnectionUrl", "DEV_SERVICE_NAMES", "DRIVER_PARAMS",
    "ENGINE_PARAMS", "LOCAL_HOSTS", "LOOPBACK_HOSTS", "MAX_PARAMS", "PLACEHOLDER_PARTS", "PLACEHOLDER_PASSWORDS",
    "PLACEHOLDER_WORDS", "POOL_PARAMS", "Param", "ParamProblem", "ParamSpec", "Pooler", "QueryIssue", "SCHEMES",
    "SECRET_KEYS", "TEMPLATE_HOSTS", "TEMPLATE_HOST_PARTS", "TEMPLATE_TLDS", "check_params",
    "default_connection_limit", "detect_pooler", "env_name_holds_url", "is_accelerate", "is_placeholder",
    "is_secret_key", "local_service", "looks_like_connection_url", "names_direct_url", "parse_url",
    "placeholder_password", "pool_params", "provider_of", "redact", "redact_line", "redact_text", "scheme_of",
    "split_authority", "suggest", "template_host",
]
