"""[quotes] configuration: declared keys, types, values, files, and the fix command."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa.checks.quotes.lang import convention, house_style, style_error
from mtqa.checks.registry import find
from mtqa.checks.testing import example_context
from mtqa.cli.fix import fix
from mtqa.config import ConfigError, from_mapping, load_config

STRAIGHT_EXAMPLE = 'He called it "a victory" on Monday.'


def test_defaults_are_declared():
    table = load_config().table("quotes")
    assert table == {"style": "curly", "punctuation": "american", "multi-paragraph": True,
                     "min-quote-words": 3}


def test_unknown_key_is_an_error():
    with pytest.raises(ConfigError, match="bogus"):
        from_mapping({"quotes": {"bogus": 1}})


def test_wrong_type_is_an_error():
    with pytest.raises(ConfigError, match="quotes.style"):
        from_mapping({"quotes": {"style": 3}})
    with pytest.raises(ConfigError):
        from_mapping({"quotes": {"multi-paragraph": "yes"}})


@pytest.mark.parametrize("options, problem", [
    ({"style": "curly"}, None), ({"style": "straight"}, None), ({"style": "any"}, None),
    ({"style": "‘’“”"}, None), ({"punctuation": "logical"}, None), ({"punctuation": "any"}, None),
    ({"style": "fancy"}, "quotes.style"), ({"style": "“”"}, "quotes.style"),
    ({"punctuation": "british"}, "quotes.punctuation"),
])
def test_style_values(options, problem):
    error = style_error(options)
    assert (error is None) if problem is None else (problem in error)


def test_house_style_follows_cldr_for_the_language():
    assert house_style({}, "en").primary == ("“", "”")
    assert house_style({}, "de").primary == ("„", "“")
    assert house_style({"style": "straight"}, "en").alternate == ("'", "'")
    assert house_style({"style": "any"}, "en", "straight").style == "straight"
    british = house_style({"style": "‘’“”"})
    assert british.primary == ("‘", "’") and british.marks("double") == ("“", "”")
    assert convention("uk").primary == ("«", "»") and convention("uk_UA").alternate == ("„", "“")


def test_config_file_reaches_the_checks(tmp_path: Path):
    (tmp_path / "mtqa.toml").write_text('[quotes]\nstyle = "straight"\n', encoding="utf-8")
    config = load_config(near=tmp_path)
    check = find("QT05")
    assert check.run(example_context(check, STRAIGHT_EXAMPLE, config)) == []
    assert check.run(example_context(check, STRAIGHT_EXAMPLE)) != []


def test_pyproject_table(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.mtqa.quotes]\nstyle = "‘’“”"\npunctuation = "logical"\n', encoding="utf-8")
    config = load_config(near=tmp_path / "sub" / "file.txt")
    assert config.table("quotes")["style"] == "‘’“”"
    check = find("QT05")
    (f,) = check.run(example_context(check, STRAIGHT_EXAMPLE, config))
    assert f.suggestion == "‘a victory’"
    assert check.run(example_context(check, "He called it ‘a victory’ on Monday.", config)) == []


def test_pyproject_unknown_key(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[tool.mtqa.quotes]\nbogus = 1\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="pyproject.toml"):
        load_config(near=tmp_path)


@pytest.mark.parametrize("content", ['[quotes]\nbogus = 1\n', '[quotes]\nstyle = "fancy"\n', "not toml ["])
def test_fix_cli_config_errors_exit_2(tmp_path: Path, content: str):
    (tmp_path / "a.mt.en.txt").write_text(STRAIGHT_EXAMPLE + "\n", encoding="utf-8")
    (tmp_path / "bad.toml").write_text(content, encoding="utf-8")
    result = CliRunner().invoke(fix, [str(tmp_path), "--config", str(tmp_path / "bad.toml"),
                                      "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "bad.toml" in result.output


def test_fix_cli_uses_nearest_config(tmp_path: Path):
    (tmp_path / "mtqa.toml").write_text('[quotes]\nstyle = "straight"\n', encoding="utf-8")
    (tmp_path / "a.mt.en.txt").write_text("He called it “a victory” on Monday.\n", encoding="utf-8")
    result = CliRunner().invoke(fix, [str(tmp_path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "a.mt.en.txt").read_text(encoding="utf-8") == STRAIGHT_EXAMPLE + "\n"


def test_bad_style_value_is_a_config_error_for_scoring_too():
    import pytest as _pytest

    from mtqa.config import ConfigError, from_mapping

    with _pytest.raises(ConfigError, match="quotes.style"):
        from_mapping({"quotes": {"style": "fancy"}})
