"""Usage and configuration errors exit 2 with one line naming where the problem is (config
file and key, or the option), never a traceback and never a silently passing run; counts in
messages take the right number."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa.checks.registry import unknown
from mtqa.cli.common import check_language
from mtqa.cli.main import cli
from mtqa.config import ConfigError, from_mapping, load_config
from mtqa.report.text import plural

CALQUE = "Crews repaired the line on the territory of the city."  # ID01, minor
HEADER = "id\tkind\tpattern\torigin\twhy\tsuggestion\tbad\tgood\tcase\tconfidence\tsource\n"


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def assert_usage_error(result, *words: str) -> None:
    """Exit 2, one line on stderr naming every word, no traceback, nothing scored."""
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("mtqa: error: "), result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)
    assert "gate passed" not in result.output and "FAIL" not in result.output


@pytest.fixture
def news(tmp_path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "calque.mt.en.txt").write_text(CALQUE + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def table(tmp_path) -> Path:
    path = tmp_path / "rows.tsv"
    path.write_text("doc_id\tmt\tref\nd1\tRecall that it rained.\tIt rained.\n", encoding="utf-8")
    return path


def toml(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "cfg" / "mtqa.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return path


# ---- 1. unknown check codes, lexicon ids and languages ---------------------------------------

@pytest.mark.parametrize("command", ["gate", "score"])
def test_unknown_code_in_config_enable_only_is_a_config_error(tmp_path, news, command):
    config = toml(tmp_path, 'enable-only = ["QT99"]\n')
    result = invoke(command, news, "--config", config, "--no-cache")
    assert_usage_error(result, str(config), "'enable-only'", "'QT99'", "did you mean QT09?", "QT01-QT13")


def test_unknown_code_in_config_disable_is_a_config_error(tmp_path, news):
    config = toml(tmp_path, 'disable = ["GB01", "ZZ99"]\n')
    assert_usage_error(invoke("gate", news, "--config", config, "--no-cache"), str(config), "'disable'", "'ZZ99'")


def test_config_found_next_to_the_input_is_checked_too(news):
    (news / "mtqa.toml").write_text('disable = ["calqe"]\n', encoding="utf-8")
    result = invoke("score", news, "--no-cache")
    assert_usage_error(result, str(news / "mtqa.toml"), "'calqe'", "did you mean calque?")


@pytest.mark.parametrize("option, code, hint", [
    ("--select", "UT99", "untranslated codes: UT01-UT03"),
    ("--disable", "ZZ99", "`mtqa checks` lists them"),
    ("--select", "quotes", "'quotes' is a family, its codes: QT01-QT13"),
])
def test_unknown_code_on_the_command_line_is_a_usage_error(news, option, code, hint):
    assert_usage_error(invoke("score", news, option, code, "--no-cache"), option, repr(code), hint)


def test_codes_and_names_that_exist_still_work(tmp_path, news):
    result = invoke("score", news, "--select", "id01", "--disable", "repeated-word", "--no-cache")
    assert result.exit_code == 0, result.output
    config = toml(tmp_path, 'disable = ["calque", "GB01"]\nenable-only = ["ID01", "literal-idiom"]\n')
    assert invoke("gate", news, "--config", config, "--no-cache").exit_code == 0


def test_unknown_idioms_disable_id_is_a_config_error(tmp_path, news):
    config = toml(tmp_path, '[idioms]\ndisable = ["recal-that"]\n')
    result = invoke("score", news, "--config", config, "--no-cache")
    assert_usage_error(result, str(config), "'idioms.disable'", "'recal-that'", "did you mean recall-that?")


def test_idioms_disable_may_name_an_entry_of_an_extra_file(tmp_path, monkeypatch):
    config = toml(tmp_path, '[idioms]\nextra = ["ours.tsv"]\ndisable = ["our-hot-line", "recall-that"]\n')
    (config.parent / "ours.tsv").write_text(HEADER + "our-hot-line\tcalque\thot line\t\twhy\thotline\t\t\t\t\t\n",
                                            encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the extra file is found next to the config, not in the working folder
    assert load_config(config).table("idioms")["disable"] == ["our-hot-line", "recall-that"]


def test_extra_file_next_to_the_config_is_used_by_the_checks(tmp_path, monkeypatch):
    config = toml(tmp_path, '[idioms]\nextra = ["ours.tsv"]\n')
    (config.parent / "ours.tsv").write_text(HEADER + "our-hot-line\tcalque\thot line\t\tsay hotline\thotline\t\t\t\t\t\n",
                                            encoding="utf-8")
    article = tmp_path / "elsewhere" / "a.mt.en.txt"
    article.parent.mkdir()
    article.write_text("Call the hot line of the city council.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # neither the working folder nor the article's holds ours.tsv
    result = invoke("score", article, "--config", config, "--no-cache", "--format", "json")
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert "not found" not in result.stderr
    assert "hotline" in result.stdout  # the extra entry's suggestion


@pytest.mark.parametrize("command", ["gate", "score"])
def test_unknown_source_language_is_a_usage_error(news, command):
    result = invoke(command, news, "--src-lang", "klingon", "--no-cache")
    assert_usage_error(result, "--src-lang", "'klingon'", "ISO 639")


def test_language_name_gets_its_code_suggested():
    with pytest.raises(ConfigError, match="did you mean uk"):
        check_language("Ukrainian")


@pytest.mark.parametrize("lang", ["uk", "ru", "zh", "zh-Hant", "uk_UA", "pt-BR", "de", None])
def test_language_codes_are_accepted(lang):
    check_language(lang)


@pytest.mark.parametrize("lang", ["klingon", "ua", "xx", "", "uk-", "english"])
def test_not_language_codes_are_refused(lang):
    with pytest.raises(ConfigError, match="--src-lang"):
        check_language(lang)


def test_explain_suggests_near_codes():
    result = invoke("explain", "QT99")
    assert result.exit_code == 2 and "did you mean QT09?" in result.output


def test_unknown_message_names_near_codes_and_the_family():
    assert unknown("GB1") == "no check 'GB1' (did you mean GB01? garbled codes: GB01-GB08); `mtqa checks` lists them"
    assert unknown("ZZ99") == "no check 'ZZ99'; `mtqa checks` lists them"


def test_codes_that_are_not_strings_are_a_config_error():
    with pytest.raises(ConfigError, match=r"x\.toml: 'disable': should be check codes or names"):
        from_mapping({"disable": [1]}, "x.toml")


# ---- 2. score -o an existing folder ------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "text", "csv", "jsonl"])
def test_score_output_to_an_existing_folder_is_a_usage_error(tmp_path, news, fmt):
    folder = tmp_path / "somedir"
    folder.mkdir()
    result = invoke("score", news, "--format", fmt, "-o", folder, "--no-cache")
    assert_usage_error(result, f"-o {folder}", "is a folder", f"--format {fmt} writes one file",
                       "only --format html writes a folder")


def test_score_output_that_cannot_be_written_is_a_usage_error(tmp_path, news):
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    result = invoke("score", news, "--format", "json", "-o", tmp_path / "a-file" / "out.json", "--no-cache", "-q")
    assert_usage_error(result, "a-file", "cannot write")


# ---- 3. a missing extra lexicon ------------------------------------------------------------------

def test_missing_extra_lexicon_is_a_config_error(tmp_path, news):
    config = toml(tmp_path, '[idioms]\nextra = ["nope.tsv"]\n')
    result = invoke("score", news, "--config", config, "--no-cache")
    assert_usage_error(result, str(config), "'idioms.extra'", "'nope.tsv'", "not found",
                       str(config.parent / "nope.tsv"))
    assert_usage_error(invoke("gate", news, "--config", config, "--no-cache"), str(config), "nope.tsv")


def test_missing_absolute_extra_lexicon_is_a_config_error(tmp_path):
    config = toml(tmp_path, f'[idioms]\nextra = ["{(tmp_path / "gone.tsv").as_posix()}"]\n')
    with pytest.raises(ConfigError, match=r"'idioms\.extra': lexicon file '.*gone\.tsv' not found"):
        load_config(config)


# ---- 4. a named column the table lacks -----------------------------------------------------------

@pytest.mark.parametrize("command", ["gate", "score"])
@pytest.mark.parametrize("option, value, missing", [
    ("--mt-col", "nosuch", "nosuch"),
    ("--ref-col", "reference", "reference"),
    ("--doc-col", "doc_id, system", "system"),
])
def test_named_column_missing_from_the_table_is_a_usage_error(table, command, option, value, missing):
    result = invoke(command, table, option, value, "--no-cache")
    assert_usage_error(result, f"{option} '{missing}'", str(table), "(columns: doc_id, mt, ref)")


def test_named_column_missing_from_a_jsonl_table(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text('{"id": "r1", "target": "The bridge is open."}\n', encoding="utf-8")
    assert_usage_error(invoke("score", path, "--mt-col", "mt", "--no-cache"), "--mt-col 'mt'", "(columns: id, target)")


def test_a_table_without_mt_column_and_no_option_is_still_an_input_error(tmp_path):
    path = tmp_path / "rows.tsv"
    path.write_text("doc_id\ttarget\nd1\tThe bridge is open.\n", encoding="utf-8")
    result = invoke("gate", path, "--no-cache")
    assert result.exit_code == 1 and "no MT column" in result.output


# ---- 5. no progress bars or logs from the model libraries ------------------------------------------

@pytest.mark.models
def test_loading_minilm_prints_nothing_and_restores_the_libraries_settings(capfd):
    from transformers.utils import logging as hf_logging

    from mtqa.embed import models as embed

    before = hf_logging.is_progress_bar_enabled(), hf_logging.get_verbosity()
    encode = embed._load_minilm()
    assert encode(["The bridge is open."])[0].shape == (1, embed.DIM)
    err = capfd.readouterr().err
    assert "Loading weights" not in err and "%|" not in err, err
    assert (hf_logging.is_progress_bar_enabled(), hf_logging.get_verbosity()) == before


def test_mtqa_progress_bar_still_draws(capsys):
    from mtqa.cli.main import _progress

    tick = _progress(True)("embedding (minilm)", 2)
    tick(2)
    assert "embedding (minilm)" in capsys.readouterr().err


# ---- 6. counts take the right number ---------------------------------------------------------------

def test_plural():
    assert [plural(n, "article") for n in (0, 1, 2)] == ["0 articles", "1 article", "2 articles"]
    assert plural(1, "baseline entry", "baseline entries") == "1 baseline entry"
    assert plural(3, "baseline entry", "baseline entries") == "3 baseline entries"


def test_text_report_counts_one_article_and_paragraph(news):
    result = invoke("score", news, "--no-cache")
    assert result.exit_code == 0, result.output
    assert "(1 paragraph, 10 words)" in result.stdout
    assert "corpus: 1 article, 1 paragraph, 10 words" in result.stdout


def test_gate_summary_counts_one_of_each(news):
    (news / "bad.mt.en.txt").write_bytes(b"\x00\x01binary\x00")
    result = invoke("gate", news, "--no-cache")
    assert result.exit_code == 1
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith("mtqa gate FAILED: 0 of 1 article failed, 1 input unreadable"), summary
    assert "; 1 finding: 0 failing, 1 warning;" in summary
    assert "1 new finding below fail-on (a warning): calque ID01" in result.stdout


def test_baseline_counts_one_finding_of_one_article(tmp_path, news):
    result = invoke("baseline", news, "-o", tmp_path / "b.json", "--no-cache")
    assert result.exit_code == 0 and "wrote 1 finding of 1 article to" in result.stdout


# ---- 7. number-valued keys say "a number" ------------------------------------------------------

@pytest.mark.parametrize("body, words", [
    ('[gate]\nmin-article-score = "sixty"\n', "'gate.min-article-score' should be a number, got 'sixty'"),
    ("[gate]\nfail-on = 3\n", "'gate.fail-on' should be a string, got 3"),
    ("[quotes]\nmulti-paragraph = 1\n", "'quotes.multi-paragraph' should be true or false, got 1"),
    ('disable = "GB01"\n', "'disable' should be a list, got 'GB01'"),
])
def test_wrong_type_messages_name_the_kind_of_value(tmp_path, news, body, words):
    config = toml(tmp_path, body)
    assert_usage_error(invoke("gate", news, "--config", config, "--no-cache"), str(config), words)


def test_float_thresholds_are_accepted(tmp_path, news):
    config = toml(tmp_path, "[gate]\nmin-article-score = 0.5\n")
    assert invoke("gate", news, "--config", config, "--no-cache").exit_code == 0
