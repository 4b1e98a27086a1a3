"""ID04: near misses of English idioms, on hand-written cases, mostly for idioms that the
literal-rendering lexicon does not know (so only the skeleton matcher can find them)."""
from __future__ import annotations

import pytest

from mtqa.checks.idioms.lexicon import builtin
from mtqa.checks.idioms.nearmiss import find_idioms, idioms, lemmas, related, tokenize
from mtqa.checks.registry import all_checks
from mtqa.checks.testing import make_context

ID04 = all_checks()["ID04"]
LITERAL = [e for e in builtin() if e.kind == "literal"]


def near(mt, **kw):
    return ID04.run(make_context(mt, **kw))


# Phrases no literal-lexicon row matches: the near-miss matcher alone must find them.
NOT_IN_LITERAL_LIST = [
    ("The protests were only the top of the iceberg.", "top of the iceberg", "the tip of the iceberg"),
    ("Both parties are now in one boat, the analyst said.", "in one boat", "in the same boat"),
    ("He behaved like an elephant in a china shop.", "like an elephant in a china shop",
     "like a bull in a china shop"),
    ("The reform could hit two birds with one stone.", "hit two birds with one stone",
     "kill two birds with one stone"),
    ("The minister let the cat out of the sack.", "let the cat out of the sack", "let the cat out of the bag"),
    ("Officials burned the midnight candle before the vote.", "burned the midnight candle",
     "burn the midnight oil"),
    ("Critics say the ministry opened a box of worms.", "opened a box of worms", "open a can of worms"),
    ("The deal will cost taxpayers an arm and a foot.", "cost taxpayers an arm and a foot",
     "cost taxpayers an arm and a leg"),
    ("Nobody wants to spill the peas before the summit.", "spill the peas", "spill the beans"),
    ("The party decided to bite the cartridge and raise taxes.", "bite the cartridge", "bite the bullet"),
    ("It is like looking for a needle in a haystack of hay.", None, None),  # exact idiom inside: silent
]


@pytest.mark.parametrize("mt, span, idiom", NOT_IN_LITERAL_LIST, ids=[c[0][:30] for c in NOT_IN_LITERAL_LIST])
def test_near_miss_of_an_idiom_not_in_the_literal_list(mt, span, idiom):
    assert not any(e.regex.search(mt) for e in LITERAL), "the case must not be in the literal lexicon"
    found = near(mt)
    if span is None:
        assert found == []
        return
    assert [(mt[f.start:f.end], f.suggestion) for f in found] == [(span, idiom)]
    assert "Near miss of the idiom" in found[0].message and 0.5 <= found[0].confidence <= 0.95


@pytest.mark.parametrize("mt", [
    "The drop in prices surprised analysts.",
    "There was a sharp drop in the number of tourists this summer.",
    "Firefighters poured water on the fire for three hours.",
    "The top of the tower was damaged by the drone.",
    "Both teams are in one group at the championship.",
    "The stone hit two cars in the parking lot.",
    "He was shot in the back of the head.",
    "A drop of rain fell on the sea of faces in the square.",
    "There was a drop in the sea level last year.",
    "She plays first violin in the Kyiv orchestra.",
    "The soldiers were wounded in the leg.",
    "Rescuers pulled a man out of the water.",
    "The boat capsized in the sea near Odesa.",
])
def test_ordinary_english_is_no_near_miss(mt):
    assert near(mt) == []


def test_the_idiom_itself_is_no_near_miss():
    for idiom in ("a drop in the ocean", "add fuel to the fire", "in the same boat", "the last straw"):
        assert near(f"This is {idiom}, critics say.") == []


def test_brief_examples_are_near_misses_but_reported_by_the_literal_check():
    # the literal lexicon knows these, so ID02 reports them and ID04 stays out of its way
    for mt, idiom in (("The aid is a drop in the sea.", "a drop in the ocean"),
                      ("Such words pour oil into the fire.", "add fuel to the fire")):
        misses, _ = find_idioms(mt)
        assert [m.idiom for m in misses] == [idiom]
        assert near(mt) == []


def test_reference_with_the_idiom_is_quoted_and_same_phrase_silences():
    mt = "The protests were only the top of the iceberg."
    (f,) = near(mt, ref="The protests were just the tip of the iceberg.")
    assert f.suggestion == "tip of the iceberg" and "the reference says" in f.message
    assert near(mt, ref="The protests were the top of the iceberg, he said.") == []


def test_tokens_drop_articles_and_lemmatise():
    toks = tokenize("He let the cats out of their bags.")
    assert [t.text for t in toks] == ["He", "let", "cats", "out", "of", "bags"]
    assert "cat" in lemmas("cats") and "pour" in lemmas("poured") and "stop" in lemmas("stopped")
    assert related(lemmas("sea"), lemmas("ocean")) == "strong"
    assert related(lemmas("back"), lemmas("foot")) == "weak"
    assert related(lemmas("price"), lemmas("ocean")) is None


def test_idiom_list_is_parsed_into_skeletons():
    by_text = {i.text: i for i in idioms()}
    drop = by_text["a drop in the ocean"]
    assert [(s.word, s.kind) for s in drop.slots] == [("drop", "content"), ("in", "function"), ("ocean", "content")]
    assert [s.kind for s in by_text["pull someone's leg"].slots] == ["content", "content"]  # a possessive
    assert [s.kind for s in by_text["give someone the cold shoulder"].slots] == ["content", "slot", "content", "content"]
