"""The terms family: termbase reading (TSV, CSV, TBX; hostile TBX refused), the built-in
termbase, matching inflected Ukrainian terms, TM01/TM02, and the [terms] config table."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import mtqa
from mtqa.checks.registry import all_checks
from mtqa.checks.terms.match import find_english, find_source, words
from mtqa.checks.terms.entry import TermbaseError
from mtqa.checks.terms.termbase import builtin, read_file, terms
from mtqa.checks.testing import make_context
from mtqa.cli.main import cli
from mtqa.config import ConfigError, load_config
from mtqa.lang.lexicon import data_path

CHECKS = all_checks()
TSV = ("source\ttarget\twrong\tkind\tnote\n"
       "# our desk's terms\n"
       "Укрлісгосп\tUkrlisgosp | forestry agency\tTimber Ministry\tbody\tthe forestry agency\n"
       "громада\tcommunity\t\tunit\t\n")
TBX2 = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en">
 <text><body>
  <termEntry id="t1">
   <descrip type="definition">the forestry agency</descrip>
   <langSet xml:lang="uk"><tig><term>Укрлісгосп</term></tig></langSet>
   <langSet xml:lang="en"><tig><term>Ukrlisgosp</term></tig><ntig><termGrp><term>forestry agency</term></termGrp></ntig></langSet>
  </termEntry>
 </body></text>
</martif>
"""
TBX3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
 <text><body>
  <conceptEntry id="c1">
   <langSec xml:lang="uk-UA"><termSec><term>Укрлісгосп</term></termSec><termSec><term>Держлісагентство</term></termSec></langSec>
   <langSec xml:lang="en-GB"><termSec><term>Ukrlisgosp</term></termSec></langSec>
  </conceptEntry>
 </body></text>
</tbx>
"""


def run(code, mt, src, options=None):
    return [(f.severity.value, mt[f.start:f.end], f.suggestion) for f in
            CHECKS[code].run(make_context(mt, src=src, options=options or {}))]


# ---- matching ---------------------------------------------------------------------------------

@pytest.mark.parametrize("term, text", [
    ("Верховна Рада", "Рішення Верховної Ради"), ("Верховна Рада", "у Верховній Раді"),
    ("громада", "у громадах області"), ("гривня", "100 тисяч гривень"), ("ЗСУ", "бійці ЗСУ"),
    ("прикордонник", "прикордонників затримали"),
])
def test_inflected_source_forms_match_their_term(term, text):
    assert find_source(term, words(text)) is not None


@pytest.mark.parametrize("term, text", [("ОП", "оп, і все"), ("ЗСУ", "Зсунулися"), ("гривня", "гриви коней")])
def test_acronyms_match_only_in_capitals_and_other_words_do_not_match(term, text):
    assert find_source(term, words(text)) is None


def test_english_terms_match_plurals_possessives_and_hyphens_but_not_inside_words():
    assert find_english("deputy", "the deputies voted")
    assert find_english("Armed Forces of Ukraine", "the armed forces of Ukraine's command")
    assert find_english("counter-offensive", "the counter offensive began")
    assert find_english("SBU", "the sbu said") is None  # acronyms keep their capitals
    assert find_english("UN", "an unusual day") is None


# ---- the checks -----------------------------------------------------------------------------

def test_missing_state_body_is_major_with_the_official_name_suggested():
    got = run("TM01", "The deputies of the Supreme Assembly voted.", "Депутати Верховної Ради проголосували.")
    assert got == [("major", "The deputies of the Supreme Assembly voted.", "Verkhovna Rada")]


def test_missing_generic_term_is_minor_and_romanisation_is_accepted():
    assert run("TM01", "The village voted.", "Громада проголосувала.") == [("minor", "The village voted.", "community")]
    assert run("TM01", "The hromada voted.", "Громада проголосувала.") == []


def test_longest_term_wins_an_overlap():
    # "голова ОВА" holds the term "ОВА": one finding, for the longer term
    got = CHECKS["TM01"].run(make_context("The chief spoke.", src="Голова ОВА виступив."))
    assert len(got) == 1 and "голова ОВА" in got[0].message


def test_entity_swap_is_critical_on_the_wrong_words_and_tm01_stays_silent():
    mt, src = "The U.S.S.R. repelled the attack.", "ЗСУ відбили атаку."
    assert run("TM02", mt, src) == [("critical", "U.S.S.R.", "Armed Forces of Ukraine")]
    assert run("TM01", mt, src) == []


def test_swap_is_not_flagged_when_the_source_speaks_of_that_entity():
    assert run("TM02", "The Soviet army and the Ukrainian army.", "Радянська армія і ЗСУ.") == []


def test_a_finding_only_where_the_source_has_the_term():
    assert run("TM01", "The KGB archive opened.", "Архів відкрили.") == []
    assert run("TM02", "The KGB archive opened.", "Архів відкрили.") == []
    assert run("TM01", "Parliament met.", "") == []


def test_source_in_another_language_is_not_checked():
    ctx = make_context("The army held.", src="ЗСУ утримали.", langs={"mt": "en", "src": "zh"})
    assert CHECKS["TM01"].run(ctx) == []


# ---- reading termbases ------------------------------------------------------------------------

def test_tsv_termbase_reads_targets_wrong_kind_and_default_severity(tmp_path):
    path = tmp_path / "ours.tsv"
    path.write_text(TSV, encoding="utf-8")
    first, second = read_file(path)
    assert first.source == "Укрлісгосп" and first.targets == ("Ukrlisgosp", "forestry agency")
    assert first.wrong == ("Timber Ministry",) and first.severity.value == "major" and first.where.endswith(":3")
    assert second.severity.value == "minor"


def test_csv_termbase_with_quoted_cells(tmp_path):
    path = tmp_path / "ours.csv"
    path.write_text('source,target,note\n"Укрлісгосп","Ukrlisgosp | forestry agency","agency, state"\n',
                    encoding="utf-8")
    (term,) = read_file(path)
    assert term.targets == ("Ukrlisgosp", "forestry agency") and term.note == "agency, state"


@pytest.mark.parametrize("text, count", [(TBX2, 1), (TBX3, 2)])
def test_tbx2_and_tbx3_termbases(tmp_path, text, count):
    path = tmp_path / "ours.tbx"
    path.write_text(text, encoding="utf-8")
    got = read_file(path)
    assert len(got) == count and got[0].source == "Укрлісгосп" and "Ukrlisgosp" in got[0].targets
    if count == 1:
        assert got[0].targets == ("Ukrlisgosp", "forestry agency") and got[0].note == "the forestry agency"
    else:
        assert got[1].source == "Держлісагентство"


HOSTILE = {
    "doctype": ('<?xml version="1.0"?>\n<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">\n<martif/>\n', 2, "DOCTYPE"),
    "entity": ('<?xml version="1.0"?>\n<!DOCTYPE m [\n<!ENTITY lol "lol">\n]>\n<martif>&lol;</martif>\n', 2,
               "DOCTYPE"),
    "external": ('<?xml version="1.0"?>\n\n\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n<martif/>\n', 4, "ENTITY"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_tbx_is_refused_naming_file_and_line(tmp_path, name):
    text, line, what = HOSTILE[name]
    path = tmp_path / "evil.tbx"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TermbaseError, match=rf"evil\.tbx:{line}: .*{what}"):
        read_file(path)


@pytest.mark.parametrize("text, where", [
    ("source\ttarget\nЗСУ\tarmy\textra\tcells\n", r":2: 4 cells for 2 columns"),
    ("source\ttarget\n\nЗСУ\t\n", r":3: empty target"),
    ("source\tdestination\nЗСУ\tarmy\n", r":1: header lacks column\(s\) target"),
    ("source\ttarget\tkind\nЗСУ\tarmy\tweapon\n", r":2: kind 'weapon'"),
    ("source\ttarget\tseverity\nЗСУ\tarmy\tcritical\n", r":2: a missing term is minor or major"),
])
def test_bad_tsv_lines_name_file_and_line(tmp_path, text, where):
    path = tmp_path / "bad.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TermbaseError, match=r"bad\.tsv" + where):
        read_file(path)


def test_bad_tbx_names_file_and_line(tmp_path):
    path = tmp_path / "bad.tbx"
    path.write_text(TBX2.replace('<langSet xml:lang="en">', '<langSet xml:lang="de">'), encoding="utf-8")
    with pytest.raises(TermbaseError, match=r"bad\.tbx:4: entry has no English"):
        read_file(path)
    path.write_text(TBX2.replace("</termEntry>", ""), encoding="utf-8")
    with pytest.raises(TermbaseError, match=r"bad\.tbx:\d+: not well-formed XML"):
        read_file(path)


def test_wrong_encoding_names_file_and_line(tmp_path):
    path = tmp_path / "cp1251.tsv"
    path.write_bytes("source\ttarget\n".encode() + "ЗСУ\tarmy\n".encode("cp1251"))
    with pytest.raises(TermbaseError, match=r"cp1251\.tsv:2: not UTF-8"):
        read_file(path)


# ---- the built-in termbase ----------------------------------------------------------------------

def test_builtin_termbase_has_300_rows_each_with_provenance_and_the_core_bodies():
    rows = builtin()
    assert len(rows) >= 300
    assert all(t.provenance and t.targets for t in rows)
    sources = {t.source for t in rows}
    for must in ("ЗСУ", "СБУ", "НБУ", "ДСНС", "НАБУ", "ОВА", "ОДА", "Верховна Рада", "громада", "район",
                 "область", "гривня", "генерал-лейтенант"):
        assert must in sources
    assert len({t.key for t in rows}) == len(rows)
    assert "uk_news.tsv" in str(data_path("terms/uk_news.tsv"))


# ---- config ---------------------------------------------------------------------------------------

def test_user_termbase_adds_terms_and_replaces_builtin_rows(tmp_path):
    path = tmp_path / "ours.tsv"
    path.write_text(TSV, encoding="utf-8")
    options = {"files": [str(path)]}
    assert run("TM02", "The Timber Ministry said.", "Укрлісгосп повідомив.", options) == \
        [("critical", "Timber Ministry", "Ukrlisgosp")]
    # our row for громада allows only "community": "hromada" is still accepted as its romanisation
    assert run("TM01", "The municipality voted.", "Громада проголосувала.", options) == \
        [("minor", "The municipality voted.", "community")]
    assert len(terms(options)) == len(builtin()) + 1
    assert run("TM01", "The deputies voted.", "Депутати Верховної Ради проголосували.",
               {"builtin": False, "files": [str(path)]}) == []


def test_disable_switches_a_term_off():
    assert run("TM01", "The village voted.", "Громада проголосувала.", {"disable": ["громада"]}) == []


def test_terms_files_are_read_relative_to_the_config(tmp_path):
    (tmp_path / "ours.tsv").write_text(TSV, encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text('[terms]\nfiles = ["ours.tsv"]\n')
    table = load_config(tmp_path / "mtqa.toml").table("terms")
    assert [Path(p).resolve() for p in table["files"]] == [(tmp_path / "ours.tsv").resolve()]


@pytest.mark.parametrize("body, words", [
    ("[terms]\nfile = []\n", "unknown key 'terms.file'"),
    ('[terms]\nfiles = "ours.tsv"\n', "'terms.files' should be a list"),
    ('[terms]\nbuiltin = "yes"\n', "'terms.builtin' should be true or false"),
    ('[terms]\ndisable = ["немає такого"]\n', "'terms.disable': no term"),
    ('[terms]\nfiles = ["missing.tsv"]\n', "'terms.files': termbase 'missing.tsv' not found"),
])
def test_bad_terms_table_is_a_config_error_naming_the_key(tmp_path, body, words):
    (tmp_path / "mtqa.toml").write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=words):
        load_config(tmp_path / "mtqa.toml")


def test_bad_termbase_exits_2_naming_file_and_line(tmp_path):
    (tmp_path / "evil.tbx").write_text(HOSTILE["entity"][0], encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text('[terms]\nfiles = ["evil.tbx"]\n')
    (tmp_path / "a.mt.en.txt").write_text("The army held.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(tmp_path / "a.mt.en.txt"), "--config",
                                      str(tmp_path / "mtqa.toml"), "--no-cache"])
    assert result.exit_code == 2 and "evil.tbx:2" in result.output and "Traceback" not in result.output


def test_wrong_type_in_terms_exits_2_naming_the_key(tmp_path):
    (tmp_path / "mtqa.toml").write_text("[terms]\nbuiltin = 1\n")
    (tmp_path / "a.mt.en.txt").write_text("The army held.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["gate", str(tmp_path / "a.mt.en.txt"), "--config",
                                      str(tmp_path / "mtqa.toml"), "--no-cache"])
    assert result.exit_code == 2 and "terms.builtin" in result.output


def test_terms_run_in_the_pipeline_on_a_table(tmp_path):
    import pandas as pd

    df = pd.DataFrame({"doc_id": ["d", "d"], "system": ["s", "s"],
                       "hypothesis": ["The U.S.S.R. repelled the attack.", "The Verkhovna Rada met."],
                       "source": ["ЗСУ відбили атаку.", "Верховна Рада зібралася."]})
    report = mtqa.score(df, cache_dir=str(tmp_path / "cache"))
    found = [(f["code"], f["severity"], r["hypothesis"][f["start"]:f["end"]]) for r in report.to_records()
             for f in r["findings"] if f["family"] == "terms"]
    assert found == [("TM02", "critical", "U.S.S.R.")]
