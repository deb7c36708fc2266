"""Environment reads of connection URLs: `process.env.X`, `process.env["X"]`,
`import.meta.env.X`, `Deno.env.get("X")`, `env.X` in Workers, or a name bound to one."""

from __future__ import annotations

from ...urlmodel import env_name_holds_url
from ..ts_model import member_chain, resolve, strip, string_value


def env_var(tf, node, depth: int = 0) -> str | None:
    """The variable name when `node` reads a URL from the environment: `process.env.X`,
    `process.env["X"]`, `import.meta.env.X`, `Deno.env.get("X")`, `env.X` in Workers,
    or a name bound to one of those; `?? ''` and `!` are looked through."""
    node = strip(node)
    if node is None or depth > 4:
        return None
    if node.type == "binary_expression" and tf.text(node.child_by_field_name("operator")) in ("??", "||"):
        return env_var(tf, node.child_by_field_name("left"), depth + 1)
    if node.type in ("member_expression", "subscript_expression"):
        root, segments = member_chain(tf.prog, node)
        text = tf.text(root) if root is not None else ""
        if len(segments) >= 2 and segments[-2] == "env" and text in ("process", "import", "Bun", "c", "context", "ctx") \
                or text == "env" and len(segments) == 1:
            name = segments[-1]
            return name if env_name_holds_url(name) else None
        if text == "import" and segments[:2] == ["meta", "env"] and len(segments) == 3:
            return segments[2] if env_name_holds_url(segments[2]) else None
    if node.type == "call_expression":
        fn = strip(node.child_by_field_name("function"))
        args = node.child_by_field_name("arguments")
        if fn is not None and tf.text(fn) in ("Deno.env.get", "env", "getEnv") and args is not None \
                and args.named_children:
            name = string_value(tf.prog, args.named_children[0])
            return name if name and env_name_holds_url(name) else None
    if node.type == "identifier":
        b = resolve(tf.prog, tf.text(node), node)
        if b is not None and b.kind in ("local", "module") and not b.path:
            return env_var(tf, b.init, depth + 1)
    return None


