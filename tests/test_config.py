"""Configuration discovery, selection semantics and PC901 for bad config."""



from poolcheck.config import OPTIONS, Settings, expand_selectors, find_config, load_settings
from poolcheck.rules import implemented_codes

from conftest import write_tree

IMPLEMENTED = implemented_codes()


def _pc901(settings):
    return [(d.span.line, d.message) for d in settings.problems if d.code == "PC901"]


def test_find_config_walks_up_and_prefers_dot_file(tmp_path):
    write_tree(tmp_path, {
        "pyproject.toml": "[tool.poolcheck]\nignore = ['PC104']\n",
        "app/.poolcheck.toml": "ignore = ['PC105']\n",
        "app/poolcheck.toml": "ignore = ['PC106']\n",
        "app/src/x.ts": "",
    })
    assert find_config(tmp_path / "app" / "src" / "x.ts") == tmp_path / "app" / ".poolcheck.toml"
    assert find_config(tmp_path / "other") == tmp_path / "pyproject.toml"


def test_pyproject_without_tool_table_is_not_a_config(tmp_path):
    write_tree(tmp_path, {"pyproject.toml": "[project]\nname = 'x'\n", "sub/a.py": ""})
    assert find_config(tmp_path / "sub") is None


def test_unknown_key_and_unknown_code_are_pc901_with_line(tmp_path):
    cfg = write_tree(tmp_path, {"pyproject.toml": """
        [project]
        name = "demo"

        [tool.poolcheck]
        select = ["PC1", "PC999"]
        colour = "red"
        replicas = "three"
        """}) / "pyproject.toml"
    problems = _pc901(load_settings(cfg, IMPLEMENTED))
    assert problems == [
        (5, "pyproject.toml: 'select': unknown rule code or prefix 'PC999'"),
        (6, "pyproject.toml: unknown key 'colour'"),
        (7, "pyproject.toml: 'replicas' must be int"),
    ]


def test_invalid_toml_is_pc901_not_a_traceback(tmp_path):
    cfg = write_tree(tmp_path, {"poolcheck.toml": "select = [\n"}) / "poolcheck.toml"
    (problem,) = load_settings(cfg, IMPLEMENTED).problems
    assert problem.code == "PC901" and "invalid TOML" in problem.message


def test_selecting_a_planned_rule_by_code_is_reported():
    codes, problems = expand_selectors(["PC102", "PC10"], {"PC101"})
    assert codes == {"PC101"}
    assert problems == ["PC102 is planned, not implemented yet"]


def test_prefix_selection_and_ignore():
    settings = Settings(select=["PC1"], ignore=["PC104"])
    enabled = settings.enabled_codes({"PC101", "PC104", "PC106", "PC201", "PC900", "PC901"})
    assert enabled == {"PC101", "PC106", "PC900", "PC901"}


def test_opt_in_rule_needs_its_exact_code():
    implemented = {"PC201", "PC205"}
    assert "PC205" not in Settings(select=["PC2"]).enabled_codes(implemented)
    assert "PC205" in Settings(extend_select=["PC205"]).enabled_codes(implemented)
    assert "PC205" not in Settings(extend_select=["PC205"], ignore=["PC205"]).enabled_codes(implemented)


def test_parse_error_and_config_error_can_be_ignored():
    assert Settings(ignore=["PC9"]).enabled_codes({"PC101"}) == {"PC101"}


def test_options_have_defaults_and_validate_types(tmp_path):
    cfg = write_tree(tmp_path, {"poolcheck.toml": "max-transaction-timeout = 30\nserverless = 'maybe'\n"}) / "poolcheck.toml"
    settings = load_settings(cfg, IMPLEMENTED)
    assert settings.option("max-transaction-timeout") == 30
    assert settings.option("serverless") == OPTIONS["serverless"].default
    assert _pc901(settings) == [(2, "poolcheck.toml: 'serverless' must be one of True, False, 'auto'")]


def test_per_file_ignores_table(tmp_path):
    cfg = write_tree(tmp_path, {"poolcheck.toml": "[per-file-ignores]\n'scripts/**' = ['PC101']\n'x' = ['NOPE1']\n"}) / "poolcheck.toml"
    settings = load_settings(cfg, IMPLEMENTED)
    assert settings.per_file_ignores["scripts/**"] == ["PC101"]
    assert _pc901(settings) == [(3, "poolcheck.toml: per-file-ignores 'x': unknown rule code or prefix 'NOPE1'")]
