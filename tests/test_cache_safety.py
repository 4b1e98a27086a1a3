"""The on-disk cache holds data, never code: a pickle planted in it does not run, and a value
that does not validate (in any namespace: results, embeddings, token matches, metric
statistics) is dropped and recomputed with one warning, instead of failing every later run."""
from __future__ import annotations

import json
import pickle
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import mtqa
from mtqa.cli.main import cli
from mtqa.model import ArticleResult, Severity
from mtqa.embed import models as embed
from mtqa.embed.cache import Cache
from mtqa.embed.models import DIM, Embeddings, tokmatch_ns
from mtqa.pipeline import datacodec
from mtqa.scoring.metrics import Scorer

WARNING = "held invalid entries"


class Exploit:
    """Unpickling this creates the marker file: what an attacker's blob would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def article(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.mt.en.txt").write_text('He said "yes" .\n\nThe cat sat on the mat.\n', encoding="utf-8")
    return folder


def score(path: Path, cache: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["score", "-q", "--format", "json", "--cache-dir", str(cache), str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def set_all(cache: Path, prefix: str, value) -> int:
    db = sqlite3.connect(cache / "cache.sqlite3")
    n = db.execute("UPDATE kv SET val=? WHERE ns LIKE ?", (value, prefix + "%")).rowcount
    db.commit()
    db.close()
    return n


def test_a_pickle_planted_in_the_result_cache_never_runs(tmp_path):
    inp, cache, marker = article(tmp_path / "in"), tmp_path / "cache", tmp_path / "PWNED"
    code, cold, err = score(inp, cache)
    assert code == 0 and err == ""
    assert set_all(cache, "result:", pickle.dumps(Exploit(marker))) == 1
    code, poisoned, err = score(inp, cache)
    assert not marker.exists()  # the blob was never unpickled
    assert code == 0 and poisoned == cold  # recomputed: the same report as the cold run
    assert err.count(WARNING) == 1
    code, warm, err = score(inp, cache)  # the recomputed entry replaced the planted one
    assert warm == cold and err == ""


@pytest.mark.parametrize("garbage", [b"", b"\x00" * 7, "text, not bytes", 42, 1.5, None,
                                     json.dumps({"v": 1}).encode()])
def test_garbage_in_the_result_cache_is_dropped_and_recomputed(tmp_path, garbage):
    inp, cache = article(tmp_path / "in"), tmp_path / "cache"
    _, cold, _ = score(inp, cache)
    set_all(cache, "result:", garbage)
    code, again, err = score(inp, cache)
    assert (code, again) == (0, cold) and err.count(WARNING) == 1


def test_results_round_trip_through_the_codec_exactly(tmp_path):
    report = mtqa.score(article(tmp_path), cache_dir=None)
    for result in report.articles:
        blob = datacodec.dumps(result, ArticleResult)
        assert datacodec.loads(blob, ArticleResult) == result
        assert datacodec.dumps(datacodec.loads(blob, ArticleResult), ArticleResult) == blob


def test_the_codec_refuses_blobs_that_do_not_validate(tmp_path):
    import msgpack

    result = mtqa.score(article(tmp_path), cache_dir=None).articles[0]
    fmt, version, name, body = msgpack.unpackb(datacodec.dumps(result, ArticleResult))
    bad_finding = json.loads(json.dumps(body))
    bad_finding["paragraphs"][0]["findings"][0]["severity"] = "catastrophic"
    wrong_type = json.loads(json.dumps(body))
    wrong_type["score"] = "high"
    missing = {k: v for k, v in body.items() if k != "words"}
    extra = {**body, "__reduce__": "os.system"}
    for blob in (msgpack.packb([fmt, version + 1, name, body]),  # another version
                 msgpack.packb([fmt, version, "Finding", body]),  # another type
                 msgpack.packb([fmt, version, name, bad_finding]),
                 msgpack.packb([fmt, version, name, wrong_type]),
                 msgpack.packb([fmt, version, name, missing]),
                 msgpack.packb([fmt, version, name, extra]),
                 msgpack.packb([fmt, version, name, msgpack.ExtType(1, b"x")]),
                 b"\x91" * 100_000,  # arrays nested 100,000 deep
                 datacodec.dumps(result, ArticleResult)[:-3],  # truncated
                 pickle.dumps(result)):
        with pytest.raises(datacodec.CodecError):
            datacodec.loads(blob, ArticleResult)
    assert result.paragraphs[0].findings[0].severity in Severity


def test_a_result_the_codec_cannot_store_exactly_is_not_cached(tmp_path):
    import pandas as pd

    df = pd.DataFrame({"mt": ["The cat sat on the mat."], "note": [(1, 2)]})  # a tuple would come back a list
    result = mtqa.score(df, cache_dir=None).articles[0]
    with pytest.raises(datacodec.CodecError):
        datacodec.dumps(result, ArticleResult)
    first = mtqa.score(df, cache_dir=str(tmp_path)).to_records()
    assert mtqa.score(df, cache_dir=str(tmp_path)).to_records() == first


# ---- every other namespace: embeddings, token matches, metric statistics --------------------

def fake_encoder(calls: list[str]):
    def encode(texts):
        calls.extend(texts)
        vecs = np.full((len(texts), DIM), 1 / np.sqrt(DIM), dtype=np.float32)
        return vecs, [np.ones((2, 4), dtype=np.float16) / 2 for _ in texts]

    return lambda name, *args, **kwargs: encode


@pytest.mark.parametrize("garbage", [np.full(DIM, np.nan, dtype=np.float32).tobytes(),
                                     np.full(DIM, 1e30, dtype=np.float32).tobytes(),
                                     b"\x00" * 12, "a string", 7, None])
def test_garbage_embeddings_are_dropped_and_recomputed(tmp_path, monkeypatch, capsys, garbage):
    calls: list[str] = []
    monkeypatch.setattr(embed, "encoder", fake_encoder(calls))
    Embeddings(Cache(tmp_path)).prepare("minilm", ["One.", "Two."])
    assert calls == ["One.", "Two."]
    set_all(tmp_path, "emb:", garbage)
    emb = Embeddings(Cache(tmp_path))
    emb.prepare("minilm", ["One.", "Two."])
    assert sorted(calls) == sorted(["One.", "Two."] * 2)  # both recomputed
    assert np.isfinite(emb.get("minilm", "One.")).all()
    assert capsys.readouterr().err.count(WARNING) == 1
    Embeddings(Cache(tmp_path)).prepare("minilm", ["One.", "Two."])
    assert len(calls) == 4 and capsys.readouterr().err == ""  # the good values were stored again


@pytest.mark.parametrize("garbage", [np.array([np.inf, 0.5], dtype=np.float32).tobytes(),
                                     np.array([3.0, 0.5], dtype=np.float32).tobytes(), b"abc", "x"])
def test_garbage_token_matches_are_dropped_and_recomputed(tmp_path, monkeypatch, capsys, garbage):
    monkeypatch.setattr(embed, "encoder", fake_encoder([]))
    emb = Embeddings(Cache(tmp_path))
    first = emb.token_match("A cat.", "The cat.")
    emb.flush()
    assert set_all(tmp_path, tokmatch_ns(), garbage) == 1
    emb = Embeddings(Cache(tmp_path))
    assert emb.token_match("A cat.", "The cat.") == first
    assert capsys.readouterr().err.count(WARNING) == 1


@pytest.mark.parametrize("garbage", [b"not json", b"[1, 2, 3]", json.dumps([-1.0] * 50).encode(), b'"x"',
                                     b"[NaN]", 5, None, b"\xff\xfe"])
def test_garbage_metric_statistics_are_dropped_and_recomputed(tmp_path, capsys, garbage):
    pair = ("The cat sat.", "A cat sat.")
    cold = Scorer(Cache(tmp_path)).sentence(*pair)
    assert set_all(tmp_path, "stats:", garbage) == 3  # chrF, BLEU and TER
    assert Scorer(Cache(tmp_path)).sentence(*pair) == cold
    assert capsys.readouterr().err.count(WARNING) == 1
    assert Scorer(Cache(tmp_path)).sentence(*pair) == cold
    assert capsys.readouterr().err == ""


def test_calibration_signal_files_are_data_and_a_planted_pickle_is_recomputed(tmp_path, monkeypatch, capsys):
    import pandas as pd

    from mtqa.calibrate import pipeline_signals as ps

    items = pd.DataFrame({"file": ["f"] * 2, "doc_id": ["d", "d"], "system": ["s", "s"], "pair": ["uk-en"] * 2,
                          "mt": ["A cat.", "A dog."], "ref": ["The cat.", "The dog."], "src": ["Кіт.", "Пес."]})
    made = []

    def fake_rows(part, roles, cache_dir):
        made.append(len(part))
        return [{"features": {"chrf": 50.0}, "chrf": 50.0, "bleu": None, "score": 70.5} for _ in range(len(part))]

    monkeypatch.setattr(ps, "pipeline_rows", fake_rows)
    first = ps.signals(items, tmp_path, "reference")
    (stored,) = tmp_path.glob("signals-*")
    marker = tmp_path / "PWNED"
    for planted in (pickle.dumps(Exploit(marker)), b'[{"features": {"chrf": "x"}}]', b"[" * 100_000):
        stored.write_bytes(planted)
        assert ps.signals(items, tmp_path, "reference") == first
        assert not marker.exists() and "recomputing" in capsys.readouterr().err
    assert made == [2, 2, 2, 2]
    assert ps.signals(items, tmp_path, "reference") == first and made == [2, 2, 2, 2]  # read back
