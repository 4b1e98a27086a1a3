"""Paragraph and sentence segmentation for English and Ukrainian news."""
from __future__ import annotations

import pytest

from mtqa.segment import split_paragraphs, split_sentences, word_count


def texts(text: str, lang: str) -> list[str]:
    return [s.text for s in split_sentences(text, lang)]


def assert_offsets(text: str, lang: str) -> None:
    spans = split_sentences(text, lang)
    assert spans, text
    for s in spans:
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip()
    starts = [s.start for s in spans]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))


# ---- English ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("The U.S. embassy confirmed the visit. Talks begin on Monday.",
     ["The U.S. embassy confirmed the visit.", "Talks begin on Monday."]),
    ("Mr. Zelensky met U.S. President Biden. The talks lasted an hour.",
     ["Mr. Zelensky met U.S. President Biden.", "The talks lasted an hour."]),
    ("Dr. Smith arrived in Kyiv. She met the mayor.",
     ["Dr. Smith arrived in Kyiv.", "She met the mayor."]),
    ("The session opened at 3 p.m. on Monday. It ended late.",
     ["The session opened at 3 p.m. on Monday.", "It ended late."]),
    ("The meeting ended at 5 p.m. The vote follows on Friday.",
     ["The meeting ended at 5 p.m.", "The vote follows on Friday."]),
    ("Prices rose 3.5% in May. Wages did not.",
     ["Prices rose 3.5% in May.", "Wages did not."]),
    ("Prices rose by 3.5%. Wages did not.",
     ["Prices rose by 3.5%.", "Wages did not."]),
    ("The U.S. and the U.K. agreed. Talks end Friday.",
     ["The U.S. and the U.K. agreed.", "Talks end Friday."]),
])
def test_english_abbreviations_and_numbers_do_not_end_sentences(text, expected):
    assert texts(text, "en") == expected
    assert_offsets(text, "en")


@pytest.mark.parametrize("text, expected", [
    ('He said, "We will win." Then he left.', ['He said, "We will win."', "Then he left."]),
    ("He said, “We will win.” Then he left.", ["He said, “We will win.”", "Then he left."]),
    ("“It is over,” he said. “We go home.” The rest followed.",
     ["“It is over,” he said.", "“We go home.”", "The rest followed."]),
    ('She asked: "Is it safe?" Nobody answered.', ['She asked: "Is it safe?"', "Nobody answered."]),
])
def test_english_closing_quote_stays_with_its_sentence(text, expected):
    assert texts(text, "en") == expected
    assert_offsets(text, "en")


def test_english_sentence_without_final_stop_is_one_sentence():
    assert texts("Power restored in Kharkiv region", "en") == ["Power restored in Kharkiv region"]


def test_empty_and_blank_text_has_no_sentences():
    assert split_sentences("", "en") == []
    assert split_sentences("   \t ", "uk") == []


def test_offsets_skip_leading_and_trailing_spaces():
    text = "  Leading spaces. And trailing.  "
    spans = split_sentences(text, "en")
    assert [s.text for s in spans] == ["Leading spaces.", "And trailing."]
    assert spans[0].start == 2
    assert spans[-1].end == len(text.rstrip())
    assert_offsets(text, "en")


# ---- Ukrainian -------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Міст збудували у 1957 р. на кошти громади. Ремонт почнеться восени.",
     ["Міст збудували у 1957 р. на кошти громади.", "Ремонт почнеться восени."]),
    ("Він працює з 2022 р. Кораблі ходять щодня.",
     ["Він працює з 2022 р.", "Кораблі ходять щодня."]),
    ("Це т. зв. зелений коридор. Він працює з літа.",
     ["Це т. зв. зелений коридор.", "Він працює з літа."]),
    ("Ремонт коштував 12 млн грн. у 2023 р. Далі буде.",
     ["Ремонт коштував 12 млн грн. у 2023 р.", "Далі буде."]),
    ("Ціна – 200 грн. на тиждень. Вхід вільний.",
     ["Ціна – 200 грн. на тиждень.", "Вхід вільний."]),
    ("Квиток коштує 200 грн. Вхід вільний.", ["Квиток коштує 200 грн.", "Вхід вільний."]),
    ("Він сказав: «Ми переможемо». Потім пішов.", ["Він сказав: «Ми переможемо».", "Потім пішов."]),
])
def test_ukrainian_abbreviations(text, expected):
    assert texts(text, "uk") == expected
    assert_offsets(text, "uk")


@pytest.mark.parametrize("lang, text", [
    ("en", "Officials met in Washington, D.C. on Monday. Dr. Jones said “No.” The end!"),
    ("en", "The grid lost 3.5% of capacity… Crews worked at night. Will it hold? Nobody knows."),
    ("uk", "Нагадаємо, що т. зв. «коридор» працює з 2022 р. Ціна зросла на 3,5% до 850 грн. Далі буде."),
    ("uk", "«Ми переможемо», – сказав він.   Потім пішов!  Так."),
])
def test_offsets_point_at_the_sentence_text(lang, text):
    assert_offsets(text, lang)
    # nothing but whitespace is lost between sentences
    spans = split_sentences(text, lang)
    covered = "".join(text[a.end:b.start] for a, b in zip(spans, spans[1:]))
    assert covered.strip() == ""


# ---- paragraphs ------------------------------------------------------------------------

def test_paragraphs_split_on_blank_lines():
    assert split_paragraphs("First para.\n\nSecond para.\n\n\n\nThird.") == ["First para.", "Second para.", "Third."]


def test_paragraphs_with_crlf_line_ends():
    text = "Headline\r\n\r\nFirst line\r\nsecond line.\r\n\r\nLast."
    assert split_paragraphs(text) == ["Headline", "First line second line.", "Last."]


def test_paragraphs_with_old_mac_line_ends():
    assert split_paragraphs("One.\r\rTwo.") == ["One.", "Two."]


def test_lines_with_only_spaces_or_tabs_separate_paragraphs():
    text = "A.\n   \nB\nC.\n\t\n\n\nD.\n \u00a0 \nE."
    assert split_paragraphs(text) == ["A.", "B C.", "D.", "E."]


def test_single_newlines_join_and_edges_are_trimmed():
    assert split_paragraphs("\n\n  Line one\n   line two  \n\n") == ["Line one line two"]
    assert split_paragraphs("") == []
    assert split_paragraphs("\n \n\t\n") == []


def test_word_count():
    assert word_count("Crews restored  power\nto 1,250 homes.") == 6
    assert word_count("") == 0
