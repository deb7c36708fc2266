"""Inline suppressions in each file kind's comment syntax."""

from hypothesis import given, settings, strategies as st

from poolcheck.suppression import parse

from conftest import write_tree, check_tree

ROUTE = """
import { PrismaClient } from '@prisma/client'
export async function GET() {
  const prisma = new PrismaClient() %s
  return Response.json([])
}
"""


def test_ts_same_line_and_next_line():
    s = parse("a // poolcheck-ignore PC101\n// poolcheck-ignore-next-line PC104, PC105\nb\n", "typescript")
    assert s.suppresses(1, "PC101") and not s.suppresses(1, "PC104")
    assert s.suppresses(3, "PC104") and s.suppresses(3, "PC105") and not s.suppresses(2, "PC104")


def test_bare_directive_suppresses_everything_on_the_line():
    s = parse("x # noqa\n", "python")
    assert s.suppresses(1, "PC101") and s.suppresses(1, "PC999")


def test_python_noqa_with_codes():
    s = parse("x = Prisma()  # noqa: PC101,PC106\n", "python")
    assert s.suppresses(1, "PC106") and not s.suppresses(1, "PC104")


def test_comment_style_must_match_the_language():
    assert not parse("x # poolcheck-ignore\n", "typescript").suppresses(1, "PC101")
    assert not parse("x // noqa\n", "typescript").suppresses(1, "PC101")
    assert parse("url = env(\"X\") // poolcheck-ignore\n", "prisma").suppresses(1, "PC307")
    assert parse("DATABASE_URL=x # poolcheck-ignore PC301\n", "dotenv").suppresses(1, "PC301")


def test_file_wide_directive_in_the_header():
    s = parse("// poolcheck-ignore-file PC101\nrest\n", "typescript")
    assert s.suppresses(40, "PC101") and not s.suppresses(40, "PC104")


def test_suppression_applies_end_to_end(tmp_path):
    write_tree(tmp_path, {"app/api/a/route.ts": ROUTE % "// poolcheck-ignore PC101",
                          "app/api/b/route.ts": ROUTE % "// poolcheck-ignore PC104",
                          "app/api/c/route.ts": ROUTE % ""})
    findings = check_tree(tmp_path)
    assert sorted((f.path, f.code) for f in findings) == [
        ("app/api/b/route.ts", "PC101"), ("app/api/c/route.ts", "PC101")]


def test_per_file_ignores_end_to_end(tmp_path):
    write_tree(tmp_path, {"poolcheck.toml": "[per-file-ignores]\n'app/api/a/**' = ['PC1']\n",
                          "app/api/a/route.ts": ROUTE % "", "app/api/b/route.ts": ROUTE % ""})
    findings = check_tree(tmp_path, config=tmp_path / "poolcheck.toml")
    assert [(f.path, f.code) for f in findings] == [("app/api/b/route.ts", "PC101")]


@settings(derandomize=True, max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["noqa", "NoQa", "nOQA", "poolcheck-ignore", "POOLCHECK-IGNORE",
                                 "poolcheck-\u0131gnore", "poolchec\u212a-ignore", "poolcheck-\u0130gnore",
                                 "no", "qa", "poolcheck", "-ignore", "\u017f", "é", "x", " ", "//",
                                 "\n", "\u212a"]), max_size=10))
def test_the_directive_precheck_agrees_with_the_pattern(parts):
    """The substring pre-check finds a possible directive exactly where the
    case-insensitive pattern does, with the non-ASCII letters it folds to ASCII ones."""
    from poolcheck.suppression import _ANY, _may_hold_directive

    text = "".join(parts)
    assert _may_hold_directive(text) == (_ANY.search(text) is not None), text
