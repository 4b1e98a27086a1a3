"""Hand-written pass and fail cases for the rule checks, on contexts built from plain strings."""
from __future__ import annotations

import pytest

from mtqa.checks.registry import all_checks
from mtqa.checks.testing import make_context
from mtqa.model import Severity

CHECKS = all_checks()


def run(code: str, mt: str, **kw):
    return CHECKS[code].run(make_context(mt, **kw))


def spans(code: str, mt: str, **kw) -> list[str]:
    return [mt[f.start:f.end] for f in run(code, mt, **kw)]


# ---- GB01 repeated word ------------------------------------------------------------------------

@pytest.mark.parametrize("mt, span, severity", [
    ("The the council met on Monday.", "The the", Severity.MINOR),
    ("He said that that plan was dead, but the the rest stayed.", "the the", Severity.MINOR),
    ("the the the council met.", "the the the", Severity.MAJOR),
    ("Prices rose\nrose again.", "rose\nrose", Severity.MINOR),
    ("They signed it in in Kyiv.", "in in", Severity.MINOR),
])
def test_gb01_flags_stutters(mt, span, severity):
    (f,) = run("GB01", mt)
    assert mt[f.start:f.end] == span
    assert f.severity is severity
    assert f.suggestion.lower() == span.split()[0].lower()


@pytest.mark.parametrize("mt", [
    "She had had enough of the delays.",
    "They met in Baden-Baden.",
    "Walla Walla is a city.",
    "It ended in May. May was warm.",
    "It was the, the plan.",
    "The council met.",
    "",
])
def test_gb01_leaves_legitimate_text_alone(mt):
    assert run("GB01", mt) == []


def test_gb01_flags_a_capitalised_stutter_at_sentence_start():
    assert spans("GB01", "The The council met on Monday.") == ["The The"]


# ---- GB02 truncated sentence ---------------------------------------------------------------------

@pytest.mark.parametrize("mt, span", [
    ("He arrived at the.", "the"),
    ("The report was signed by the", "the"),
    ("The plan will work and.", "and"),
    ("Repairs will continue until the,", ","),
    ("It ended. The new rules for the.", "the"),
    ("Crews worked all night,", ","),
])
def test_gb02_flags_cut_off_sentences(mt, span):
    (f,) = run("GB02", mt)
    assert mt[f.start:f.end] == span
    assert f.severity is Severity.MAJOR
    assert ("comma" if span == "," else f"'{span}'") in f.message


@pytest.mark.parametrize("mt", [
    "The meeting was held in Kyiv.",
    "Prices went up.",
    "Whom did he speak to?",
    "Stop it!",
    "Peskov replied",
    "“We will rebuild,” she said.",
])
def test_gb02_leaves_complete_sentences_alone(mt):
    assert run("GB02", mt) == []


def test_gb02_reports_the_cut_sentence_only():
    mt = "The dam was repaired. The minister said that the new rules for the. Tourists came back."
    (f,) = run("GB02", mt)
    assert mt[f.start:f.end] == "the"
    assert f.start == mt.index("for the.") + len("for ")


def test_gb02_stranded_preposition_is_not_a_truncation():
    assert run("GB02", "This is exactly what the residents voted for.") == []


# ---- ID01 calques --------------------------------------------------------------------------------

@pytest.mark.parametrize("mt, span", [
    ("Recall that the bridge was damaged in May.", "Recall that"),
    ("On the territory of the region it rained.", "On the territory of"),
    ("The council accepted a decision to close the school.", "accepted a decision"),
])
def test_id01_flags_calques(mt, span):
    found = run("ID01", mt)
    assert span in [mt[f.start:f.end] for f in found]
    f = next(f for f in found if mt[f.start:f.end] == span)
    assert f.message.startswith("Calque") and f.suggestion is not None


def test_id01_flags_a_calque_even_when_the_reference_says_the_same():
    # issue 15: a calque is a calque even when the reference uses it too
    mt = "Recall that the bridge was damaged in May."
    assert spans("ID01", mt, ref="The bridge was damaged in May.") == ["Recall that"]
    assert spans("ID01", mt, ref="Recall that the bridge was damaged in May.") == ["Recall that"]


def test_id01_row_can_be_disabled_by_id():
    from mtqa.checks.idioms.checks import calques

    mt = "Recall that the bridge was damaged in May."
    (f,) = run("ID01", mt)
    row_id = next(row["id"] for row, pattern in calques() if pattern.search(mt))
    assert run("ID01", mt, options={"disable": [row_id]}) == []


@pytest.mark.parametrize("mt", [
    "Officials recall that the bridge was built in 1957.",
    "The territory was mined.",
    "The council decided to close the school.",
])
def test_id01_leaves_idiomatic_text_alone(mt):
    assert run("ID01", mt) == []


# ---- UT01 Cyrillic in the English ---------------------------------------------------------------

@pytest.mark.parametrize("mt, span, suggestion", [
    ("Repairs in Харків will take a week.", "Харків", "Kharkiv"),
    ("Shops in Запоріжжя closed.", "Запоріжжя", "Zaporizhzhia"),
    ("The village of Зелений Гай.", "Зелений Гай", "Zelenyi Hai"),
    ("Roads near Згурівка are open.", "Згурівка", "Zghurivka"),
    ("Mayor Юрій spoke.", "Юрій", "Yurii"),
    ("Trains to Єнакієве stopped.", "Єнакієве", "Yenakiieve"),
])
def test_ut01_flags_cyrillic_and_suggests_a_transliteration(mt, span, suggestion):
    (f,) = run("UT01", mt)
    assert mt[f.start:f.end] == span
    assert f.suggestion == suggestion
    assert f.severity is Severity.MAJOR


def test_ut01_flags_each_run_separately():
    mt = "Shops in Запоріжжя and Житомир closed."
    assert spans("UT01", mt) == ["Запоріжжя", "Житомир"]
    assert [f.suggestion for f in run("UT01", mt)] == ["Zaporizhzhia", "Zhytomyr"]


def test_ut01_silent_on_latin_text_and_on_a_cyrillic_target():
    assert run("UT01", "Repairs in Balakliia will take a week.") == []
    uk = {"mt": "uk", "ref": "uk", "src": "en", "bt": "en"}
    assert run("UT01", "Рішення ухвалили в Києві.", langs=uk) == []


def test_ut01_transliteration_after_apostrophe():
    assert [f.suggestion for f in run("UT01", "Roads to Знам'янка are open.")] == ["Znamianka"]


# ---- UT02 copy of the source ----------------------------------------------------------------------

def test_ut02_flags_a_copied_source_ignoring_case_and_punctuation():
    mt = "Ремонт триватиме тиждень."
    (f,) = run("UT02", mt, src="ремонт триватиме тиждень")
    assert (f.start, f.end) == (0, len(mt))
    assert f.severity is Severity.CRITICAL


def test_ut02_flags_only_the_copied_sentence():
    mt = "Repairs will take a week. Ремонт триватиме тиждень."
    assert spans("UT02", mt, src="Ремонт триватиме тиждень.") == ["Ремонт триватиме тиждень."]


@pytest.mark.parametrize("mt, src", [
    ("Repairs will take a week.", "Ремонт триватиме тиждень."),
    ("Ремонт триватиме тиждень.", "Ремонт триватиме два тижні."),
    ("NATO summit", "NATO summit"),  # under three words: names and acronyms stay as they are
    ("Repairs will take a week.", ""),
])
def test_ut02_leaves_translations_alone(mt, src):
    assert run("UT02", mt, src=src) == []


# ---- NM01 numbers -------------------------------------------------------------------------------

@pytest.mark.parametrize("mt, kw", [
    ("Crews restored power to 1,250 homes.", {"src": "Бригади відновили світло в 1 250 оселях."}),
    ("Crews restored power to 1 250 homes.", {"ref": "Crews restored power to 1,250 homes."}),
    ("Prices rose by 3.5%.", {"src": "Ціни зросли на 3,5%."}),
    ("Prices rose by 3,5%.", {"ref": "Prices rose by 3.5%."}),
    ("Updates will be posted at 2:30 p.m.", {"src": "Оновлення публікуватимуть о 14:30."}),
    ("Updates will be posted at 14:30.", {"ref": "Updates will be posted at 2:30 p.m."}),
    ("Over 35,000 people came.", {"src": "Прийшло понад 35 тис. людей."}),
    ("Over 35 thousand people came.", {"src": "Прийшло понад 35 тис. людей."}),
    ("Over 35,000 people came.", {"ref": "More than 35 thousand people came."}),
    ("Ten people came.", {"ref": "10 people came."}),
    ("It cost UAH 12 million.", {"src": "Це коштувало 12 млн грн."}),
    ("The damage is 1.5 billion.", {"src": "Збитки становлять 1,5 млрд."}),
    ("Power returned to 1,250 homes.", {}),
])
def test_nm01_equal_values_in_other_conventions_pass(mt, kw):
    assert run("NM01", mt, **kw) == []


@pytest.mark.parametrize("mt, kw, span, suggestion", [
    ("Crews restored power to 1,520 homes.", {"ref": "Crews restored power to 1,250 homes."}, "1,520", "1,250"),
    ("Crews restored power to 1,520 homes.", {"src": "Бригади відновили світло в 1 250 оселях."}, "1,520", "1,250"),
    ("Crews restored power to 1520 homes.", {"ref": "Crews restored power to 1,250 homes."}, "1520", "1250"),
    ("Prices rose by 5.3% in May.", {"src": "У травні ціни зросли на 3,5%."}, "5.3", "3.5"),
    ("Over 53,000 people came.", {"src": "Прийшло понад 35 тис. людей."}, "53,000", "35,000"),
    ("Updates will be posted at 2:30 a.m.", {"src": "Оновлення публікуватимуть о 14:30."}, "2:30 a.m.", "14:30"),
])
def test_nm01_changed_number_with_suggestion(mt, kw, span, suggestion):
    (f,) = run("NM01", mt, **kw)
    assert mt[f.start:f.end] == span
    assert f.suggestion == suggestion
    assert f.severity is Severity.MAJOR
    assert suggestion.replace(",", "") in f.message.replace(",", "")


def test_nm01_chinese_source_writes_thousands_with_commas():
    zh = {"mt": "en", "ref": "en", "src": "zh", "bt": "zh"}
    assert run("NM01", "Sales reached 1,250 units.", src="销量达到1,250台。", langs=zh) == []
    (f,) = run("NM01", "Sales reached 1,520 units.", src="销量达到1,250台。", langs=zh)
    assert f.suggestion == "1,250"


def test_nm01_missing_number_flags_the_sentence():
    mt = "Crews restored power to homes."
    (f,) = run("NM01", mt, ref="Crews restored power to 1,250 homes.")
    assert (f.start, f.end) == (0, len(mt))
    assert "missing" in f.message and f.suggestion is None


def test_nm01_prefers_the_reference_over_the_source():
    mt = "Prices rose by 4%."
    assert run("NM01", mt, ref="Prices rose by 4%.", src="Ціни зросли на 5%.") == []
    (f,) = run("NM01", mt, src="Ціни зросли на 5%.")
    assert "source" in f.message


def test_nm01_two_digit_decimal_is_not_a_time():
    assert run("NM01", "The index rose by 1.15 points.", src="Індекс зріс на 1,15 пункта.") == []



