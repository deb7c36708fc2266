"""Bounded property-based runs of every front-end (seconds); tests/fuzz/run.py runs long."""

import pytest
from hypothesis import HealthCheck, given, settings

from fuzzing import KINDS, check_config, check_input, config_inputs, inputs


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_any_input_yields_diagnostics_never_an_internal_error(kind):
    @settings(max_examples=60, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(inputs(kind))
    def prop(data):
        check_input(kind, data)

    prop()


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(config_inputs())
def test_any_config_text_yields_settings_and_pc901_never_an_exception(text):
    check_config(text)


# Inputs the long fuzz runs found; each once crashed a front-end or put a span outside
# the file. They stay here so the bugs cannot return.
FOUND_BY_FUZZING = [
    ("dotenv", b"\r\x01="),             # lark counted lines by \n only, the builder by \r too
    ("dotenv", b"\r\x1c"),              # str.splitlines() split at \x1c, editors do not
    ("prisma", b"\r\x01\x01\n"),        # a lone \r ends a line for Prisma and for editors
    ("dotenv", b'A="x\nB=' + b"\x00garbage\n" * 50),  # recovery after an unclosed quote
]


@pytest.mark.parametrize("kind,data", FOUND_BY_FUZZING)
def test_inputs_found_by_fuzzing(kind, data):
    check_input(kind, data)


def test_a_garbage_env_file_is_recovered_line_by_line(tmp_path):
    from poolcheck.frontends.dotenv import parse

    lines = ["GOOD_1=postgresql://u@h/db"] + ["!!! not an assignment"] * 3000 + ["GOOD_2=x"]
    model = parse("\n".join(lines) + "\n")
    assert len(model.problems) == 3000
    assert [e.key for e in model.entries] == ["GOOD_1", "GOOD_2"]
