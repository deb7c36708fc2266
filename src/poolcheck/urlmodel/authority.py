"""Where the userinfo, host and port sit in a `scheme://...` URL: one reading, shared by
the parser and by redaction, so both agree on where a password ends."""

from __future__ import annotations

from dataclasses import dataclass

from .schemes import _SCHEME


@dataclass(frozen=True)
class Authority:
    """Where `scheme://[userinfo@]host[:port]` sits in a URL's text (offsets into it).

    The userinfo ends at the LAST `@` after `//`, whatever the password holds (`?`, `/`,
    `#`, spaces, quotes): an unencoded delimiter in a password must never push part of it
    into the host, the path or the query, where it would be shown. The host runs from
    there to the first `/`, `?` or `#`."""

    start: int                 # just after `//`
    at: int                    # the `@` that ends the userinfo, or -1
    colon: int                 # the `:` between user and password (inside the userinfo), or -1
    host_start: int
    end: int                   # just after host[:port]: where the path or query starts

    @property
    def userinfo(self) -> tuple[int, int] | None:
        return (self.start, self.at) if self.at != -1 else None


def split_authority(text: str) -> Authority | None:
    """The authority of a `scheme://...` URL, or None when there is no `//` after the scheme."""
    lead = len(text) - len(text.lstrip())
    m = _SCHEME.match(text, lead)
    if m is None or not text.startswith("//", m.end()):
        return None
    start = m.end() + 2
    at = text.rfind("@", start)
    colon = -1
    if at != -1:
        colon = text.find(":", start, at)
        if not _user_shaped(text, start, colon if colon != -1 else at):
            at = colon = -1  # `https://example.com/a:b@c`, `//host/db?email=a@b`: no userinfo
    host_start = at + 1 if at != -1 else start
    end = len(text)
    for delimiter in "/?#":
        i = text.find(delimiter, host_start, end)
        if i != -1:
            end = i
    return Authority(start, at, colon, host_start, end)


def _cut_password(text: str, auth: Authority) -> bool:
    """No `@`, and what follows `host:` is no port (`postgresql://app:pa?ss`): a URL cut
    short inside its password, never read as host, port or query."""
    colon = text.find(":", auth.start, auth.end)
    if colon == -1 or text[auth.start:auth.start + 1] == "[":
        return False
    port = text[colon + 1:auth.end].split(";", 1)[0]  # SQL Server: host:1433;key=value
    return bool(port) and not port.isdigit() and "," not in port


def _user_shaped(text: str, start: int, end: int) -> bool:
    """A user name has no `/`, `?`, `#` or white space (a password may hold anything)."""
    return not any(c in "/?#" or c.isspace() for c in text[start:end])
