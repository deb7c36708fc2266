"""Comment syntax of every file kind poolcheck reads, and where a suppression may go.

One table, read by the suppression parser (`suppression.parse`), the editor's quick fix
(`poolcheck lsp`) and `--add-noqa`. Each entry says what the file's CONSUMER (the program
that reads the file in production) accepts, verified against the consumer itself in
tests/test_suppression_consumers.py:

- `trailing`: a comment may follow the value on the same line. PgBouncer's ini reader
  takes `;`/`#` as comments only at the start of a line (`pool_mode = statement ; x` is
  an invalid value and PgBouncer refuses to start); Docker reads `#` only at a line start.
- `placement`: where the quick fix writes a new directive: "same-line" (after the code)
  or "own-line" (a `poolcheck-ignore-next-line` line before it, with its indentation).
  Config formats whose values may span lines (.env quoted values, YAML, TOML) get an
  own line before the finding's line, which every reader skips as a whole-line comment.
- `None`: the format has no comments at all (package.json, vercel.json, wrangler.json):
  no inline suppression is possible; use `per-file-ignores` in the configuration.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath


@dataclass(frozen=True)
class CommentStyle:
    leaders: tuple[str, ...]      # comment starters the consumer accepts; first = preferred
    trailing: bool                # a comment may follow code on the same line
    placement: str                # "same-line" or "own-line": where a new directive goes
    directive: str = "poolcheck-ignore"  # the same-line directive the quick fix writes
    noqa: bool = False            # `# noqa` is honoured too (Python, and .env by habit)


PYTHON = CommentStyle(("#",), True, "same-line", directive="noqa:", noqa=True)
SLASH = CommentStyle(("//", "/*"), True, "same-line")
MARKUP = CommentStyle(("//", "/*", "<!--"), True, "same-line")  # .vue/.svelte/.astro/.md
PRISMA = CommentStyle(("//",), True, "same-line")
HASH_OWN_LINE = CommentStyle(("#",), True, "own-line")
DOTENV = CommentStyle(("#",), True, "own-line", noqa=True)
INI_LINE_START = CommentStyle((";", "#"), False, "own-line")     # pgbouncer.ini
HASH_LINE_START = CommentStyle(("#",), False, "own-line")        # Dockerfile
POSTGRESQL_CONF = CommentStyle(("#",), True, "same-line")        # `x = 1  # ...` is valid
JSONC = CommentStyle(("//", "/*"), True, "own-line")
REQUIREMENTS = CommentStyle(("#",), True, "same-line")           # pip: ` #` ends a line

# By file kind (engine.discovery.classify); kinds whose syntax depends on the file name are in
# BY_NAME / BY_SUFFIX below.
BY_KIND: dict[str, CommentStyle | None] = {
    "python": PYTHON,
    "typescript": SLASH, "tsx": SLASH, "javascript": SLASH, "prisma-config": SLASH,
    "vue": MARKUP, "svelte": MARKUP, "astro": MARKUP, "markdown": MARKUP,
    "prisma": PRISMA,
    "dotenv": DOTENV,
    "k8s": HASH_OWN_LINE,
    "pyproject": HASH_OWN_LINE,
    "requirements": REQUIREMENTS,
    "package-json": None,
}
BY_NAME: dict[str, CommentStyle | None] = {
    "pgbouncer.ini": INI_LINE_START,
    "postgresql.conf": POSTGRESQL_CONF,
    "Dockerfile": HASH_LINE_START,
    "vercel.json": None, "wrangler.json": None, "package.json": None,
    "wrangler.jsonc": JSONC,
}
BY_SUFFIX: dict[str, CommentStyle | None] = {
    ".yml": HASH_OWN_LINE, ".yaml": HASH_OWN_LINE, ".toml": HASH_OWN_LINE,
    ".json": None, ".jsonc": JSONC, ".ini": INI_LINE_START,
}


def style_for(path: PurePath, kind: str) -> CommentStyle | None:
    """The comment style of a file, or None when its format has no comments."""
    if path.name in BY_NAME:
        return BY_NAME[path.name]
    if kind in BY_KIND:
        return BY_KIND[kind]
    return BY_SUFFIX.get(path.suffix.lower(), HASH_OWN_LINE)
