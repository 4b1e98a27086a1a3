"""How well ``score`` and the garbled findings agree with people, cross-validated by document.

For every human-judged dev file (WMT23 zh-en MQM, its side-by-side re-annotation, WMT21 TED
zh-en MQM, WMT22 uk-en DA): segment-level Kendall tau-b of the score with the human score
(MQM negated), globally and within segment (across systems, averaged over segments), side by
side with sentence chrF++, BLEU and MiniLM cosine from the same pipeline run; and the
precision of a GB03 finding of severity major or above for the ratings with a Major error.

The score is cross-validated through the real pipeline: for each of 5 folds of documents
the models are trained (``mtqa.calibrate``) on the other folds' signals, written to a
temporary coefficients file, and ``mtqa.score`` scores the held-out documents with it. The
other modes (source only, MT only, reference without source) are cross-validated on the
cached row signals. Where outputs have several raters, one rater against the others
(:mod:`mtqa.benchmarks.rater_ceiling`) shows how far people themselves agree. Writes
reports/garbled_eval.json and .md.

    python -m mtqa.benchmarks.garbled_eval [--eval-dir DIR] [--work DIR]
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
from mtqa.scoring import calibration
from mtqa.benchmarks.common import eval_dir, write_report
from mtqa.benchmarks.rater_ceiling import ceilings

LABELS = {
    "mqm_zhen_wmt23.dev.tsv": "zh-en WMT23 MQM",
    "mqm_zhen_wmt23_sxs.dev.tsv": "zh-en WMT23 SxS MQM",
    "mqm_zhen_wmt21ted.tsv": "zh-en WMT21 TED MQM",
    "da_uken_wmt22.dev.tsv": "uk-en WMT22 DA (z)",
}


def pipeline_cv(items: Any, rows: dict[str, list[dict[str, Any]]], work: Path, seed: int) -> dict[str, np.ndarray]:
    """Out-of-fold pipeline output (reference mode with source): row score and whether a
    GB03 finding of major or above is on the row."""
    score = np.full(len(items), np.nan)
    flagged = np.zeros(len(items))
    family = np.zeros(len(items))
    try:
        splits = cal.folds(items, seed)
        for k, (train, test) in enumerate(splits):
            # cv=True: the fold's garbled thresholds come from an inner CV on its training part
            modes = cal.train(items.iloc[train].reset_index(drop=True),
                              {r: [v[i] for i in train] for r, v in rows.items()}, seed, cv=True)
            path = work / f"fold-{k}.json"
            path.write_text(json.dumps({"modes": modes}), encoding="utf-8")
            calibration.use(path)
            test_items = items.iloc[test].reset_index(drop=True)
            for name, part in test_items.groupby("file", sort=False):
                got = cal.pipeline_rows(part, cal.RUNS["reference"], str(work / "cache"))
                idx = test[part.index.to_numpy()]
                score[idx] = [g.get("score", np.nan) for g in got]
                flagged[idx] = [g.get("garbled", 0) >= 2 for g in got]
                family[idx] = [g.get("garbled_family", 0) >= 2 for g in got]
            print(f"fold {k + 1}/{len(splits)} done", flush=True)
    finally:
        calibration.use(None)
    return {"score": score, "flagged": flagged, "family": family}


def table(figs: dict[str, Any], with_garbled: bool) -> str:
    lines = ["| file | items | score | chrF++ | BLEU | MiniLM | score - chrF++ |"
             + (" garbled ≥ major: flagged / precision / recall |" if with_garbled else ""),
             "|---|---|---|---|---|---|---|" + ("---|" if with_garbled else "")]
    for name, f in figs.items():
        cell = lambda k: "–" if k not in f else f"{f[k][0]:.3f} / {f[k][1]:.3f}"
        delta = "–" if "chrf" not in f else f"{f['score'][0] - f['chrf'][0]:+.3f} / {f['score'][1] - f['chrf'][1]:+.3f}"
        g = ""
        if with_garbled:
            g = (f" {f['garbled_flagged']} / {f['garbled_precision']:.3f} / {f['garbled_recall']:.3f} |"
                 if "garbled_precision" in f else " – |")
        lines.append(f"| {LABELS.get(name, name)} | {f['items']} | {cell('score')} | {cell('chrf')} | {cell('bleu')} "
                     f"| {cell('similarity')} | {delta} |{g}")
    return "\n".join(lines)


MIN_SEGMENTS = 30  # a within-segment tau over fewer varying segments is noise (shown as –)


def signal_table(items: Any, rows: list[dict[str, Any]]) -> dict[str, dict[str, list[float]]]:
    """Each signal on its own (reference run: every reference, source and MT-only signal):
    Kendall tau-b, global and within segment, per file. Raw signs: a signal of badness
    (omission, TER ...) agrees with people when its tau is negative."""
    from mtqa.scoring.features import MODE_FEATURES

    out: dict[str, dict[str, list[float]]] = {}
    for feat in MODE_FEATURES["reference"]:
        v = np.array([r["features"].get(feat, np.nan) for r in rows], dtype=float)
        out[feat] = {}
        for name, idx in items.groupby("file").indices.items():
            x, h = v[idx], items["human"].to_numpy()[idx]
            ok = np.isfinite(x)
            if ok.sum() < 10 or len(set(x[ok])) < 2:
                continue
            seg = items["seg_id"].to_numpy()[idx][ok]
            out[feat][name] = [round(cal.kendall(x[ok], h[ok]), 4),
                               round(cal.within(x[ok], h[ok], seg, MIN_SEGMENTS), 4)]
    return out


def signals_md(sig: dict[str, dict[str, list[float]]]) -> str:
    names = list(LABELS)
    lines = ["| signal | " + " | ".join(LABELS[n] for n in names) + " |", "|---|" + "---|" * len(names)]
    for feat, per in sig.items():
        cells = [f"{per[n][0]:+.3f} / {per[n][1]:+.3f}" if n in per and per[n][1] == per[n][1] else
                 (f"{per[n][0]:+.3f} / –" if n in per else "–") for n in names]
        lines.append(f"| `{feat}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def ceiling_md(people: dict[str, Any], figs: dict[str, Any]) -> str:
    lines = ["| file | outputs | raters | one rater vs the others | score | chrF++ |", "|---|---|---|---|---|---|"]
    for name, p in people.items():
        f = figs.get(name, {})
        pair = lambda v: " / ".join(f"{x:.3f}" for x in v) if v else "–"  # noqa: E731
        lines.append(f"| {LABELS.get(name, name)} | {p['items']} | {p['raters']} | {p['global']:.3f} / {p['within']:.3f} "
                     f"| {pair(f.get('score'))} | {pair(f.get('chrf'))} |")
    if not people:
        lines.append("| (no file has outputs rated more than once) | | | | | |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir")
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "mtqa-calibrate"))
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    folder = eval_dir(args.eval_dir)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    items = cal.read_items(folder)
    rows = {run: cal.signals(items, work, run) for run in cal.RUNS}

    # 1. reference mode through the pipeline (what `mtqa score` prints for these files)
    oof = pipeline_cv(items, rows, work, args.seed)
    ref_rows = rows["reference"]
    figs = cal.figures(items, ref_rows, oof["score"], None, None)
    for name, idx in items.groupby("file").indices.items():
        if cal.FILES[name][1] == "mqm":
            pos, w, fl = items["major"].to_numpy()[idx], items["ratings"].to_numpy()[idx], oof["flagged"][idx] > 0
            figs[name].update({"garbled_flagged": int(fl.sum()),
                               "garbled_precision": round(float((pos * w)[fl].sum() / max(1, w[fl].sum())), 4),
                               "garbled_recall": round(float((pos * w)[fl].sum() / max(1e-9, (pos * w).sum())), 4)})
    allm = np.isfinite(items["major"].to_numpy())
    pos, w = np.nan_to_num(items["major"].to_numpy()), items["ratings"].to_numpy()

    def pooled_precision(flags: np.ndarray) -> dict[str, Any]:
        fl = (flags > 0) & allm
        return {"flagged": int(fl.sum()), "precision": round(float((pos * w)[fl].sum() / max(1, w[fl].sum())), 4),
                "recall": round(float((pos * w)[fl].sum() / max(1e-9, (pos * w)[allm].sum())), 4),
                "base_rate": round(float((pos * w)[allm].sum() / w[allm].sum()), 4)}

    pooled = pooled_precision(oof["flagged"])
    pooled_family = pooled_precision(oof["family"])

    # 2. the other modes, cross-validated on the row signals
    other: dict[str, Any] = {}
    for mode in ("source", "mt-only"):
        rws = rows[mode]
        keep = np.array([cal._mode_ok(r, mode) for r in rws])
        sel, srows = items[keep].reset_index(drop=True), [r for r, k in zip(rws, keep) if k]
        res = cal.cross_validate(sel, srows, mode, args.seed)
        _, major, _ = cal.garbled_thresholds(sel, res["prob"], mode)
        for r, src in zip(srows, (ref_rows[i] for i in np.where(keep)[0])):  # baselines from the reference run
            r.update({k: src.get(k) for k in ("chrf", "bleu", "similarity")})
        other[mode] = cal.figures(sel, srows, res["score"], res["prob"], major)
    no_src = [{**r, "features": {k: v for k, v in r["features"].items() if k not in cal.MODE_FEATURES["source"]}}
              for r in ref_rows]
    keep = np.array([cal._mode_ok(r, "reference") for r in no_src])
    sel = items[keep].reset_index(drop=True)
    srows = [r for r, k in zip(no_src, keep) if k]
    res = cal.cross_validate(sel, srows, "reference", args.seed, per_pair=False)  # no source: no pair
    other["reference without source"] = cal.figures(sel, srows, res["score"], None, None)

    sig = signal_table(items, ref_rows)
    people = ceilings(folder, [n for n in cal.FILES if cal.FILES[n][1] == "mqm"])
    data = {"date": datetime.date.today().isoformat(), "data_version": cal.data_version(folder),
            "folds": f"GroupKFold({cal.N_FOLDS}) by document, seed {args.seed}",
            "kendall": "tau-b [global, mean within-segment across systems]",
            "reference_mode_pipeline": figs, "garbled_pooled_mqm": pooled, "garbled_family_pooled_mqm": pooled_family,
            "other_modes_row_signals": other, "signals_alone": sig,
            "rater_agreement": people}
    md = f"""# Score and garbled findings against human judgments (cross-validated by document)

{data['date']}, dev files of `../shared/eval/dev` ({data['data_version']}); {data['folds']}; no
document is ever on both sides. Kendall tau-b, **global / within-segment** (mean over source
segments of tau across systems). Human score: MQM penalty negated (mean over raters), DA z.
Items: one per document, segment and system.

## Reference mode (reference + source, as the files come), through `mtqa score`

{table(figs, True)}

Garbled (GB03 at major or above) against "a rater marked a Major error", per rating, all MQM
files pooled: {pooled['flagged']} items flagged, precision {pooled['precision']:.3f}, recall
{pooled['recall']:.3f} (base rate {pooled['base_rate']:.3f}). Aim: precision >= 0.7. Any garbled
finding at major or above (GB01-GB08, rules included): {pooled_family['flagged']} flagged, precision
{pooled_family['precision']:.3f}, recall {pooled_family['recall']:.3f}.

## How well people agree with each other

One rater against the mean of the other raters of the same outputs (`mtqa/benchmarks/rater_ceiling.py`),
where outputs have more than one rater, beside the score and chrF++ on the same file (against
the mean of all raters):

{ceiling_md(people, figs)}

## Other modes (row signals, same folds)

Source only (no reference: the score never sees it; chrF++ etc. shown for comparison):

{table(other['source'], True)}

MT only:

{table(other['mt-only'], True)}

Reference without source (as `mtqa score` on a table with no source column):

{table(other['reference without source'], False)}

## Each signal on its own

Kendall tau-b of the raw signal (reference run), global / within-segment. Signals of badness
(TER, omission, addition, non-words ...) agree with people when negative; `ref_words` and
`src_size` are the same for every system of a segment, so they have no within-segment
figure; nor has a signal that varies within fewer than {MIN_SEGMENTS} segments. `tok_recall` and `tok_precision` are MiniLM token matching (`mtqa/scoring/tokmatch.py`).

{signals_md(sig)}

Aim: score >= chrF++ + 0.05 on both measures for the zh-en MQM and the uk-en DA files.
Reproduce: `python -m mtqa.calibrate && python -m mtqa.benchmarks.garbled_eval`
"""
    write_report("garbled_eval", data, md)


if __name__ == "__main__":
    main()
