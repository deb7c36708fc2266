"""A package's client or service object stored in a name (`const fcm = admin.messaging();
fcm.send()`, `s3 = boto3.client("s3")`) is that package's client; building it stays in the
process, so a chained call (`axios.create().get()`, `admin.messaging().send()`) is one
finding, on the call that leaves. The markers of the cases say which lines; these tests
say how many findings a line gets (the markers are a set)."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from conftest import check_tree
from poolcheck.vocabulary.slow import SLOW_LIBRARIES, builds_client, known_slow

CASES = Path(__file__).parent / "cases"


@pytest.mark.parametrize("case", ["typescript/stored-package-clients", "python/stored-package-clients"])
def test_a_chained_or_stored_client_call_is_one_finding_per_call(case, tmp_path):
    root = tmp_path / "case"
    shutil.copytree(CASES / case, root)
    found = check_tree(root, select=["PC201"])
    per_line = Counter((f.path, f.line) for f in found)
    assert found and max(per_line.values()) == 1, sorted(per_line.items())
    assert all("`axios.create`" not in f.message and "`firebase-admin.messaging`" not in f.message
               and "`boto3.client`" not in f.message for f in found)


def test_a_factory_right_under_a_library_builds_a_client_and_a_resources_create_is_a_call():
    npm = SLOW_LIBRARIES["npm"]
    assert builds_client("axios.create", "axios") and known_slow("axios.create", npm) is None
    assert not builds_client("stripe.customers.create", "stripe")
    assert known_slow("stripe.customers.create", npm) is not None
    assert known_slow("firebase-admin.messaging", npm) is None
    assert known_slow("firebase-admin.messaging.send", npm) is not None
    assert known_slow("firebase-admin/messaging.getMessaging", npm) is None
