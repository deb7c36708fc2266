"""The state one TS/JS program's passes share (`TsFile`): the program, where its spans
go, the facts being filled, its scopes, the local classes extending a client class, and
the names used the way only a Prisma client is used."""

from __future__ import annotations

from ...facts import FileFacts
from ..ts_model import Program
from .scopes import Scopes


class TsFile:
    def __init__(self, prog: Program, path, span, facts: FileFacts, scopes: Scopes):
        self.prog = prog
        self.path = path
        self.span_of = span           # (start_byte, end_byte) -> Span, in the host file
        self.facts = facts
        self.scopes = scopes
        self.local_classes: dict[str, str] = {}           # class name -> client kind
        self.clientlike: set[tuple[int, str]] = set()     # binding keys used as a client
        self.clientlike_this: set[str] = set()            # `this.x` used as a client
        self.global_aliases: frozenset[str] | None = None  # clients.global_aliases, once

    def node_span(self, start, end):
        return self.span_of(start, end)

    def span(self, node):
        return self.span_of(node.start_byte, node.end_byte)

    def text(self, node) -> str:
        return self.prog.text(node)
