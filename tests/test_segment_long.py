"""Issue 20, item 4: long text reaches the (superlinear) sentence segmenters only in bounded
windows, with the same sentences as short text; a finding is owned by its sentence without
a scan over every sentence."""
from __future__ import annotations

import pytest

import mtqa.segment as seg
from mtqa.segment import WINDOW, split_sentences

PARA = {"en": "The U.S. embassy confirmed the visit on Monday. Talks begin at 3 p.m. in Kyiv, officials said. "
              "Dr. Smith will attend! Will the deal hold? ",
        "uk": "Міст збудували у 1957 р. на околиці міста. Ціна — 850 грн. за квиток. Це т. зв. «зелений коридор». "}


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_a_long_paragraph_reaches_the_segmenter_in_bounded_windows(monkeypatch, lang):
    seen: list[int] = []
    real = seg._raw_sentences

    def spy(text: str, lang: str) -> list[str]:
        seen.append(len(text))
        return real(text, lang)

    monkeypatch.setattr(seg, "_raw_sentences", spy)
    one = [s.text for s in split_sentences(PARA[lang].strip(), lang)]
    text = PARA[lang] * 300  # about 30,000 characters in one paragraph
    spans = split_sentences(text, lang)
    assert len(text) > 5 * WINDOW and max(seen) <= WINDOW
    assert [s.text for s in spans] == one * 300
    assert all(text[s.start:s.end] == s.text for s in spans)


def test_a_long_sentence_without_breaks_is_cut_between_words(monkeypatch):
    text = ("word " * 3000) + "end. Next one."
    spans = split_sentences(text, "en")
    assert all(text[s.start:s.end] == s.text for s in spans)
    assert " ".join(s.text for s in spans).split() == text.split()  # no word cut or lost


def test_short_paragraphs_go_to_the_segmenter_whole(monkeypatch):
    seen: list[str] = []
    real = seg._raw_sentences
    monkeypatch.setattr(seg, "_raw_sentences", lambda t, lang: seen.append(t) or real(t, lang))
    text = PARA["en"] * 35
    assert len(text) <= WINDOW
    split_sentences(text, "en")
    assert seen == [text]


def test_findings_belong_to_the_last_sentence_starting_at_or_before_them():
    from types import SimpleNamespace as NS

    from mtqa.pipeline.stages import _owned

    sents = [NS(index=i, span=NS(start=s)) for i, s in ((4, 2), (5, 20), (6, 41))]
    f = [NS(start=x) for x in (0, 2, 19, 20, 40, 41, 99)]
    assert _owned(f, sents) == {0: (f[0],), 4: (f[1], f[2]), 5: (f[3], f[4]), 6: (f[5], f[6])}
