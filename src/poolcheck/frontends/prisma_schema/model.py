"""The schema model: values (Expr), properties, blocks and the SchemaModel a parse
returns, and the names and messages Prisma's parser and get_config use."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...core.diagnostics import Span
from ...facts import Datasource, ParseProblem

URL_KEYS = ("url", "directUrl", "shadowDatabaseUrl")
KNOWN_PROVIDERS = ("postgresql", "postgres", "mysql", "sqlite", "sqlserver", "mongodb", "cockroachdb")
DATASOURCE_PROPERTIES = ("provider", "url", "directUrl", "shadowDatabaseUrl", "relationMode",
                         "referentialIntegrity", "extensions", "schemas")

# Prisma's own wording, so a user recognises the error from `prisma validate`.
MSG_TOP = "This line is invalid. It does not start with any known Prisma schema keyword."
MSG_MODEL = "This line is not a valid field or attribute definition."
MSG_ENUM = "This line is not an enum value definition."
MSG_CONFIG = "This line is not a valid definition within a {kind}."
MSG_BLOCK = ("This block is invalid. It does not start with any known Prisma schema keyword. "
             "Valid keywords include 'model', 'enum', 'type', 'datasource' and 'generator'.")
MSG_ALIAS = "Invalid type definition. Please check the documentation in https://pris.ly/d/composite-types"
MSG_ESCAPE = "Unknown escape sequence. If the value is a windows-style path, `\\` must be escaped as `\\\\`."
MSG_UNICODE = "Invalid unicode escape sequence."
# Prisma 7 (prisma-schema-wasm 7.x get_config), word for word.
MSG_URL_7 = {
    "url": ("The datasource property `url` is no longer supported in schema files. Move connection URLs "
            "for Migrate to `prisma.config.ts` and pass either `adapter` for a direct database connection "
            "or `accelerateUrl` for Accelerate to the `PrismaClient` constructor."),
    "directUrl": "The datasource property `{key}` is no longer supported in schema files. Move connection "
                 "URLs to `prisma.config.ts`.",
}
MSG_BOM = ("This line is invalid. It does not start with any known Prisma schema keyword: the file "
           "starts with a byte-order mark (U+FEFF), which Prisma does not accept; save it as UTF-8 without BOM.")

# pest's WHITESPACE: Unicode space separators and tabs.
_WS = " \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_NEWLINE = re.compile(r"\r\n|\n|\r")


@dataclass(frozen=True)
class Expr:
    """A value: kind "string" | "number" | "constant" | "function" | "array".

    `text` is the decoded string, the number or constant as written, or the function's
    name; `span` is the value's own span (for strings, the characters between the quotes).
    """

    kind: str
    text: str
    span: Span
    args: tuple[tuple[str | None, "Expr | None"], ...] = ()
    items: tuple["Expr", ...] = ()
    trailing_comma: bool = False  # `f(a,)`: Prisma's env() rejects it

    def env_var(self) -> str | None:
        """`X` for `env("X")` (or `env(name: "X")`), else None."""
        if self.kind == "function" and self.text == "env" and len(self.args) == 1 and not self.trailing_comma:
            value = self.args[0][1]
            if value is not None and value.kind == "string":
                return value.text
        return None


@dataclass(frozen=True)
class Property:
    key: str
    key_span: Span
    value: Expr


@dataclass(frozen=True)
class Block:
    kind: str                  # "model" | "type" | "view" | "enum" | "datasource" | "generator"
    name: str
    span: Span                 # the header's name
    properties: tuple[Property, ...] = ()

    def get(self, key: str) -> Property | None:
        """The last property with this key (the last one wins, as in Prisma)."""
        found = None
        for p in self.properties:
            if p.key == key:
                found = p
        return found


@dataclass
class SchemaModel:
    blocks: list[Block] = field(default_factory=list)
    datasources: list[Datasource] = field(default_factory=list)
    # Syntax errors (PC900) and the configuration errors Prisma's get_config reports
    # (missing provider, unknown property, ...), which poolcheck does not report itself.
    problems: list[ParseProblem] = field(default_factory=list)
    config_errors: list[ParseProblem] = field(default_factory=list)

    @property
    def datasource(self) -> Datasource | None:
        return self.datasources[0] if self.datasources else None

    def generators(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "generator"]

    @property
    def ok(self) -> bool:
        """What Prisma's get_config would accept (no syntax and no config errors)."""
        return not self.problems and not self.config_errors
