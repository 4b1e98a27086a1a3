"""The [idioms] config table: users' extra lexicon files and switching entries off."""
from __future__ import annotations

from pathlib import Path

import pytest

import mtqa
from mtqa.checks.idioms.lexicon import LexiconError, entries, parse
from mtqa.checks.registry import all_checks
from mtqa.checks.testing import make_context
from mtqa.config import ConfigError, load_config

CHECKS = all_checks()
HEADER = "id\tkind\tpattern\torigin\twhy\tsuggestion\tbad\tgood\tcase\tconfidence\tsource\n"
OURS = HEADER + (
    "our-hot-line\tcalque\thot line~\tгаряча лінія\tour style guide writes hotline\thotline\t"
    "Call the hot line.\tCall the hotline.\t\t\tour desk\n"
    "our-wet-shoes\tliteral\t{sit} in wet shoes\tсидіти в мокрих чоботях\tour idiom\tbe left in the lurch\t"
    "He sat in wet shoes.\tHe was left in the lurch.\t\t\tour desk\n"
)


def codes(mt, options):
    ctx = make_context(mt, options=options)
    return [(f.code, mt[f.start:f.end]) for code in ("ID01", "ID02", "ID03") for f in CHECKS[code].run(ctx)]


@pytest.fixture
def ours(tmp_path):
    path = tmp_path / "our-calques.tsv"
    path.write_text(OURS, encoding="utf-8")
    return path


def test_config_table_declares_extra_and_disable(tmp_path, ours):
    (tmp_path / "mtqa.toml").write_text('[idioms]\nextra = ["our-calques.tsv"]\ndisable = ["recall-that"]\n')
    table = load_config(tmp_path / "mtqa.toml").table("idioms")
    # a relative extra file is anchored next to the config file, so checks find it from any folder
    assert [Path(p).resolve() for p in table["extra"]] == [ours.resolve()] and table["disable"] == ["recall-that"]


def test_pyproject_tool_table_works_too(tmp_path, ours):
    (tmp_path / "pyproject.toml").write_text('[tool.mtqa.idioms]\nextra = ["our-calques.tsv"]\n')
    assert [Path(p).resolve() for p in load_config(near=tmp_path).table("idioms")["extra"]] == [ours.resolve()]


@pytest.mark.parametrize("body, words", [
    ("[idioms]\ncolour = 1\n", "unknown key 'idioms.colour'"),
    ('[idioms]\nextra = "our.tsv"\n', "idioms.extra"),
    ("[idioms]\ndisable = [1, 2]\n", "idioms.disable"),
])
def test_bad_idioms_table_is_a_config_error(tmp_path, body, words):
    (tmp_path / "mtqa.toml").write_text(body)
    with pytest.raises(ConfigError, match=words.replace(".", r"\.")):
        load_config(tmp_path / "mtqa.toml")


def test_broken_extra_file_is_a_config_error_naming_file_and_line(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text(HEADER + "x\tweird\tfoo\t\twhy\t\t\t\t\t\t\n", encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text(f'[idioms]\nextra = ["{bad.as_posix()}"]\n')
    with pytest.raises(ConfigError, match=r"bad\.tsv:2: kind 'weird'"):
        load_config(tmp_path / "mtqa.toml")
    (tmp_path / "mtqa.toml").write_text(f'[idioms]\nextra = ["{(tmp_path / "none.tsv").as_posix()}"]\n')
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "mtqa.toml")


def test_parse_rejects_unknown_columns_and_bad_patterns():
    with pytest.raises(LexiconError, match="unknown column"):
        parse(["id\tpattern\twhy\tcolour", "a\tb\tc\td"], "x.tsv")
    with pytest.raises(LexiconError, match=r"x\.tsv:2: pattern"):
        parse(["id\tpattern\twhy", "a\tre:(unclosed\tc"], "x.tsv")
    (entry,) = parse(["id\tpattern\twhy", "a\tfoo bar\tc"], "x.tsv")
    assert entry.kind == "calque" and entry.code == "ID01" and entry.confidence == 0.8


def test_extra_rows_fire_with_the_code_of_their_kind(ours):
    options = {"extra": [str(ours)], "disable": []}
    assert codes("Call the hot line today.", options) == [("ID01", "hot line")]
    assert codes("Everyone sits in wet shoes now.", options) == [("ID02", "sits in wet shoes")]
    assert codes("Call the hot line today.", {}) == []


def test_disable_switches_off_builtin_and_extra_rows(ours):
    assert codes("Recall that the bridge was damaged.", {"disable": ["recall-that"]}) == []
    options = {"extra": [str(ours)], "disable": ["our-hot-line"]}
    assert codes("Call the hot line today.", options) == []
    assert len(entries(options)) == len(entries({})) + 1


def test_extra_row_with_a_builtin_id_replaces_it(tmp_path):
    path = tmp_path / "house.tsv"
    path.write_text("id\tpattern\twhy\tsuggestion\nrecall-that\t^ recall that\thouse style\tAs reported earlier,\n")
    (f,) = CHECKS["ID01"].run(make_context("Recall that it rained.", options={"extra": [str(path)]}))
    assert f.suggestion == "As reported earlier," and "house style" in f.message


def test_missing_extra_file_at_run_time_warns_once_and_runs_the_rest(tmp_path, capsys):
    options = {"extra": [str(tmp_path / "gone.tsv")]}
    for _ in range(2):
        assert codes("Recall that it rained.", options) == [("ID01", "Recall that")]
    assert capsys.readouterr().err.count("gone.tsv") == 1


def test_relative_extra_path_resolves_next_to_the_config_in_a_real_run(tmp_path, ours):
    folder = tmp_path / "news"
    folder.mkdir()
    (tmp_path / "mtqa.toml").write_text('[idioms]\nextra = ["our-calques.tsv"]\ndisable = ["recall-that"]\n')
    (folder / "a.mt.en.txt").write_text("Recall that the hot line is open.\n", encoding="utf-8")
    report = mtqa.score(folder, config=load_config(near=folder), cache_dir=str(tmp_path / "cache"))
    found = [(f["code"], r["text"][f["start"]:f["end"]]) for r in report.to_records() for f in r["findings"]]
    assert ("ID01", "hot line") in found and ("ID01", "Recall that") not in found
