"""The Python front-end's positions (context.positions) are PositionProvider's, node for
node, on every node of seeded generated programs and of the reduced real files."""

from __future__ import annotations

import random

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from poolcheck.frontends.python.context import positions
from test_qualified import FASTAPI, TESTS, _program


def test_positions_are_position_providers_on_every_node():
    rng = random.Random(3)
    texts = [FASTAPI, TESTS, "x = (\n  f(a,\n    'é', b)  # c\n)\n\n\nclass K:\n    def m(self): return 1\n"]
    texts += [_program(rng) for _ in range(60)]
    compared = 0
    for text in texts:
        try:
            module = cst.parse_module(text)
        except cst.ParserSyntaxError:
            continue
        ours = positions(MetadataWrapper(module, unsafe_skip_copy=True))
        theirs = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
        assert dict(ours) == dict(theirs), text
        compared += len(theirs)
    assert compared > 5000
