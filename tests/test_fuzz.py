"""Bounded property-based runs of every front-end (seconds); tests/fuzz/run.py runs long."""

import pytest
from hypothesis import HealthCheck, given, settings

from fuzzing import KINDS, check_input, inputs


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_any_input_yields_diagnostics_never_an_internal_error(kind):
    @settings(max_examples=60, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(inputs(kind))
    def prop(data):
        check_input(kind, data)

    prop()
