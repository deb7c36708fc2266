"""The one JSONC reader (core.jsonc), used by the deploy front-end and the linker's tsconfig."""

import json

from poolcheck.core.jsonc import strip_jsonc


def test_comments_and_trailing_commas_go_and_positions_stay():
    text = '{\n  // paths\n  "a": "http://x/*y*/", /* b */\n  "c": [1, 2,],\n}\n'
    out = strip_jsonc(text)
    assert json.loads(out) == {"a": "http://x/*y*/", "c": [1, 2]}
    assert len(out) == len(text) and out.count("\n") == text.count("\n")
    assert out.index('"c"') == text.index('"c"')


def test_escaped_quote_inside_a_string_does_not_end_it():
    assert json.loads(strip_jsonc('{"a": "x\\" // not a comment"}')) == {"a": 'x" // not a comment'}
