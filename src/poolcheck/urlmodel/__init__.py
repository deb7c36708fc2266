"""The connection-URL model (`parse_url`, `ConnectionUrl`), the parameters each engine
reads, poolers, PC307's credential vocabulary, and redaction: the single choke point
every URL shown goes through (`redact`, `redact_text`, `redact_line`).

Stdlib only. Callers import the names below from here; the modules are: `schemes`
(providers, "is this a connection URL"), `authority` (where the userinfo ends), `model`
(the parser), `params` (engine parameters and their checks), `poolers`, `credentials`
(placeholders, local hosts), `names` (environment-variable names), `redaction`.
"""

from __future__ import annotations

from .credentials import local_service, placeholder_password, template_host
from .model import ConnectionUrl, Param, parse_url
from .names import env_name_holds_url, names_direct_url
from .params import ParamProblem, appended_query, check_params, pool_params, suggest
from .redaction import is_secret_key, redact, redact_line, redact_text
from .schemes import bare_scheme, is_accelerate, looks_like_connection_url

__all__ = [
    "ConnectionUrl", "Param", "ParamProblem", "appended_query", "check_params", "env_name_holds_url", "is_accelerate", "is_secret_key",
    "bare_scheme", "local_service", "looks_like_connection_url", "names_direct_url", "parse_url", "placeholder_password",
    "pool_params", "redact", "redact_line", "redact_text", "suggest", "template_host",
]
