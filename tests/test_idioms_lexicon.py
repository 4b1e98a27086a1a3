"""Tests generated from the idiom data: every lexicon row fires on its bad example and stays
silent on its good one; every English idiom in its own form is left alone."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from mtqa.checks.idioms.lexicon import KINDS, builtin
from mtqa.checks.idioms.nearmiss import idioms
from mtqa.checks.idioms.checks import matches
from mtqa.checks.registry import all_checks
from mtqa.checks.testing import make_context

CHECKS = all_checks()
CODES = ("ID01", "ID02", "ID03", "ID04")
ENTRIES = builtin()
LABELLED = Path(__file__).resolve().parents[1] / "corpora" / "idioms" / "labelled.tsv"


def idiom_findings(text: str, codes=CODES):
    ctx = make_context(text)
    return [f for code in codes for f in CHECKS[code].run(ctx)]


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_entry_fires_on_its_bad_example(entry):
    found = [f for f in idiom_findings(entry.bad, (entry.code,))]
    assert found, f"{entry.where}: {entry.pattern!r} does not fire on {entry.bad!r}"
    ctx = make_context(entry.bad)
    assert any(e.id == entry.id for s in ctx.sentences for e, _, _ in matches(ENTRIES, s.text)), \
        f"{entry.where}: another entry took the match in {entry.bad!r}"


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_entry_is_silent_on_its_good_example(entry):
    assert not entry.regex.search(entry.good) or entry.pattern.startswith("^")
    found = idiom_findings(entry.good)
    assert found == [], f"{entry.where}: {[entry.good[f.start:f.end] for f in found]} in {entry.good!r}"


def test_lexicon_sizes_and_columns():
    by_kind = {k: [e for e in ENTRIES if e.kind == k] for k in KINDS}
    assert len(by_kind["calque"]) + len(by_kind["false-friend"]) >= 150
    assert len(by_kind["literal"]) >= 60
    assert len({e.id for e in ENTRIES}) == len(ENTRIES), "entry ids must be unique"
    for e in ENTRIES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", e.id), e.id
        assert re.search(r"[а-яіїєґ]", e.origin, re.IGNORECASE), f"{e.id}: no Ukrainian/Russian origin"
        assert e.why and e.suggestions and e.source and e.bad and e.good, e.id
        assert e.bad != e.good


def test_english_idiom_list_size_and_source_note():
    assert len(idioms()) >= 250
    head = (Path(__file__).resolve().parents[1] / "mtqa" / "data" / "english_idioms.txt").read_text("utf-8")[:1500]
    assert "written by the mtqa team" in head and "MIT" in head


def _fill(idiom: str) -> str:
    return (idiom.replace("one's", "their").replace("someone", "him").replace("something", "it")
            .replace("oneself", "themselves"))


@pytest.mark.parametrize("idiom", [i.text for i in idioms()])
def test_english_idiom_in_its_own_form_is_not_a_near_miss(idiom):
    text = f"Officials said they would {_fill(idiom)} this time."
    assert idiom_findings(text, ("ID04",)) == []


def test_labelled_benchmark_set_does_not_copy_lexicon_examples():
    examples = {s.strip().lower() for e in ENTRIES for s in (e.bad, e.good)}
    lines = [ln for ln in LABELLED.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    sentences = [ln.split("\t")[2].strip().lower() for ln in lines[1:]]
    assert not examples & set(sentences)


def test_anchor_word_is_a_word_every_match_contains():
    from mtqa.checks.idioms.lexicon import entries
    from mtqa.checks.idioms.patterns import anchor_word

    assert anchor_word("on the territory of") == "territory"
    assert anchor_word("{accept} a|the decision") == "decision"
    assert anchor_word("actual question~ [state|local] vice-premier") == "actual"
    assert anchor_word("re:\\\\bGive (him|her)") == "" and anchor_word("(press conference|meeting)") == ""
    for e in entries({}):  # the built-in examples: whatever matches holds its anchor
        for text in (e.bad, e.good):
            for m in e.regex.finditer(text or ""):
                assert anchor_word(e.pattern) in m.group().lower(), (e.id, text)
