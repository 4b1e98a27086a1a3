"""``python -m mtqa.calibrate``: train the models and write ``mtqa/data/calibration.json``."""
from __future__ import annotations

import argparse
import datetime
import json
import os
import tempfile
from pathlib import Path

from mtqa.calibrate.evaldata import REPO, eval_dir
from mtqa.calibrate.items import FILES, N_FOLDS, RUNS, data_version, read_items
from mtqa.calibrate.learn import LOGISTIC_C, RIDGE_ALPHA, train
from mtqa.calibrate.pipeline_signals import signals


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Train the calibrated score and garbled models on the human "
                                 "judgments of ../shared/eval/dev and write mtqa/data/calibration.json.")
    ap.add_argument("--eval-dir")
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "mtqa-calibrate"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--signals-only", action="store_true", help="compute and cache the signals, train nothing")
    ap.add_argument("--fresh", action="store_true", help="recompute the signals (the embedding cache stays)")
    ap.add_argument("--dry-run", action="store_true", help="print, do not write the coefficients file")
    args = ap.parse_args(argv)
    folder = eval_dir(args.eval_dir)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    items = read_items(folder)
    rows = {run: signals(items, work, run, args.fresh) for run in RUNS}
    if args.signals_only:
        return
    modes = train(items, rows, args.seed)
    data = {
        "format": 1,
        "data_version": data_version(folder),
        "date": datetime.date.today().isoformat(),
        "trained_on": sorted(FILES),
        "items": int(len(items)),
        "seed": args.seed,
        "learner": {"score": f"ridge (alpha {RIDGE_ALPHA}) on standardised signals -> 100*sigmoid(a*x+b) fitted to DA raw",
                    "garbled": f"logistic regression (C {LOGISTIC_C}) of 'badly broken' (MQM: most raters marked "
                               "a Major error; DA: mean below 50); thresholds: cross-validated precision 0.5/0.8/0.9 (minor without a reference: 0.6) "
                               "against MQM Major errors",
                    "validation": f"GroupKFold({N_FOLDS}) by document, shuffled with the seed",
                    "figures": "cv: per file, Kendall tau-b [global, within-segment] of out-of-fold score and "
                               "of chrF++/BLEU/MiniLM; garbled precision/recall per rating at the major threshold"},
        "modes": modes,
    }
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    if args.dry_run:
        print(text)
        return
    out = REPO / "mtqa" / "data" / "calibration.json"
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}")
    for mode in ("reference", "source", "mt-only"):
        print(mode, json.dumps(modes[mode]["cv"]))
