"""Does a TS/JS program really have a syntax error? tree-sitter flags, oxc confirms.

tree-sitter-typescript 0.23 (the latest release) rejects valid TypeScript that the
TypeScript compiler accepts: an import type as a type argument
(`importOriginal<typeof import("m")>()`), `&` in JSX text and attribute strings,
`export type * from`, a typed tagged template, `unique` as an identifier, ... Its tree is
still a good tree around the gap, so facts come from it; but whether the file has a syntax
error at all is decided here by a conformant parser, the Rust `oxc` parser (package
`oxc-python`), run only on the few programs whose tree-sitter tree has an ERROR or MISSING
node, or a JSX element closed by another name (which tree-sitter accepts). `oxc_python`
is imported on first use, never at start-up.

oxc-python 0.1.1 gives every diagnostic the span 0..0 (its `convert_errors` does not carry
oxc's labels over), so the error is placed with oxc itself, on prefixes of the program cut
at line ends (`_first_failing_line`), then at tree-sitter's first error from that line on.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

__all__ = ["SyntaxProblem", "is_declaration_file", "mismatched_jsx_closings", "oxc_verdict",
           "syntax_error"]

# oxc descends recursively and its Python bindings build the AST recursively too: up to
# 1.4 KB of stack per byte of source (measured: `((((...`, 1 byte per level; template
# literals, type arguments and binary chains need less), so the default 8 MB main-thread
# stack overflows (a segfault, not an exception) near 5,000 levels. The arbiter runs on
# its own thread whose stack is sized for the worst case of the program at hand. That is
# address space only: pages are touched as deep as the recursion really goes, which for
# real code is a few hundred KB.
STACK_PER_BYTE = 1536
MIN_STACK_BYTES = 64 * 1024 * 1024
MAX_STACK_BYTES = 3 * 1024 * 1024 * 1024  # covers max-file-size's default of 2 MiB
SOURCE_TYPES = {"typescript": "ts", "tsx": "tsx"}  # tree-sitter grammar -> oxc source type
# oxc-python cannot be told that a file is a declaration file (.d.ts), where every
# declaration is ambient and `export const x: number;` is legal; the one error oxc reports
# for that is dropped for those files (the TypeScript parser accepts it there).
AMBIENT_ONLY_ERRORS = frozenset({"Missing initializer in const declaration"})
DECLARATION_SUFFIXES = (".d.ts", ".d.mts", ".d.cts")
MAX_LOCATE_PARSES = 200  # bounds the cost of placing an error (broken files only)


@dataclass(frozen=True)
class SyntaxProblem:
    start_byte: int
    end_byte: int
    message: str


def _oxc():
    try:
        import oxc_python
    except ImportError:  # a platform without a wheel, or installed with --no-deps
        return None
    return oxc_python


def _parse_errors(text: str, source_type: str, stack_bytes: int) -> list[str] | None:
    """oxc's error messages for `text` ([] when it parses), None when oxc cannot tell."""
    oxc = _oxc()
    if oxc is None:
        return None
    result: list = []

    def run() -> None:
        try:
            errors = oxc.parse(text, source_type=source_type).errors
            result.append([e.message for e in errors if e.severity == "error"])
        except BaseException as exc:  # a Rust panic arrives as a BaseException
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
    try:
        previous = threading.stack_size(stack_bytes)
    except (ValueError, RuntimeError):  # a platform that cannot give such a stack
        return None
    try:
        thread = threading.Thread(target=run, name="poolcheck-oxc", daemon=True)
        thread.start()
    except (RuntimeError, MemoryError):  # no thread, or no address space for its stack
        return None
    finally:
        threading.stack_size(previous)
    thread.join()
    return result[0] if result else None


def mismatched_jsx_closings(jsx_elements, data: bytes) -> list:
    """Closing tags of JSX elements closed by another name (`<A></B>`): tree-sitter accepts
    them, the TypeScript parser does not, so such a program goes to the arbiter too."""
    out = []
    for element in jsx_elements:
        opening = element.child_by_field_name("open_tag")
        closing = element.child_by_field_name("close_tag")
        if opening is None or closing is None:
            continue
        a, b = opening.child_by_field_name("name"), closing.child_by_field_name("name")
        if (a is None) != (b is None) or (a is not None and
                                          data[a.start_byte:a.end_byte] != data[b.start_byte:b.end_byte]):
            out.append(closing)
    return out


def _blank_count(data: bytes) -> int:
    return data.count(b" ") + data.count(b"\n") + data.count(b"\t") + data.count(b"\r")


def is_declaration_file(name: str) -> bool:
    return name.endswith(DECLARATION_SUFFIXES)


def oxc_verdict(data: bytes, grammar: str, declaration: bool = False) -> list[str] | None:
    """oxc's error messages for a whole program ([] when it is valid); None when the
    arbiter cannot run (not installed, no stack large enough for the program)."""
    stack = max(MIN_STACK_BYTES, (len(data) - _blank_count(data)) * STACK_PER_BYTE)
    if stack > MAX_STACK_BYTES:
        return None
    # oxc-python's own comment scan slices the text 3 bytes before its end when a `/*`
    # seems unterminated, and panics inside a multi-byte character: ASCII padding
    text = data.decode("utf-8", "replace") + "\n\n\n"
    errors = _parse_errors(text, SOURCE_TYPES.get(grammar, "tsx"), stack)
    if errors and declaration:
        errors = [e for e in errors if e not in AMBIENT_ONLY_ERRORS]
    return errors


def _error_nodes(root, nested: bool = False):
    """tree-sitter's ERROR and MISSING nodes in document order (`nested`: also those
    inside an ERROR node)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            yield node
            if not nested:
                continue
        if node.has_error:
            stack.extend(reversed(node.children))


def _line_ends(data: bytes) -> list[int]:
    ends, i = [], data.find(b"\n")
    while i != -1:
        ends.append(i + 1)
        i = data.find(b"\n", i + 1)
    if not ends or ends[-1] != len(data):
        ends.append(len(data))
    return ends


def _first_failing_line(data: bytes, grammar: str, declaration: bool) -> int | None:
    """Start byte of the line that holds the first real error, or None past the budget.

    A real error cannot be repaired by appending text, so every prefix that contains it
    fails: the error is on the line right after the last line end at which the prefix
    parses. The prefixes are tried from the end of the program backwards (before the error
    the answer is not monotonic: an open brace fails until it is closed)."""
    ends = _line_ends(data)
    for parses, i in enumerate(range(len(ends) - 2, -2, -1)):
        if parses == MAX_LOCATE_PARSES:
            return None
        errors = [] if i < 0 else oxc_verdict(data[:ends[i]], grammar, declaration)
        if errors is None:
            return None
        if not errors:
            return 0 if i < 0 else ends[i]
    return 0


def _first_failing_statement(root, data: bytes, grammar: str, declaration: bool) -> int:
    """Start byte of the top-level statement where the prefix stops parsing (bisection over
    tree-sitter's statement boundaries: the fallback for long programs)."""
    cuts = [child.end_byte for child in root.children]
    lo, hi = 0, len(cuts)  # the prefix up to statement lo-1 parses, up to hi-1 it does not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        errors = oxc_verdict(data[:cuts[mid - 1]], grammar, declaration)
        if errors is None:
            break
        if errors:
            hi = mid
        else:
            lo = mid
    return root.children[max(hi - 1, 0)].start_byte if root.children else 0


def _locate(root, data: bytes, grammar: str, declaration: bool, extra_suspects) -> tuple[int, int]:
    """Byte range of the first real error.

    The error is at or after the start of the line found with oxc (that line may open a
    construct, `function g() {`, that only fails where it is closed twice): tree-sitter's
    first error node (or other suspect) from there on, else the line's first non-blank
    character."""
    start = _first_failing_line(data, grammar, declaration)
    if start is None:
        start = _first_failing_statement(root, data, grammar, declaration)
    suspects = sorted([n for n in _error_nodes(root, nested=True) if n.start_byte >= start] +
                      [n for n in extra_suspects if n.start_byte >= start], key=lambda n: n.start_byte)
    if suspects:
        node = suspects[0]
        return node.start_byte, max(node.end_byte, node.start_byte + 1)
    line_end = data.find(b"\n", start)
    line_end = len(data) if line_end == -1 else line_end
    text = data[start:line_end]
    start += len(text) - len(text.lstrip())
    return start, min(start + 1, len(data))


def _tree_sitter_error(root) -> SyntaxProblem | None:
    node = next(_error_nodes(root), None)
    if node is None:
        return None
    what = f"missing `{node.type}`" if node.is_missing else "syntax error"
    return SyntaxProblem(node.start_byte, max(node.end_byte, node.start_byte + 1),
                        f"{what} (not confirmed by the TypeScript parser)")


def syntax_error(root, data: bytes, grammar: str, declaration: bool = False,
                 suspects=()) -> SyntaxProblem | None:
    """The program's first real syntax error, or None when it is valid TS/JS.

    Only called when tree-sitter's tree has an error or other `suspects` (mismatched JSX
    closing tags). When oxc cannot run, tree-sitter's own first error is the answer (none
    for a tag mismatch alone), and the message says it was not confirmed."""
    errors = oxc_verdict(data, grammar, declaration)
    if errors is None:
        return _tree_sitter_error(root)
    if not errors:
        return None
    start, end = _locate(root, data, grammar, declaration, suspects)
    return SyntaxProblem(start, end, f"syntax error: {errors[0]}")
