"""Alignment: the dynamic programme on vectors with a known similarity structure, and the real
model path on a folder article whose paragraphs are merged, split and dropped."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import mtqa
from mtqa.align.dp import THRESHOLD, Block, align, block_similarity
from mtqa.embed.models import MODELS

DIM = 16
BASIS = np.eye(DIM, dtype=np.float32)


def vec(*topics: int) -> np.ndarray:
    """A unit vector spread evenly over the given orthogonal topics."""
    v = sum(BASIS[t] for t in topics)
    return v / np.linalg.norm(v)


def identity(cos: float) -> float:
    return max(0.0, min(1.0, cos))


def pairs(blocks: list[Block]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.left, b.right) for b in blocks]


def run(left, right, left_len=None, right_len=None, calibrate=identity):
    left_len = left_len or [10] * len(left)
    right_len = right_len or [10] * len(right)
    return align(left, right, left_len, right_len, calibrate)


def test_one_to_one():
    blocks = run([vec(0), vec(1), vec(2)], [vec(0), vec(1), vec(2)])
    assert pairs(blocks) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    assert [b.kind for b in blocks] == ["1-1"] * 3
    assert all(b.similarity == pytest.approx(1.0) for b in blocks)


def test_one_to_one_with_the_minilm_calibration():
    blocks = run([vec(3), vec(7), vec(9)], [vec(3), vec(7), vec(9)], calibrate=MODELS["minilm"].calibrate)
    assert pairs(blocks) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


def test_two_to_one_merge():
    # MT items 0 and 1 together say what reference item 0 says
    blocks = run([vec(0), vec(1), vec(2)], [vec(0, 1), vec(2)], [10, 10, 10], [20, 10])
    assert pairs(blocks) == [((0, 1), (0,)), ((2,), (1,))]
    assert blocks[0].kind == "2-1"


def test_one_to_two_split():
    blocks = run([vec(0, 1), vec(2)], [vec(0), vec(1), vec(2)], [20, 10], [10, 10, 10])
    assert pairs(blocks) == [((0,), (0, 1)), ((1,), (2,))]
    assert blocks[0].kind == "1-2"


def test_merge_in_the_middle():
    blocks = run([vec(0), vec(1), vec(2), vec(3)], [vec(0), vec(1, 2), vec(3)], [10, 10, 10, 10], [10, 20, 10])
    assert pairs(blocks) == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]


def test_dropped_item_is_a_zero_to_one_gap():
    # the reference has an item (topic 1) that the MT lacks
    blocks = run([vec(0), vec(2)], [vec(0), vec(1), vec(2)])
    assert pairs(blocks) == [((0,), (0,)), ((), (1,)), ((1,), (2,))]
    assert blocks[1].kind == "0-1" and blocks[1].similarity is None


def test_added_item_is_a_one_to_zero_gap():
    blocks = run([vec(0), vec(1), vec(2)], [vec(0), vec(2)], calibrate=MODELS["minilm"].calibrate)
    assert pairs(blocks) == [((0,), (0,)), ((1,), ()), ((2,), (1,))]
    assert blocks[1].kind == "1-0"


def test_unrelated_items_become_gaps_rather_than_a_pair():
    blocks = run([vec(0), vec(5)], [vec(0), vec(6)])
    assert ((1,), (1,)) not in pairs(blocks)
    assert ((1,), ()) in pairs(blocks) and ((), (1,)) in pairs(blocks)


def test_every_index_used_once_and_in_order():
    rng = np.random.default_rng(0)
    left = [vec(int(t)) for t in rng.integers(0, DIM, 7)]
    right = [vec(int(t)) for t in rng.integers(0, DIM, 5)]
    blocks = run(left, right)
    assert [i for b in blocks for i in b.left] == list(range(7))
    assert [j for b in blocks for j in b.right] == list(range(5))


def test_empty_sides():
    assert pairs(run([], [vec(0), vec(1)])) == [((), (0,)), ((), (1,))]
    assert pairs(run([vec(0)], [])) == [((0,), ())]
    assert run([], []) == []


def test_missing_vectors_fall_back_to_length():
    sim = block_similarity([None], [vec(0)], [10], [10], identity)
    assert sim == pytest.approx(0.25)  # only the length term, which agrees fully
    assert sim < THRESHOLD


def test_length_ratio_scales_the_left_side():
    same = block_similarity([vec(0)], [vec(0)], [10], [20], identity)
    scaled = block_similarity([vec(0)], [vec(0)], [10], [20], identity, length_ratio=2.0)
    assert scaled == pytest.approx(1.0)
    assert same == pytest.approx(0.75 + 0.25 * 0.5)


# ---- the real model path -------------------------------------------------------------------

REF = [
    "Lviv hosts a street theatre festival.",
    "The festival opens on Friday in Rynok Square.",
    "Twenty-six theatre companies from nine countries will perform.",
    "Entry to all street shows is free of charge.",
    '"We wanted theatre to come to people," said the director. '
    '"In hard times the street becomes a stage for everyone."',
]
MT = [
    "In Lviv a festival of street theatre takes place.",
    "The festival starts on Friday on the Market Square. "
    "Twenty-six theatre collectives from nine countries will perform.",  # ref 1 + 2 merged
    # ref 3 dropped
    '"We wanted the theatre to go out to people," the director said.',  # ref 4 split ...
    '"In difficult times the street becomes a scene for all."',  # ... in two
]


@pytest.fixture(scope="module")
def aligned_report(tmp_path_factory):
    folder: Path = tmp_path_factory.mktemp("align")
    (folder / "fest.mt.en.txt").write_text("\n\n".join(MT) + "\n", encoding="utf-8")
    (folder / "fest.ref.en.txt").write_text("\n\n".join(REF) + "\n", encoding="utf-8")
    return mtqa.score(folder, cache_dir=str(folder / "cache"))


@pytest.mark.models
def test_dropped_reference_paragraph_is_an_omission(aligned_report):
    (article,) = aligned_report.articles
    omissions = [f for f in article.findings if f.code == "AL01"]
    assert len(omissions) == 1
    f = omissions[0]
    assert f.suggestion == REF[3]
    assert "Entry to all street shows" in f.message
    assert f.paragraph == 1  # reported after the merged paragraph, where it belongs
    assert f.start == f.end == len(MT[1])


@pytest.mark.models
def test_merged_and_split_paragraphs_get_their_reference(aligned_report):
    paras = aligned_report.articles[0].paragraphs
    assert [p.paragraph.mt for p in paras] == MT
    refs = [p.paragraph.texts["ref"] for p in paras]
    assert "Lviv hosts" in refs[0]
    # merged: both reference paragraphs
    assert "Rynok Square" in refs[1] and "nine countries" in refs[1]
    assert paras[1].paragraph.sources["ref"] == (1, 2)
    # split: each half gets its own half of the reference paragraph
    assert "come to people" in refs[2] and "hard times" not in refs[2]
    assert "hard times" in refs[3] and "come to people" not in refs[3]
    assert paras[2].paragraph.sources["ref"] == paras[3].paragraph.sources["ref"] == (4,)
    # the dropped paragraph is aligned to nothing
    assert all("Entry to all" not in r for r in refs)
