"""Code embedded in other files: .vue and .svelte `<script>` blocks, the .astro frontmatter
and, when enabled, fenced ts/js blocks in Markdown.

Each script part is analysed by the TS/JS front-end on a copy of the host file in which
every byte outside the script is replaced by a space (newlines kept): byte offsets are
then the host's own, so every diagnostic points at the host file's line and column with
no mapping step. The blocks are located with a small scanner over the markup (tags,
fences), never by reading the code itself.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ...core.sources import Source
from ...facts import FileFacts, Scope, ScopeKind
from ...vocabulary.kinds import FENCE_LANGUAGES
from .analyser import analyse_program



def _blank(data: bytes, ranges: list[tuple[int, int]]) -> bytes:
    out = bytearray(b" " * len(data))
    for i, byte in enumerate(data):
        if byte in (10, 13):
            out[i] = byte
    for start, end in ranges:
        out[start:end] = data[start:end]
    return bytes(out)


def script_blocks(data: bytes) -> list[tuple[int, int, str, bytes]]:
    """(content start, content end, grammar, opening tag) for every top-level `<script>`."""
    blocks = []
    lower = data.lower()
    pos = 0
    while True:
        start = lower.find(b"<script", pos)
        if start == -1:
            break
        after = start + len(b"<script")
        if after < len(data) and data[after:after + 1] not in (b">", b" ", b"\t", b"\n", b"\r", b"/"):
            pos = after
            continue
        tag_end = data.find(b">", after)
        if tag_end == -1:
            break
        tag = data[start:tag_end + 1]
        if tag.endswith(b"/>") or not _component_script(data, start, tag):
            pos = tag_end + 1
            continue
        close = lower.find(b"</script", tag_end + 1)
        if close == -1:
            close = len(data)
        grammar = "typescript" if _attr(tag, b"lang") in (b"ts", b"typescript") else "tsx"
        blocks.append((tag_end + 1, close, grammar, tag))
        pos = close + 1
    return blocks


SCRIPT_TYPES = (None, b"module", b"text/javascript", b"application/javascript", b"text/typescript")


def _component_script(data: bytes, start: int, tag: bytes) -> bool:
    """A component's own `<script>` opens its line and holds JS/TS; a `<script>` written
    inside markup or an expression (`{@html `<script type="application/ld+json">`}`)
    or holding data (JSON-LD, templates) is not code of the component."""
    line_start = data.rfind(b"\n", 0, start) + 1
    if data[line_start:start].strip():
        return False
    return _attr(tag, b"type") in SCRIPT_TYPES


def _attr(tag: bytes, name: bytes) -> bytes | None:
    low = tag.lower()
    i = low.find(name + b"=")
    if i == -1:
        return None
    rest = tag[i + len(name) + 1:]
    if rest[:1] in (b'"', b"'"):
        end = rest.find(rest[:1], 1)
        return rest[1:end].lower() if end != -1 else None
    end = min((p for p in (rest.find(b" "), rest.find(b">")) if p != -1), default=len(rest))
    return rest[:end].lower()


def _is_module_script(kind: str, tag: bytes) -> bool:
    """Svelte `<script context="module">`/`<script module>` and a Vue `<script>` without
    `setup` run once per module, not per component instance."""
    low = tag.lower()
    if kind == "svelte":
        return _attr(tag, b"context") == b"module" or b" module" in low
    return b"setup" not in low


def astro_frontmatter(data: bytes) -> tuple[int, int] | None:
    """Byte range of the code between the leading `---` fences of an .astro file."""
    i = 0
    while i < len(data) and data[i:i + 1] in (b" ", b"\t", b"\r", b"\n"):
        i += 1
    if not data.startswith(b"---", i):
        return None
    start = data.find(b"\n", i)
    if start == -1:
        return None
    start += 1
    pos = start
    while pos < len(data):
        nl = data.find(b"\n", pos)
        line_end = nl if nl != -1 else len(data)
        if data[pos:line_end].rstrip(b"\r \t") == b"---":
            return start, pos
        if nl == -1:
            break
        pos = nl + 1
    return start, len(data)


def markdown_fences(data: bytes) -> list[tuple[int, int, str]]:
    """(content start, content end, grammar) of fenced ts/js blocks (``` or ~~~)."""
    out = []
    pos = 0
    fence = None  # (marker char, length, info grammar, content start)
    while pos <= len(data):
        nl = data.find(b"\n", pos)
        line_end = nl if nl != -1 else len(data)
        line = data[pos:line_end].rstrip(b"\r")
        stripped = line.lstrip(b" ")
        indent = len(line) - len(stripped)
        if indent < 4 and stripped[:3] in (b"```", b"~~~"):
            marker = stripped[:1]
            length = len(stripped) - len(stripped.lstrip(marker))
            if fence is None:
                info = stripped[length:].strip().split(b" ")[0].split(b"{")[0].decode("utf-8", "replace").lower()
                fence = (marker, length, FENCE_LANGUAGES.get(info), line_end + 1)
            elif marker == fence[0] and length >= fence[1] and not stripped[length:].strip():
                if fence[2] is not None:
                    out.append((fence[3], pos, fence[2]))
                fence = None
        if nl == -1:
            break
        pos = nl + 1
    return out


def analyse(source: Source, settings) -> FileFacts:
    data = source.data
    path = PurePosixPath(source.path.as_posix())
    language = source.kind
    facts = FileFacts(path=source.path, language=language)
    if source.kind in ("vue", "svelte"):
        framework = "Vue" if source.kind == "vue" else "Svelte"
        for start, end, grammar, tag in script_blocks(data):
            buffer = _blank(data, [(start, end)])
            if _is_module_script(source.kind, tag):
                scope = None  # runs once when the component module is imported
            else:
                # the instance script runs per component instance: per request under SSR
                scope = Scope(ScopeKind.REQUEST, f"{framework} component",
                              "<script setup>" if source.kind == "vue" else "<script>")
            analyse_program(buffer, grammar, path, source.span, facts, module_scope=scope)
    elif source.kind == "astro":
        rng = astro_frontmatter(data)
        if rng is None:
            return facts
        buffer = _blank(data, [rng])
        anchor = source.span(max(rng[0] - 4, 0), max(rng[0] - 1, 0))
        scope = Scope(ScopeKind.REQUEST, "Astro", "frontmatter", anchor)
        analyse_program(buffer, "typescript", path, source.span, facts, module_scope=scope)
    elif source.kind == "markdown":
        if not settings.option("include-markdown"):
            return facts
        for start, end, grammar in markdown_fences(data):
            buffer = _blank(data, [(start, end)])
            analyse_program(buffer, grammar, path, source.span, facts)
    return facts
