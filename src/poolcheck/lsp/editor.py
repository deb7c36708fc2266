"""What the language server knows between two messages, and its analysis of a buffer, with
no pygls or lsprotocol in sight: the start-up path (`lsp.light`) publishes the first
diagnostics with it before pygls is imported, and the pygls server (`lsp.server`) goes on
with the same object."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..config import Configurations
from ..engine import DocumentSession, check_document
from ..engine.cache import default_cache_dir
from ..fixes.lsp import attach_to_document
from ..reporters.lsp import to_lsp
from ..reporters.positions import file_line
from ..rules import implemented_codes

Log = Callable[[str], None]  # sends a warning to the client (window/logMessage)

# The position encodings pygls speaks (`pygls.capabilities._SUPPORTED_ENCODINGS`), in the
# order `ServerCapabilitiesBuilder.choose_position_encoding` accepts a client's preference.
ENCODINGS = ("utf-8", "utf-16", "utf-32")
DEFAULT_ENCODING = "utf-16"


def position_encoding(capabilities: dict) -> str:
    """The encoding pygls negotiates: the client's first supported preference, else UTF-16."""
    general = capabilities.get("general") if isinstance(capabilities, dict) else None
    wanted = general.get("positionEncodings") if isinstance(general, dict) else None
    for encoding in wanted or ():
        if encoding in ENCODINGS:
            return encoding
    return DEFAULT_ENCODING


def units_for(encoding: str) -> Callable[[str], int]:
    """How many code units a string takes in `encoding` (pygls' `client_num_units`)."""
    if encoding == "utf-8":
        return lambda s: len(s.encode("utf-8", "surrogatepass"))
    if encoding == "utf-32":
        return len
    return lambda s: len(s) if s.isascii() else len(s.encode("utf-16-le", "surrogatepass")) // 2


def fs_path(uri: str) -> Path:
    """A file: URI's path (what `pygls.uris.to_fs_path` gives on POSIX and Windows)."""
    from pygls.uris import to_fs_path  # pygls.uris imports no lsprotocol: cheap

    return Path(to_fs_path(uri))


class Editor:
    """The configuration, the loaded result cache and the other files of each project,
    kept between analyses: a keystroke re-analyses its buffer alone. Renewed when files on
    disk may have changed (`stale`: open, save, watched change)."""

    def __init__(self) -> None:
        self.session: DocumentSession | None = None
        self.stale = True
        self._reported: set = set()

    def session_for(self, path: Path, log: Log) -> DocumentSession:
        """The session to analyse `path` in; a fresh one (config files re-read, the
        project walked again) after anything that may have changed files on disk, so
        an edited and saved config applies at once."""
        if self.stale or self.session is None:
            self.session = DocumentSession(Configurations(implemented_codes()), default_cache_dir())
            self.stale = False
        self.settings_for(path, log, self.session.configs)
        return self.session

    def settings_for(self, path: Path, log: Log, configs=None):
        """Each file's nearest configuration, as the CLI finds it; its problems are
        logged once."""
        configs = configs if configs is not None else Configurations(implemented_codes())
        configs.for_path(path)
        for problem in configs.problems():
            key = (str(problem.path), problem.span, problem.message)
            if key in self._reported:
                continue
            self._reported.add(key)
            log(f"poolcheck: {problem.path}:{problem.span.line}: {problem.message}")
        return configs

    def diagnose(self, path: Path, text: str, lines, units, log: Log):
        """(the LSP Diagnostics as JSON-ready dicts, poolcheck's findings with their fixes,
        the configurations) for a buffer's text; `lines` its lines as pygls splits them.
        Raises what the analysis raises (the caller logs it and publishes nothing)."""
        session = self.session_for(path, log)
        diagnostics = check_document(path, text, session.configs, cache_dir=session.cache_dir,
                                     session=session)
        diagnostics = attach_to_document(diagnostics, path, text, session.configs)

        def line_text(p: Path, n: int) -> str | None:
            if p == path:
                return lines[n - 1].rstrip("\r\n") if 0 < n <= len(lines) else None
            return file_line(p, n)

        published = [to_lsp(d, lambda p: p, line_text, units) for d in diagnostics]
        return published, diagnostics, session.configs
