"""The [score] table: which metrics run (TER off by default) and which MiniLM backend."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import mtqa
from mtqa.config import ConfigError, from_mapping
from mtqa.embed import models as embed
from mtqa.embed import onnx_minilm
from mtqa.embed.cache import Cache
from mtqa.embed.models import Embeddings
from mtqa.scoring.metrics import Scorer
from mtqa.scoring.options import metrics

ROWS = pd.DataFrame({"mt": ["The court fined the company on Monday.", "Prices rose by 3.5% in May."],
                     "ref": ["On Monday the court fined the company.", "Prices went up 3.5% in May."]})


def test_ter_is_off_by_default_and_on_when_listed(tmp_path):
    config = mtqa.load_config()
    assert metrics(config.table("score")) == ("chrf", "bleu")
    plain = mtqa.score(ROWS, cache_dir=str(tmp_path), config=config.with_core(disable=["GB03"]))
    assert "ter" not in plain.signatures and all("ter" not in r for r in plain.to_records())
    with_ter = mtqa.score(ROWS, cache_dir=str(tmp_path), config=config.with_table("score", metrics=["chrf", "bleu", "ter"]))
    assert with_ter.signatures["ter"].startswith("TER|")
    assert all(isinstance(r["ter"], float) for r in with_ter.to_records())
    assert [r["chrf"] for r in plain.to_records()] == [r["chrf"] for r in with_ter.to_records()]


def test_scorer_computes_only_the_metrics_it_is_given(tmp_path):
    scorer = Scorer(Cache(tmp_path), ("chrf",))
    assert set(scorer.sentence("a b c", "a b d")) == {"chrf"}
    assert set(scorer.signatures()) == {"chrf"}


@pytest.mark.parametrize("table, words", [
    ({"metrics": ["chrf", "meteor"]}, ["score.metrics", "meteor"]),
    ({"metrics": ["bleu"]}, ["score.metrics", "chrf"]),
    ({"minilm": "tensorflow"}, ["score.minilm", "onnx"]),
    ({"metrics": "chrf"}, ["score.metrics", "a list"]),
])
def test_bad_score_options_are_config_errors_naming_the_key(table, words):
    with pytest.raises(ConfigError) as err:
        from_mapping({"score": table}, "mtqa.toml")
    assert all(w in str(err.value) for w in words)


def test_backends_keep_separate_cache_entries(tmp_path, monkeypatch):
    seen = []

    def fake(name, backend="torch", folder=None):
        def encode(texts):
            seen.append((backend, tuple(texts)))
            return np.eye(len(texts), 384, dtype=np.float32), [np.ones((1, 4), np.float16) for _ in texts]
        return encode

    monkeypatch.setattr(embed, "encoder", fake)
    monkeypatch.setattr(embed, "onnx_available", lambda: True)
    Embeddings(Cache(tmp_path), minilm="torch").prepare("minilm", ["one text"])
    Embeddings(Cache(tmp_path), minilm="onnx").prepare("minilm", ["one text"])  # same vectors: cached
    Embeddings(Cache(tmp_path), minilm="onnx-int8").prepare("minilm", ["one text"])
    Embeddings(Cache(tmp_path), minilm="onnx-int8").prepare("minilm", ["one text"])  # cached now
    assert seen == [("torch", ("one text",)), ("onnx-int8", ("one text",))]


def test_without_onnxruntime_minilm_runs_through_torch_and_says_so_once(monkeypatch, capsys):
    monkeypatch.setattr(embed, "onnx_available", lambda: False)
    monkeypatch.setattr(embed, "_warned", set())
    assert embed.minilm_backend("onnx-int8") == "torch"
    assert embed.minilm_backend("onnx") == "torch"
    assert capsys.readouterr().err.count("pip install onnxruntime") == 1


@pytest.mark.models
def test_onnx_export_from_the_packaged_model_agrees_with_torch(tmp_path):
    texts = ["The regional governor said the substations would be repaired by Friday.",
             "Schools stay closed.", "Prices rose by 3.5% in May, the statistics office said."]
    torch_vecs, torch_tokens = embed.encoder("minilm", "torch")(texts)
    fp32 = onnx_minilm.load(tmp_path, "onnx")
    vecs, tokens = fp32(texts)
    assert np.allclose(vecs, torch_vecs, atol=1e-4)
    assert [t.shape for t in tokens] == [t.shape for t in torch_tokens]
    assert onnx_minilm.model_file(tmp_path, "onnx").is_file()
    int8 = onnx_minilm.load(tmp_path, "onnx-int8")
    int8_vecs, _ = int8(texts)
    assert np.min(np.sum(int8_vecs * torch_vecs, axis=1)) > 0.95  # int8 weights: close, not equal
    alone, _ = int8(texts[1:2])
    assert np.array_equal(alone[0], int8_vecs[1])  # a text's vector does not depend on its batch
    batch_of_8 = np.concatenate([fp32(texts * 3)[0][i::3] for i in range(1)])
    assert np.allclose(fp32(texts[:1])[0][0], batch_of_8[0], atol=1e-6)
    assert not list(tmp_path.glob("*.part"))  # written through a rename


@pytest.mark.models
def test_a_damaged_exported_model_is_exported_again(tmp_path):
    target = onnx_minilm.model_file(tmp_path, "onnx")
    target.write_bytes(b"not an onnx model")
    vecs, _ = onnx_minilm.load(tmp_path, "onnx")(["Schools stay closed."])
    assert vecs.shape == (1, 384) and target.stat().st_size > 1_000_000
