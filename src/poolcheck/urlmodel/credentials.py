"""PC307's vocabulary: placeholder passwords, template hosts and local development
services (a URL with one of these is not a leaked secret)."""

from __future__ import annotations

import re

# PC307: what a credential nobody means to keep looks like. Templates, documentation,
# CLI help text and dev defaults hold these; a URL whose password is one of them, or that
# reaches a local development service, is not a leaked secret. Compared lower-case.
PLACEHOLDER_PASSWORDS = frozenset({
    "postgres", "postgresql", "password", "pass", "passwd", "pwd", "pw", "secret", "root", "toor",
    "mysql", "mariadb", "prisma", "admin", "administrator", "example", "changeme", "test",
    "tests", "testing", "dev", "devel", "development", "local", "docker", "sa", "mypassword",
    "johndoe", "randompassword", "yourpassword", "mysecretpassword", "123456", "1234",
    "12345", "12345678", "123456789", "qwerty", "letmein", "default", "guest", "user",
    "username", "demo", "sample", "dummy", "foo", "bar", "foobar", "baz", "abc", "abc123",
    "nopass", "nopassword", "none", "null", "empty", "x", "xxx", "password123!",
    "yourstrong@passw0rd", "yourstrong(!)password", "mongo", "mongodb", "redis", "app",
})
# Parts that make a password a template or a stand-in wherever they appear:
# `your-password`, `change_me_now`, `not-a-real-password`, `<redacted>`.
PLACEHOLDER_PARTS = ("password", "passwd", "passw0rd", "changeme", "change_me", "change-me",
                     "your", "placeholder", "example", "dummy", "redacted", "notreal", "not-a-real",
                     "not_a_real", "xxxx", "****", "replace_me", "replace-me", "replaceme")
# Words that make one only when the password is nothing but such words, digits and
# punctuation: `testpass`, `supersecret`, `postgres123`, `dev_db_pass` (not `Plant0Xq7Secret`).
PLACEHOLDER_WORDS = ("super", "top", "my", "the", "very", "some", "no", "not", "secret", "secrets",
                     "test", "tests", "testing", "pass", "pw", "pwd", "key", "sample", "fake", "demo",
                     "dev", "local", "admin", "root", "postgres", "postgresql", "pg", "mysql",
                     "mariadb", "docker", "prisma", "app", "user", "db", "database", "default",
                     "guest", "temp", "tmp", "foo", "bar", "baz", "qwerty", "abc", "mongo", "sql")
_LEET = str.maketrans("013457@$", "oieastas")
_WORDS_ONLY = re.compile("(?:" + "|".join(sorted(PLACEHOLDER_WORDS, key=len, reverse=True)) + ")+")
# Template syntax: `<password>`, `${DB_PASSWORD}`, `{{ .pass }}`, `$PGPASSWORD`, `%s`, `[pass]`.
_TEMPLATE = re.compile(r"^<.*>$|\$\{|\{\{|^\$[A-Za-z_(]|%[sd(]|^\[.*\]$|^_{2}.*_{2}$|^:")
# Hosts of documentation and templates: `your-host`, `host`, `db.example.com`, `x.invalid`.
TEMPLATE_HOSTS = frozenset({"host", "hostname", "server", "yourhost", "your-host", "your_host",
                            "dbhost", "db-host", "db_host", "database-host", "database_host",
                            "host.com", "domain.com", "mydomain.com", "yourdomain.com"})
TEMPLATE_HOST_PARTS = ("your", "example", "<", "${", "{{", "$")
TEMPLATE_TLDS = (".example", ".invalid", ".test", ".example.com", ".example.org", ".example.net")
# Local development services: loopback, Docker's host alias, and the service names
# compose files and quickstarts give the database (a compose file's own services count too).
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0", "host.docker.internal",
                            "gateway.docker.internal"})
# Service names quickstarts and compose files give the database container. In a
# Kubernetes manifest the same names are in-cluster production services: not local there.
DEV_SERVICE_NAMES = frozenset({"db", "postgres", "postgresql", "pg", "mysql", "mariadb", "database",
                               "mongo", "mongodb", "sqlserver", "mssql"})

def placeholder_password(password: str | None, user: str | None = None) -> bool:
    """A password that is a template or a well-known stand-in (PLACEHOLDER_PASSWORDS and
    PLACEHOLDER_PARTS, template syntax, one the user name repeats, or too short to be one)."""
    if not password:
        return True
    lower = password.strip().lower()
    if len(lower) < 4 or lower in PLACEHOLDER_PASSWORDS or _TEMPLATE.search(lower):
        return True
    if user and lower == user.strip().lower():
        return True
    if len(set(lower)) == 1:
        return True  # "aaaaaa", "******"
    for form in (lower, lower.translate(_LEET)):  # `P4ssw0rd`, `s3cret` too
        if any(part in form for part in PLACEHOLDER_PARTS):
            return True
        letters = "".join(c for c in form if c.isalpha())
        if letters and _WORDS_ONLY.fullmatch(letters):
            return True
    return False


def template_host(host: str | None) -> bool:
    """`host`, `your-host`, `db.example.com`, `<host>`: a host of documentation, not a server."""
    h = (host or "").strip().lower()
    if not h:
        return True
    return h in TEMPLATE_HOSTS or any(p in h for p in TEMPLATE_HOST_PARTS) or h.endswith(TEMPLATE_TLDS)


def local_service(host: str | None, services: frozenset[str] | set[str] = frozenset(),
                  dev_names: bool = True) -> bool:
    """Loopback, Docker's host alias, `*.localhost`, a usual database service name (unless
    `dev_names` is off: Kubernetes), or one of `services` (the services of the compose
    file that holds the URL)."""
    h = (host or "").strip().lower()
    return (h in LOOPBACK_HOSTS or dev_names and h in DEV_SERVICE_NAMES or h in {s.lower() for s in services}
            or h.endswith(".localhost") or h.startswith("127.") or h.endswith(".docker.internal"))
