"""How long the server waits after a keystroke before analysing the buffer (bench/lsp.py
reads it too); a module of its own so that reading it imports no pygls."""

DEBOUNCE_SECONDS = 0.3
