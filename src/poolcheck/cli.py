"""The `poolcheck` command line: flake8-style output, ruff-style selection flags
(cli_check.py), the language server (`poolcheck lsp`), and the replay of an unchanged run.

A run whose inputs are all unchanged since the same command last ran prints that run's
output again (engine.replay) before anything else is imported: this module and the
replay's import only modules the interpreter has loaded already (it is compiled on
every start where bytecode is not written, so it stays small).
"""

from __future__ import annotations

import sys

from .cli_info import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS  # noqa: F401 (re-exported)

TYPE_CHECKING = False  # not `from typing import`: typing costs more than a replayed run
if TYPE_CHECKING:
    from typing import Sequence


def _compiled_once() -> None:
    """Before the modules that define poolcheck's dataclasses are imported: their methods'
    code from the table kept beside poolcheck's bytecode (core.method_cache). And once per
    process, the heap frozen at exit: the interpreter's shutdown otherwise runs full
    collections over every object left (4 % of a one-file run's instructions) that the
    process is about to free anyway (atexit handlers run before those collections)."""
    import atexit
    import gc

    from .core.method_cache import _TABLE, install

    if _TABLE is None:
        atexit.register(gc.freeze)
    install()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["lsp"]:
        _compiled_once()
        from .lsp import main as lsp_main  # imported only for editors
        return lsp_main(argv[1:])
    from .engine.replay import replay

    status = replay(argv)  # the same command over unchanged inputs: its stored output
    if status is not None:
        return status
    _compiled_once()
    from .cli_check import run

    return run(argv)
