"""The learned meaning score: the head's file format, the shipped weights against the outputs
recorded at training time, training end to end on a tiny synthetic table, and the pipeline
signal on a cold and a warm cache."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import mtqa
from mtqa.calibrate import learned_data as ld
from mtqa.calibrate import train_learned
from mtqa.embed import models as embed
from mtqa.scoring import learned


def random_head(seed: int = 0, hidden: int = 8) -> learned.Head:
    rng = np.random.default_rng(seed)
    f = lambda *shape: rng.normal(size=shape).astype(np.float32)  # noqa: E731
    return learned.Head(mean=f(learned.N_INPUTS), scale=np.abs(f(learned.N_INPUTS)) + 0.5,
                        w1=f(hidden, learned.N_INPUTS) * 0.05, b1=f(hidden), w2=f(1, hidden), b2=f(1))


def unit(rng: np.random.Generator) -> np.ndarray:
    v = rng.normal(size=learned.DIM).astype(np.float32)
    return v / np.linalg.norm(v)


def test_a_saved_head_loads_with_the_same_outputs(tmp_path):
    head = random_head()
    learned.save(head, tmp_path / "h.safetensors")
    back = learned.load(tmp_path / "h.safetensors")
    rng = np.random.default_rng(1)
    x = learned.inputs(np.stack([unit(rng), unit(rng)]), np.stack([unit(rng), unit(rng)]),
                       np.array([0.5, 0.1]), np.array([0.3, 0.0]), np.array([0.8, 0.6]), np.array([0.7, 0.5]))
    assert x.shape == (2, learned.N_INPUTS)
    assert np.array_equal(back.predict(x), head.predict(x))
    assert not np.allclose(head.predict(x)[0], head.predict(x)[1])


def test_a_head_for_other_inputs_is_refused_with_its_path(tmp_path):
    head = random_head()
    bad = learned.Head(**{**head.__dict__, "w1": head.w1[:, :10]})
    learned.save(bad, tmp_path / "bad.safetensors")
    with pytest.raises(ValueError, match="bad.safetensors"):
        learned.load(tmp_path / "bad.safetensors")


def test_inputs_are_comet_style_features_plus_the_scalars():
    rng = np.random.default_rng(2)
    u, v = unit(rng), unit(rng)
    x = learned.inputs(u, v, 0.4, 0.2, 0.9, 0.8)[0]
    d = learned.DIM
    assert np.allclose(x[:d], u) and np.allclose(x[d:2 * d], v)
    assert np.allclose(x[2 * d:3 * d], np.abs(u - v)) and np.allclose(x[3 * d:4 * d], u * v)
    assert np.allclose(x[4 * d:], [0.4, 0.2, 0.9, 0.8])


def test_score_is_none_when_a_part_is_missing():
    rng = np.random.default_rng(3)
    u = unit(rng)
    assert learned.score(None, u, 50.0, 20.0, (0.8, 0.8)) is None
    assert learned.score(u, u, 50.0, 20.0, None) is None
    assert learned.score(u, u, None, 20.0, (0.8, 0.8)) is None


def test_the_shipped_head_and_card_are_there():
    head = learned.shipped()
    assert head is not None and head.w1.shape[1] == learned.N_INPUTS
    card = learned.card()
    assert card["command"].startswith("python -m mtqa.calibrate.train_learned")
    assert set(card["data"]["md5"]) == set(ld.TRAIN_FILES) and card["seed"] == 0
    assert card["data"]["left_out"] not in card["data"]["pairs"]
    assert len(card["probes"]) == len(train_learned.PROBES)


@pytest.mark.models
def test_the_shipped_weights_give_the_outputs_recorded_at_training_time():
    probes = learned.card()["probes"]
    f = ld.featurise([p["mt"] for p in probes], [p["ref"] for p in probes], None, log=False)
    got = learned.shipped().predict(learned.inputs(f["u"], f["v"], f["chrf"], f["bleu"], f["tok_p"], f["tok_r"]))
    assert got == pytest.approx([p["output"] for p in probes], abs=2e-3)
    # and they say what they should: the paraphrase above the changed meaning and the word salad
    assert got[0] > got[1] and got[0] > got[2] and got[0] > got[3]


def test_a_bad_score_in_the_training_data_names_its_file_and_line(tmp_path):
    cols = ["dataset", "lp", "doc_id", "seg_id", "system", "source", "hypothesis", "reference", "da_z_mean"]
    rows = [["wmt", "xx-en", "d", "1", "A", "s", "h", "r", "0.5"], ["wmt", "xx-en", "d", "1", "B", "s", "h", "r", "high"]]
    (tmp_path / "t.tsv").write_text("\n".join("\t".join(r) for r in [cols] + rows) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"t\.tsv:3: da_z_mean"):
        ld.read_train(tmp_path, ["t.tsv"])


def test_samples_are_whole_segments_with_a_share_per_pair():
    df = pd.DataFrame({"lp": ["aa-en"] * 40 + ["bb-en"] * 8, "segment": [f"a{i // 4}" for i in range(40)]
                       + [f"b{i // 4}" for i in range(8)], "system": list("ABCD") * 12})
    got = ld.sample(df, 16, 0)
    assert got.groupby("segment").size().eq(4).all()  # every system of a drawn segment
    assert (got["lp"] == "aa-en").sum() == 8 and (got["lp"] == "bb-en").sum() == 8
    assert got.equals(ld.sample(df, 16, 0))  # the seed fixes it


SENTS = ["The council approved the new budget on Tuesday evening.",
         "Heavy rain flooded several streets in the old town.",
         "The company will open two factories next year.",
         "Police are still looking for the missing hiker.",
         "The museum reopened after a long renovation.",
         "Farmers expect a good harvest despite the dry spring.",
         "The president met the prime minister in the capital.",
         "Schools will remain closed until the end of the week.",
         "A new bridge will connect the two districts.",
         "The team won the final match in extra time."]


@pytest.mark.models
def test_training_runs_end_to_end_on_a_tiny_table(tmp_path):
    rng = np.random.default_rng(0)
    cols = ["dataset", "lp", "doc_id", "seg_id", "system", "source", "hypothesis", "reference", "da_z_mean"]
    lines = ["\t".join(cols)]
    for i, ref in enumerate(SENTS * 2):
        words = ref.rstrip(".").split()
        salad = " ".join(rng.permutation(words)[: len(words) // 2]) + "."
        for lp in ("aa-en", "bb-en"):
            for system, mt, z in (("good", ref, 1.0), ("bad", salad, -1.0), ("other", SENTS[(i + 3) % 10], -1.5)):
                lines.append("\t".join(["wmt-tiny", lp, f"doc{i % 5}", str(i), system, "src", mt, ref, str(z)]))
    (tmp_path / "tiny.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    train_learned.main(["--train-dir", str(tmp_path), "--files", "tiny.tsv", "--rows", "60", "--rounds", "2",
                        "--leave-out", "bb-en", "--epochs", "40", "--hidden", "8", "--work", str(tmp_path / "work"),
                        "--out", str(out)])
    head = learned.load(out / learned.WEIGHTS)
    card = json.loads((out / learned.CARD).read_text(encoding="utf-8"))
    assert card["data"]["pairs"] == {"aa-en": card["data"]["rows"]} and card["data"]["left_out"] == "bb-en"
    assert card["data"]["md5"]["tiny.tsv"] == ld.md5s(tmp_path, ["tiny.tsv"])["tiny.tsv"]
    assert "--rows 60" in card["command"] and card["training"]["epochs"] >= 1
    f = ld.featurise([SENTS[0], "budget the Tuesday council.", SENTS[5]], [SENTS[0]] * 3, None, log=False)
    pred = head.predict(learned.inputs(f["u"], f["v"], f["chrf"], f["bleu"], f["tok_p"], f["tok_r"]))
    assert pred[0] > pred[1] and pred[0] > pred[2]
    assert [p["output"] for p in card["probes"]] == pytest.approx(
        [round(float(v), 5) for v in head.predict(learned.inputs(*[ld.featurise(
            [m for m, _ in train_learned.PROBES], [r for _, r in train_learned.PROBES], None, log=False)[k]
            for k in ("u", "v", "chrf", "bleu", "tok_p", "tok_r")]))], abs=1e-4)


@pytest.mark.models
def test_the_pipeline_adds_the_signal_and_a_warm_cache_needs_no_model(tmp_path, monkeypatch):
    ref = "The regional governor has not yet said when he will visit the repaired substations."
    df = pd.DataFrame({"mt": ["The governor did not yet say when he would come to see the substations repaired.",
                              "Governor substations the yet visit not."], "ref": [ref, ref]})
    report = mtqa.score(df, cache_dir=str(tmp_path))
    first = [p.metrics.features["learned"] for a in report.articles for q in a.paragraphs for p in q.parts]
    assert first[0] > first[1]

    def no_model(name, *args):
        raise AssertionError(f"{name} was loaded on a warm run")

    monkeypatch.setattr(embed, "encoder", no_model)
    again = mtqa.score(df, cache_dir=str(tmp_path), config=mtqa.load_config().with_core(disable=["QT01"]))
    assert [p.metrics.features["learned"] for a in again.articles for q in a.paragraphs for p in q.parts] == first
    assert again.embedded == 0
