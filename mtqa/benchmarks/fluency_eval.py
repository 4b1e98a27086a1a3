"""How the fluency stage (SmolLM2-135M, :mod:`mtqa.fluency`) finds garbled English with no
reference, and how the MT-only score agrees with people.

1. Garbled sentences in real MT, scored with the MT alone (one row per output, no reference,
   no source), with and without the language model (``[fluency] enabled``):
   - zh-en: WMT23 MQM outputs where a rater marked a Major *fluency* error (positives) and
     outputs no rater marked anything in (negatives), from segments outside the sample the
     MT-only model was trained on (:func:`mtqa.calibrate.items.lm_sample`), seeded;
   - uk-en: our hand judgments of WMT23 uk-en outputs (``mtqa/benchmarks/data/
     garbled_uken_wmt23.tsv``: line numbers and labels only; the texts are read from
     ``../shared/eval/dev`` at run time).
   Found = a GB08 finding (and, beside it, any garbled-family finding) on the output.
2. Kendall tau-b (global, within segment) of the out-of-fold MT-only score (documents never
   split) and of each fluency signal against WMT22 uk-en DA, on the items the language model
   read, beside the MT-only score without the fluency signals on the same folds.
3. Spearman of the MT-only score with the word count on WMT23 uk-en MT (a seeded sample).
4. The seed article (``../shared/seed``): is its garbled sentence flagged, and how.

Needs the signals ``python -m mtqa.calibrate --work DIR`` cached in DIR. Writes
reports/fluency_eval.{json,md}.

    python -m mtqa.benchmarks.fluency_eval [--work DIR] [--eval-dir DIR] [--seed 0]
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from mtqa import calibrate as cal
from mtqa.benchmarks.common import REPO, eval_dir, write_report
from mtqa.calibrate.items import lm_sample
from mtqa.scoring.features import FLUENCY, MODE_FEATURES

LABELS = Path(__file__).parent / "data" / "garbled_uken_wmt23.tsv"
MQM = "mqm_zhen_wmt23.dev.tsv"
UKEN = "mt_uken_wmt23.dev.tsv"
PER_CLASS = 120  # zh-en positives and negatives
WORDCOUNT_ROWS = 300


def _read(path: Path) -> Any:
    import pandas as pd

    return pd.read_csv(path, sep="\t", quoting=3, keep_default_na=False, dtype=str)


def zh_labelled(folder: Path, items: Any, seed: int) -> Any:
    """Outputs with a Major fluency error (1) and outputs with no error at all (0), from
    segments the MT-only model did not learn from."""
    import pandas as pd

    df = _read(folder / MQM)

    def major_fluency(errors: str) -> bool:
        return any(str(e.get("severity", "")).lower() == "major" and str(e.get("category", "")).lower()
                   .startswith("fluency") for e in json.loads(errors or "[]"))

    df = df.assign(fl=[major_fluency(e) for e in df["errors"]], clean=df["errors"].map(lambda e: not json.loads(e or "[]")))
    g = df.groupby(["doc_id", "seg_id", "system"], sort=False).agg(
        mt=("hypothesis", "first"), fl=("fl", "any"), clean=("clean", "all")).reset_index()
    trained = set(cal.segments(items[lm_sample(items, seed)]))
    g = g[~(MQM + ":" + g["seg_id"]).isin(trained) & (g["mt"].str.split().str.len() >= 4)]
    rng = np.random.default_rng(seed)
    pos, neg = g[g["fl"]], g[g["clean"] & ~g["fl"]]
    pos = pos.iloc[rng.choice(len(pos), min(PER_CLASS, len(pos)), replace=False)]
    neg = neg.iloc[rng.choice(len(neg), min(PER_CLASS, len(neg)), replace=False)]
    return pd.concat([pos.assign(label=1), neg.assign(label=0)], ignore_index=True)[["mt", "label"]].assign(
        set="zh-en WMT23 MQM", pool="random")


def uk_labelled(folder: Path) -> Any:
    df = _read(folder / UKEN)
    labels = _read(LABELS)
    mt = [df["hypothesis"].iloc[int(line) - 2] for line in labels["line"]]
    return labels.assign(mt=mt, label=labels["garbled"].astype(int), set="uk-en WMT23 (hand-judged)")[
        ["mt", "label", "set", "pool"]]


def mt_only(texts: list[str], lm: bool, cache_dir: str) -> list[Any]:
    """Each text scored alone as MT only: its table row result."""
    import pandas as pd

    import mtqa
    from mtqa.config import Config

    df = pd.DataFrame({"doc_id": [f"r{i}" for i in range(len(texts))], "mt": texts})
    report = mtqa.score(df, cache_dir=cache_dir, config=Config().with_table("fluency", enabled=lm))
    rows: dict[int, Any] = {}
    for a in report.articles:
        for p in a.paragraphs:
            for r in p.parts:
                rows[(r.part.line or 0) - 1] = r
    return [rows[i] for i in range(len(texts))]


def detection(lab: Any, cache_dir: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for lm in (False, True):
        rows = mt_only(list(lab["mt"]), lm, cache_dir)
        gb08 = np.array([any(f.code == "GB08" for f in r.findings) for r in rows])
        family = np.array([any(f.family == "garbled" for f in r.findings) for r in rows])
        for (name, pool), idx in lab.groupby(["set", "pool"]).indices.items():
            y = lab["label"].to_numpy()[idx]
            for what, hit in (("GB08", gb08[idx]), ("garbled family", family[idx])):
                key = f"{name} [{pool}] / {what} / {'with' if lm else 'without'} LM"
                out[key] = {"positives": int(y.sum()), "negatives": int((1 - y).sum()),
                            "found": round(float(hit[y == 1].mean()), 3) if y.sum() else None,
                            "false": round(float(hit[y == 0].mean()), 3) if (1 - y).sum() else None}
    return out


def da_agreement(items: Any, work: Path, seed: int) -> dict[str, Any]:
    """Out-of-fold MT-only score (with and without the fluency signals) and each fluency
    signal against DA, on the language model's sample of the uk-en DA file."""
    sample = lm_sample(items, seed)
    sel = items[sample].reset_index(drop=True)
    rows = cal.signals(sel, work, "mt-only")
    keep = np.array([cal._mode_ok(r, "mt-only") for r in rows])
    sel, rows = sel[keep].reset_index(drop=True), [r for r, k in zip(rows, keep) if k]
    da = (sel["kind"] == "da").to_numpy()
    h, seg = sel["human"].to_numpy()[da], cal.segments(sel)[da]
    out: dict[str, Any] = {"items": int(da.sum()), "segments": int(len(set(seg)))}
    full = MODE_FEATURES["mt-only"]
    for label, names in (("MT-only score, with fluency", full),
                         ("MT-only score, without fluency (today's signals)", tuple(n for n in full if n not in FLUENCY))):
        MODE_FEATURES["mt-only"] = names
        try:
            oof = cal.cross_validate(sel, rows, "mt-only", seed)
        finally:
            MODE_FEATURES["mt-only"] = full
        s = oof["score"][da]
        out[label] = [round(cal.kendall(s, h), 4), round(cal.within(s, h, seg), 4)]
    for name in (*FLUENCY, "log_words"):
        v = np.array([r["features"].get(name, np.nan) for r in rows], dtype=float)[da]
        sign = -1 if name == "lm_window" else 1  # higher window = worse
        out[f"signal {name}" + (" (negated)" if sign < 0 else "")] = [
            round(cal.kendall(sign * v, h), 4), round(cal.within(sign * v, h, seg), 4)]
    return out


def word_count_spearman(folder: Path, seed: int, cache_dir: str) -> dict[str, Any]:
    from scipy.stats import spearmanr

    df = _read(folder / UKEN)
    df = df[df["hypothesis"].str.strip() != ""]
    pick = df.iloc[np.random.default_rng(seed).choice(len(df), WORDCOUNT_ROWS, replace=False)]
    texts = list(pick["hypothesis"])
    words = [len(t.split()) for t in texts]
    out: dict[str, Any] = {"rows": len(texts)}
    for lm in (False, True):
        scores = [r.score for r in mt_only(texts, lm, cache_dir)]
        out[f"{'with' if lm else 'without'} LM"] = {
            "spearman_with_words": round(float(spearmanr(scores, words)[0]), 3),
            "score_spread_p10_p90": [round(float(np.percentile(scores, 10)), 1),
                                     round(float(np.percentile(scores, 90)), 1)]}
    return out


def seed_article(cache_dir: str) -> dict[str, Any]:
    import mtqa

    src = REPO.parent / "shared" / "seed" / "clumsy-mt-uk-en-news.txt"
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "seed.mt.en.txt").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
        report = mtqa.score(tmp, cache_dir=cache_dir)
    # positions only, never the article's text: it is third-party text, read at run time
    sents = [(p.paragraph.index + 1, s) for a in report.articles for p in a.paragraphs for s in p.sentences]
    target = next(s for _, s in sents if "Biden until" in s.text)
    gb = [f for _, s in sents for f in s.findings if f.code in ("GB08", "GB03")]
    return {"sentences": len(sents), "GB08 findings": len(gb),
            "garbled sentence": [{"code": f.code, "severity": f.severity.value,
                                  "span_offsets": [f.start - target.start, f.end - target.start]}
                                 for f in target.findings if f.family == "garbled"],
            "other GB08 (paragraph, sentence)": [[para, s.index] for para, s in sents for f in s.findings
                                                 if f.code == "GB08" and s is not target]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir")
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "mtqa-calibrate"))
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    folder = eval_dir(args.eval_dir)
    work = Path(args.work)
    cache_dir = str(work / "cache")
    items = cal.read_items(folder)
    import pandas as pd

    lab = pd.concat([zh_labelled(folder, items, args.seed), uk_labelled(folder)], ignore_index=True)
    data = {"date": datetime.date.today().isoformat(), "seed": args.seed,
            "detection": detection(lab, cache_dir),
            "da": da_agreement(items, work, args.seed),
            "word_count": word_count_spearman(folder, args.seed, cache_dir),
            "seed_article": seed_article(cache_dir)}
    det = "\n".join(f"| {k} | {v['positives']} / {v['negatives']} | {v['found']} | {v['false']} |"
                    for k, v in data["detection"].items())
    da = "\n".join(f"| {k} | {v[0]:.3f} | {v[1]:.3f} |" for k, v in data["da"].items() if isinstance(v, list))
    wc = data["word_count"]
    sd = data["seed_article"]
    md = f"""# Fluency stage: garbled English from the MT alone, and the MT-only score

{data['date']}; seed {args.seed}. Reproduce: `python -m mtqa.calibrate --work {args.work}` (computes and
caches the signals), then `python -m mtqa.benchmarks.fluency_eval --work {args.work}`.

## Garbled outputs found with no reference (one row per output)

Found = share of positives with the finding; false = share of negatives with it. zh-en: Major
fluency error (positives) vs no error at all (negatives), segments the MT-only model did not
train on. uk-en: our hand judgments (`random` = a seeded random sample, all judged).

| set / check / language model | positives / negatives | found | false |
|---|---|---|---|
{det}

## Agreement with WMT22 uk-en DA, MT only ({data['da']['items']} items, {data['da']['segments']} segments, out-of-fold by document)

| signal | Kendall global | Kendall within segment |
|---|---|---|
{da}

## MT-only score and length (WMT23 uk-en, {wc['rows']} random outputs)

Spearman with word count: without the language model {wc['without LM']['spearman_with_words']},
with it {wc['with LM']['spearman_with_words']}; score p10-p90 {wc['without LM']['score_spread_p10_p90']} →
{wc['with LM']['score_spread_p10_p90']}.

## The seed article

{sd['sentences']} sentences, {sd['GB08 findings']} GB08/GB03 findings. The garbled sentence the issue names
(its garbled findings, offsets into it): {json.dumps(sd['garbled sentence'], ensure_ascii=False)}

Other sentences flagged GB08 (paragraph, sentence): {json.dumps(sd['other GB08 (paragraph, sentence)'])}
"""
    write_report("fluency_eval", data, md)


if __name__ == "__main__":
    main()
