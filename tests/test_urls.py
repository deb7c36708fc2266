"""The connection-URL model: providers, parameters, poolers, RDS Proxy, redaction."""

import pytest
from hypothesis import example, given, settings, strategies as st

from poolcheck.urlmodel import check_params, looks_like_connection_url, parse_url, pool_params, redact, suggest


@pytest.mark.parametrize("text,provider", [
    ("postgresql://u:p@h:5432/db", "postgresql"), ("postgres://h/db", "postgresql"),
    ("mysql://root@h/db", "mysql"), ("sqlserver://h:1433;database=x", "sqlserver"),
    ("file:./dev.db", "sqlite"), ("mongodb+srv://u:p@c.mongodb.net/db", "mongodb"),
    ("prisma://accelerate.prisma-data.net/?api_key=k", "accelerate"),
    ("prisma+postgres://localhost:51213/?api_key=k", "accelerate"),
    ("https://example.com", None),
])
def test_providers(text, provider):
    assert parse_url(text).provider == provider


def test_schema_provider_overrides_the_scheme():
    assert parse_url("postgresql://h/db", "cockroachdb").provider == "cockroachdb"


def test_standard_parts_and_params():
    url = parse_url("postgresql://app:p%40ss@db.example.com:6543/main?schema=s&connection_limit=3&connection_limit=5")
    assert (url.host, url.port, url.user, url.password, url.database) == ("db.example.com", 6543, "app", "p@ss", "main")
    assert url.get("connection_limit") == "5" and url.connection_limit() == 5
    assert url.raw[url.params[0].start:url.params[0].end] == "schema=s"


def test_sqlserver_form_is_case_insensitive_and_braced():
    url = parse_url("sqlserver://h:1433;Database=app;User=sa;Password={a;b}};ConnectionLimit=4;poolTimeout=0")
    assert (url.host, url.port, url.database, url.user) == ("h", 1433, "app", "sa")
    assert url.get("password") == "a;b}" and url.has_password
    assert url.get("connectionlimit") == "4" and url.connection_limit() == 4
    assert not [p for p in check_params(url) if p.kind == "unknown"]


@pytest.mark.parametrize("text,kind,transaction", [
    ("postgresql://u:p@aws-0-eu-central-1.pooler.supabase.com:6543/postgres", "supabase", True),
    ("postgresql://u:p@aws-0-eu-central-1.pooler.supabase.com:5432/postgres", "supabase", False),
    ("postgresql://u:p@ep-cool-1234-pooler.us-east-2.aws.neon.tech/neondb", "neon", True),
    ("postgresql://u:p@pgbouncer.internal:5432/db", "pgbouncer", True),
    ("postgresql://u:p@10.0.0.1:6432/db", "port", True),
    ("postgresql://u:p@db.internal:6543/db", "port", True),
    ("postgres://u:p@pooled.db.prisma.io:5432/postgres", "prisma-postgres", False),
])
def test_pooler_detection(text, kind, transaction):
    pooler = parse_url(text).pooler
    assert pooler is not None and (pooler.kind, pooler.transaction_mode) == (kind, transaction)


def test_no_pooler_on_direct_hosts_or_other_providers():
    assert parse_url("postgresql://u:p@db.abc.supabase.co:5432/postgres").pooler is None
    assert parse_url("mysql://u:p@h:6432/db").pooler is None


def test_pooled_counts_the_pgbouncer_flag():
    assert parse_url("postgresql://h:5432/db?pgbouncer=true").pooled
    assert not parse_url("postgresql://h:5432/db").pooled


def test_rds_proxy():
    assert parse_url("postgresql://u:p@app.proxy-c1x2y3.us-east-1.rds.amazonaws.com:5432/db").rds_proxy
    assert not parse_url("postgresql://u:p@app.c1x2y3.us-east-1.rds.amazonaws.com:5432/db").rds_proxy


@pytest.mark.parametrize("provider,key,suggestion", [
    ("postgresql", "connection_limt", "connection_limit"),
    ("postgresql", "connectionLimit", "connection_limit"),
    ("postgresql", "poolTimeout", "pool_timeout"),
    ("mysql", "pool_timout", "pool_timeout"),
    ("sqlserver", "connection_limit", "connectionLimit"),
])
def test_did_you_mean(provider, key, suggestion):
    assert suggest(provider, key) == suggestion


def test_check_params_kinds():
    def kinds(text):
        return sorted((p.kind, p.param.key) for p in check_params(parse_url(text)))
    assert kinds("postgresql://h/db?sslmode=require&application_name=x&options=-c%20a%3Db&channel_binding=require") == []
    assert kinds("mysql://h/db?pgbouncer=true") == [("other-provider", "pgbouncer")]
    assert kinds("postgresql://h/db?connection_limit=ten&pgbouncer=TRUE") == [("bad-type", "connection_limit"), ("bad-type", "pgbouncer")]
    assert kinds("postgresql://h/db?connection_limit=0") == [("zero-limit", "connection_limit")]
    assert kinds("postgresql://h/db?schema=a&schema=b") == [("duplicate", "schema")]
    assert kinds("mongodb://h/db?retryWrites=true&w=majority&maxPoolSize=5") == []


def test_query_issues():
    assert [i.kind for i in parse_url("postgresql://h/db?schema=a?connection_limit=1").issues] == ["second-question-mark"]
    assert [i.kind for i in parse_url("postgresql://h/db&connection_limit=1").issues] == ["ampersand-without-question-mark"]
    assert [i.kind for i in parse_url("postgresql://h/db?=1").issues] == ["empty-key"]


def test_pool_params():
    assert [p.key for p in pool_params(parse_url("prisma://a/?api_key=k&connection_limit=1&schema=x"))] == ["connection_limit"]


def test_looks_like_connection_url():
    assert looks_like_connection_url("postgresql://h/db") and looks_like_connection_url("file:./dev.db")
    assert not looks_like_connection_url("https://example.com") and not looks_like_connection_url("hello")


@pytest.mark.parametrize("text,expected", [
    ("postgresql://user:hunter2@host/db", "postgresql://user:***@host/db"),
    ("postgresql://user@host/db", "postgresql://user@host/db"),
    ("postgresql://u:p@ss@host/db", "postgresql://u:***@host/db"),
    ("postgresql://u:pa#ss@host/db?x=1", "postgresql://u:***@host/db?x=1"),
    ("prisma://accelerate.prisma-data.net/?api_key=eyJhbGciOi", "prisma://accelerate.prisma-data.net/?api_key=***"),
    ("sqlserver://h:1433;database=d;user=sa;password=Sekr1t;encrypt=true",
     "sqlserver://h:1433;database=d;user=sa;password=***;encrypt=true"),
    ("libsql://db.turso.io?authToken=abc.def", "libsql://db.turso.io?authToken=***"),
    ("postgresql://h/db?sslpassword=x&schema=s", "postgresql://h/db?sslpassword=***&schema=s"),
])
def test_redact(text, expected):
    assert redact(text) == expected


# A generated secret may be a substring of the fixed text around it (`postgr` of the
# scheme, `db`, `local`, `true`), so "the secret does not occur in the output" is not the
# property: the property is that the output is the input with the secret, and only the
# secret, replaced by ***. A URL in text ends at whitespace and control characters, so
# those are not characters of a secret.
_secret = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"),
                                         blacklist_characters="@/?#&;=%:"),
                  min_size=6, max_size=20).filter(lambda s: s.strip() == s)


@settings(max_examples=200)
@given(user=st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True), secret=_secret,
       host=st.sampled_from(["localhost", "db.example.com", "aws-0-x.pooler.supabase.com:6543"]),
       query=st.sampled_from(["", "?schema=public", "?pgbouncer=true&connection_limit=1"]),
       scheme=st.sampled_from(["postgresql", "postgres", "mysql", "mongodb+srv"]))
@example(user="u", secret="postgr", host="localhost", query="", scheme="postgresql")  # was a false failure
def test_redact_never_leaks_a_password(user, secret, host, query, scheme):
    out = redact(f"{scheme}://{user}:{secret}@{host}/db{query}")
    assert out == f"{scheme}://{user}:***@{host}/db{query}"


@settings(max_examples=100)
@given(secret=_secret, key=st.sampled_from(["api_key", "password", "token", "authToken", "access_token"]))
@example(secret="prisma", key="token")
def test_redact_never_leaks_secret_parameters(secret, key):
    assert redact(f"prisma://host/?{key}={secret}&x=1") == f"prisma://host/?{key}=***&x=1"
