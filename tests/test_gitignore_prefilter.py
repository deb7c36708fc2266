"""The walk asks pathspec about a path only when one expression joining a .gitignore's
patterns matches it (engine.discovery._any_pattern): that expression must match every
path any pattern matches, or an ignored file would be analysed."""

from __future__ import annotations

import itertools

import pathspec
from hypothesis import given, settings, strategies as st

from poolcheck.engine.discovery import _any_pattern, _Ignores

LINES = ["node_modules", "*.log", "!keep.log", "build/", "/dist", "a/**/b", "[abc].txt", "\\#x",
         "x?y", "**/generated/**", "!/dist/keep", "*.d.ts", ".env*", "!.env.example", "out", "# note",
         "", "docs/*.md", "foo/", "!foo/bar"]
PATHS = ["node_modules/", "src/node_modules/", "x.log", "keep.log", "a/keep.log", "build/", "build",
         "dist", "dist/keep", "src/dist", "a/c/d/b", "a/b", "a.txt", "d.txt", "#x", "xzy", "src/app.ts",
         "lib/generated/client/index.js", "types.d.ts", ".env", ".env.example", "out/", "out",
         "docs/a.md", "docs/x/a.md", "foo/", "foo/bar", "foo/bar/", "ok/"]


def test_the_joined_expression_matches_wherever_a_pattern_does():
    for n in range(1, 4):
        for lines in itertools.combinations(LINES, n):
            spec = pathspec.GitIgnoreSpec.from_lines(lines)
            joined = _any_pattern(spec)
            assert joined is not None
            for path in PATHS:
                if spec.match_file(path):
                    assert joined.search(path), (lines, path)


@settings(derandomize=True, max_examples=200)
@given(st.lists(st.sampled_from(LINES), max_size=8), st.sampled_from(PATHS))
def test_ignores_decide_as_pathspec_does(lines, path):
    spec = pathspec.GitIgnoreSpec.from_lines(lines)
    ignores = _Ignores((("/repo/", spec, _any_pattern(spec)),))
    is_dir = path.endswith("/")
    assert ignores.ignored("/repo/" + path.rstrip("/"), is_dir) == bool(
        spec.match_file(path.rstrip("/") + "/" if is_dir else path))


def test_patterns_that_cannot_be_joined_leave_pathspec_to_decide():
    spec = pathspec.GitIgnoreSpec.from_lines([])
    assert _any_pattern(spec).search("anything") is None  # no pattern: nothing is ignored
