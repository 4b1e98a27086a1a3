"""Token matching (BERTScore-style) between MT and reference: the pure matcher on hand-made
vectors, and the real MiniLM signal through the pipeline, its cache and its memory."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import mtqa
from mtqa.embed import models as embed
from mtqa.embed.cache import Cache
from mtqa.embed.models import Embeddings
from mtqa.embed.tokmatch import greedy_match, unit_rows

E = np.eye(4, dtype=np.float32)


def test_identical_tokens_match_fully():
    assert greedy_match([E[:3]], [E[:3]]) == pytest.approx((1.0, 1.0))


def test_recall_drops_when_reference_tokens_are_missing_and_precision_when_mt_adds():
    p, r = greedy_match([E[:2]], [E[:4]])  # MT carries half the reference
    assert p == pytest.approx(1.0) and r == pytest.approx(0.5)
    p, r = greedy_match([E[:4]], [E[:1]])  # MT adds three unmatched tokens
    assert p == pytest.approx(0.25) and r == pytest.approx(1.0)


def test_sentences_of_a_block_are_matched_as_one_and_empty_sides_give_none():
    assert greedy_match([E[:1], E[1:2]], [E[:2]]) == pytest.approx((1.0, 1.0))
    assert greedy_match([], [E[:2]]) is None
    assert greedy_match([np.zeros((0, 4), np.float32)], [E[:2]]) is None


def test_unit_rows_scales_each_token_vector():
    got = unit_rows(np.array([[3.0, 4.0], [0.0, 2.0]], dtype=np.float16))
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0)


@pytest.mark.models
def test_pipeline_signal_ranks_omission_and_paraphrase(tmp_path, monkeypatch):
    ref = "The regional governor has not yet said when he will visit the repaired substations."
    df = pd.DataFrame({"mt": [ref.replace("regional ", ""),  # near-identical
                              "The governor did not yet say when he would come to see the substations repaired.",
                              "The governor visit.", "Bananas are yellow and taste sweet."],
                       "ref": [ref] * 4})
    report = mtqa.score(df, cache_dir=str(tmp_path))
    feats = [p.metrics.features for a in report.articles for q in a.paragraphs for p in q.parts]
    recall = [f["tok_recall"] for f in feats]
    assert recall[0] > recall[1] > recall[2] > recall[3]
    assert feats[2]["tok_precision"] > feats[2]["tok_recall"] + 0.2  # what it says is in the reference
    # results are cached per pair: a second run (another config, so no whole-article result
    # is reused) reads them and encodes nothing
    def no_model(name, *args):
        raise AssertionError(f"{name} was loaded on a warm run")

    monkeypatch.setattr(embed, "encoder", no_model)
    again = mtqa.score(df, cache_dir=str(tmp_path), config=mtqa.load_config().with_core(disable=["QT01"]))
    feats2 = [p.metrics.features for a in again.articles for q in a.paragraphs for p in q.parts]
    assert [f["tok_recall"] for f in feats2] == recall
    assert again.embedded == 0


def test_token_vectors_are_freed_and_matches_written_on_flush(tmp_path, monkeypatch):
    emb = Embeddings(Cache(tmp_path))
    emb.tokens = {"a": E[:2].astype(np.float16), "b": E[:1].astype(np.float16)}
    assert emb.token_match("a", "b") == pytest.approx((0.5, 1.0))
    assert emb.token_match("a", " ") is None
    emb.flush()
    assert emb.tokens == {} and emb.matches == {} and emb.new_matches == {}
    monkeypatch.setattr(embed, "encoder", lambda name, *a: pytest.fail("encoded a text whose match is cached"))
    fresh = Embeddings(Cache(tmp_path))
    assert fresh.token_match("a", "b") == pytest.approx((0.5, 1.0))


def test_missing_token_vectors_are_encoded_in_batches(tmp_path, monkeypatch):
    calls = []

    def fake(name, *args):
        def encode(texts):
            calls.append(list(texts))
            return np.zeros((len(texts), 4), np.float32), [E[:len(t)].astype(np.float16) for t in texts]
        return encode

    monkeypatch.setattr(embed, "encoder", fake)
    emb = Embeddings(Cache(tmp_path))
    emb.prepare_matches([("ab", "abcd"), ("abc", "abcd"), ("ab", "abcd")], batch=2)
    assert sorted(t for c in calls for t in c) == ["ab", "abc", "abcd"] and max(map(len, calls)) == 2
    assert emb.token_match("ab", "abcd") == pytest.approx((1.0, 0.5))
    assert len(calls) == 2  # the second question was answered from memory


@pytest.mark.models
def test_a_table_row_is_matched_against_all_its_reference_sentences(tmp_path):
    ref = ("The regional governor has not yet said when he will visit the repaired substations. "
           "Schools in the district will stay closed until Monday because of the storm.")
    first = "The regional governor has not yet said when he will visit the repaired substations."
    df = pd.DataFrame({"mt": [ref, first], "ref": [ref, ref]})
    report = mtqa.score(df, cache_dir=str(tmp_path))
    full, half = [p.metrics.features for a in report.articles for q in a.paragraphs for p in q.parts]
    # the second reference sentence has no MT: it is unaligned, yet it still lowers recall
    assert half["tok_recall"] < full["tok_recall"] - 0.2
    assert half["tok_precision"] > half["tok_recall"] + 0.1  # what it says is in the reference
