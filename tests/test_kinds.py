"""One table of file kinds (vocabulary.kinds.FILE_KINDS): classification, the front-end
registry, the facts' language label and Markdown fences all read it, and every kind a
file can be classified as has a front-end that imports."""

from pathlib import Path

import pytest

from poolcheck import frontends
from poolcheck.engine.discovery import classify, classify_named
from poolcheck.vocabulary.kinds import CODE_KINDS, FENCE_LANGUAGES, FILE_KINDS, PROJECT_FILES, language_of

# One path per way `classify` recognises a file: every suffix and name of the table, and
# the kinds found by pattern.
SAMPLES = ([f"src/a{s}" for s in CODE_KINDS] + [f"app/{n}" for n in PROJECT_FILES]
           + [".env", ".env.production", "docker-compose.yml", "compose.prod.yaml", "k8s/api.yaml",
              "deploy-hpa.yml", "requirements.txt", "requirements-dev.txt", "prod.env"])


def test_every_classified_kind_has_a_row_and_a_front_end_that_imports():
    kinds = {classify_named(Path(p)) for p in SAMPLES}
    assert None not in kinds
    rows = {k.kind for k in FILE_KINDS}
    assert kinds == rows  # no kind without a row, no row that nothing classifies as
    for kind in sorted(kinds):
        assert frontends.frontend_for(kind) is not None, kind


@pytest.mark.parametrize("row", FILE_KINDS, ids=lambda r: r.kind)
def test_suffixes_and_names_classify_as_their_row(row):
    for suffix in row.suffixes:
        assert classify(Path(f"src/x{suffix}")) == row.kind
        assert classify(Path(f"src/x{suffix.upper()}")) == row.kind  # suffixes are case-blind
    for name in row.names:
        assert classify(Path(f"svc/{name}")) == row.kind


def test_fences_and_language_labels_come_from_the_rows():
    assert FENCE_LANGUAGES["js"] == "tsx" and FENCE_LANGUAGES["ts"] == "typescript"
    assert all(FENCE_LANGUAGES[f] == k.kind for k in FILE_KINDS for f in k.fences)
    assert language_of("tsx") == "typescript" and language_of("javascript") == "javascript"
    assert language_of("k8s") == "k8s"  # kinds without a label carry the kind itself
    # What an empty file's facts say is what its front-end would say.
    assert frontends.empty_facts(Path("a.jsx"), "tsx").language == "typescript"
    assert classify(Path("types/x.d.ts")) is None
