"""Issue 15, items 5-10: findings an editor trusts on real MT (rule-level cases written by
the team; the real-MT audit is reports/editor_audit.md)."""
from __future__ import annotations

import pandas as pd
import pytest

import mtqa
from mtqa.checks.quotes.issues import paragraph_issues
from mtqa.checks.registry import all_checks
from mtqa.checks.testing import make_context
from mtqa.fix.quotes import fix_text


def run(code: str, mt: str, **kw):
    return list(all_checks()[code].run(make_context(mt, **kw)))


def quote_codes(mt: str, **kw) -> list[str]:
    ctx = make_context(mt, **kw)
    return sorted(f.code for c in all_checks().values() if c.family == "quotes" for f in c.run(ctx))


# ---- 5. quotes around names ------------------------------------------------------------------

@pytest.mark.parametrize("mt, src, name", [
    ('FC "Mynai" lost on Sunday.', "ФК «Минай» програв у неділю.", "Mynai"),
    ("Defence ministers met in the «Ramstein» format.", "Міністри оборони зустрілися у форматі «Рамштайн».", "Ramstein"),
    ('The cruiser "Moskva" sank.', "Крейсер «Москва» затонув.", "Moskva"),
    ("“Ukrzaliznytsia” added trains.", "«Укрзалізниця» додала потяги.", "Ukrzaliznytsia"),
])
def test_quoted_names_get_the_bare_name_not_curled_quotes(mt, src, name):
    found = run("QT13", mt, src=src)
    assert [f.suggestion for f in found] == [name]
    assert "QT05" not in quote_codes(mt, src=src) and "QT03" not in quote_codes(mt, src=src)


def test_quoted_speech_and_terms_keep_their_quotes():
    assert run("QT13", "The so-called “Steinmeier formula” failed.", src="Так звана «формула Штайнмаєра» провалилася.") == []
    assert run("QT13", "People chanted “Together!” in the square.", src="Люди скандували «Разом!» на площі.") == []
    assert run("QT13", 'He said "We will win" today.', src="Він сказав «Ми переможемо» сьогодні.") == []


def test_mtqa_fix_writes_the_name_bare():
    assert fix_text('The club "Mynai" won.').text == "The club Mynai won."


# ---- 6. quotations across rows; a stray quote from здоров"я --------------------------------

def test_no_qt01_when_the_source_row_leaves_the_quotation_open_or_closes_an_earlier_one():
    assert "QT01" not in quote_codes('"Culture is a weapon of Russia.', src='"Культура є зброєю Росії.')
    assert "QT01" not in quote_codes('- It will depend on us."', src='- Це залежатиме від нас".')
    # the source quotes a whole sentence; the MT drops the closing mark: still QT01
    assert "QT01" in quote_codes('"Energoatom reported a threat.', src='"Енергоатом" повідомив про загрозу.')


def test_quotation_across_rows_of_a_table_like_its_source(tmp_path):
    rows = pd.DataFrame({"doc_id": ["d"] * 3,
                         "mt": ["The minister spoke.", '"Our citizens should not worry.', 'We will help them," he said.'],
                         "src": ["Міністр виступив.", '"Нашим громадянам не варто хвилюватися.', 'Ми їм допоможемо", - сказав він.']})
    report = mtqa.score(rows, cache_dir=str(tmp_path))
    assert "QT01" not in [f.code for f in report.findings]


def test_stray_quote_copied_from_an_apostrophe_is_suggested_for_deletion():
    src = 'Міністерство охорони здоров"я повідомило про нові випадки.'
    (f,) = run("QT01", 'The Ministry of Health" reported new cases.', src=src)
    assert f.suggestion == "" and 'здоров"я' in f.message and "delete" in f.message
    # no apostrophe-quote in the source: the ordinary QT01, no deletion suggested
    (g,) = run("QT01", 'The Ministry of Health" reported new cases.', src="Міністерство повідомило про нові випадки.")
    assert g.suggestion is None


def test_guillemets_around_a_name_stay_major_straight_quotes_minor():
    (g,) = run("QT13", "Engineers of the company «Energo» repaired the line.")
    assert g.severity.value == "major" and g.suggestion == "Energo"
    (s,) = run("QT13", 'Engineers of the company "Energo" repaired the line.')
    assert s.severity.value == "minor"


# ---- 7-9 (rule level) -----------------------------------------------------------------------

@pytest.mark.parametrize("mt, expected", [
    ("The delay should not be a problematic issue for the city.", "The delay should not be a problem for the city."),
    ("They discussed problematic questions of the harvest.", "They discussed problems of the harvest."),
    ("This remains an actual question for the city.", "This remains a pressing issue for the city."),
])
def test_idiom_suggestions_read_grammatically_in_place(mt, expected):
    found = [f for code in ("ID01", "ID03") for f in run(code, mt)]
    assert found, mt
    f = found[0]
    assert mt[:f.start] + f.suggestion + mt[f.end:] == expected


def test_calque_flagged_although_the_reference_has_it():
    mt = "This will allow bans on the territory of the EU."
    (f,) = run("ID01", mt, ref="This will allow bans on the territory of the EU.")
    assert mt[:f.start] + f.suggestion + mt[f.end:] == "This will allow bans in the EU."


# ---- 10. specific false alarms ------------------------------------------------------------------

def test_gb02_not_on_a_caption_label_whose_source_ends_the_same_way():
    assert run("GB02", "Photo caption,", src="Підпис до фото,") == []
    assert run("GB02", "Photo caption,", src="Підпис до фото: вулиця після обстрілу.")  # the source goes on
    assert run("GB02", "It is something we should all be proud of.") == []
    assert run("GB02", "The minister said that the new rules for the.")


def test_nm01_reads_times_and_dates_in_any_format():
    assert run("NM01", "The curfew starts at 6:00 pm.", ref="The curfew starts at 6 p.m.") == []
    assert run("NM01", "Jerusalem (21.12.2017)", ref="Jerusalem (12/21/2017)") == []
    assert run("NM01", "Jerusalem (December 21, 2017)", ref="Jerusalem (12/21/2017)") == []
    assert run("NM01", "He spoke on Thursday, February 9.", src="Він виступив у четвер, 9 лютого.") == []
    (f,) = run("NM01", "The curfew starts at 7 p.m.", ref="The curfew starts at 6 p.m.")
    assert f.suggestion == "6 p.m." and "6 p.m. in the reference" in f.message


def test_al01_not_on_a_split_exclamation_the_mt_renders_inside_its_sentence(tmp_path):
    rows = pd.DataFrame({"doc_id": ["d"],
                         "mt": ['Zelensky ended his address with the words: "Glory to Ukraine, together!"'],
                         "src": ['Зеленський завершив звернення словами: "Слава Україні! Разом!"']})
    report = mtqa.score(rows, cache_dir=str(tmp_path))
    assert "AL01" not in [f.code for f in report.findings]


def test_table_rows_split_into_sentences_compare_numbers_and_alignment_row_by_row(tmp_path):
    rows = pd.DataFrame({"doc_id": ["d"], "mt": ["Jerusalem: who owned the city before? (December 21, 2017)"],
                         "ref": ["Jerusalem: To whom did the city belong before (12/21/2017)"]})
    report = mtqa.score(rows, cache_dir=str(tmp_path))
    assert [f.code for f in report.findings if f.code in ("NM01", "AL02")] == []


def test_a_dropped_date_with_its_year_is_one_finding():
    (f,) = run("NM01", "Energoatom reported a new threat.", ref="Energoatom reported a new threat - DW - 12.02.2023")
    assert f.message.startswith("12.02.2023 in the reference is missing")


def test_a_whole_idiom_suggestion_is_left_as_written():
    (f,) = run("ID02", "The reform will kill two hares with one shot.")
    assert f.suggestion == "kill two birds with one stone"


def test_qt01_on_a_quotation_the_mt_split_although_the_source_paragraph_closes_it():
    src = "«Ми хотіли, щоб театр вийшов до людей. У складні часи вулиця стає сценою», — сказала вона."
    assert "QT01" in quote_codes("“We wanted the theatre to go out to people.", src=src)
