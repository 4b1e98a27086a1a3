"""Which head for the learned score: the options tried, each trained on the same training
sample as the shipped head and judged on the dev items of :mod:`mtqa.benchmarks.learned_score`
(head inputs from whole texts, as :func:`learned_data.featurise` computes them) and on the
left-out pair. Kendall tau-b global / within segment beside chrF++, BLEU, MiniLM cosine and
token recall. Writes reports/learned_options.json and .md.

    python -m mtqa.benchmarks.learned_options [--work DIR] [--bench-work DIR]
"""
from __future__ import annotations

import argparse
import datetime
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from mtqa import calibrate as cal
from mtqa.benchmarks.common import eval_dir, write_report
from mtqa.benchmarks.learned_score import DEV, LEFT_OUT, left_out_items, sample_segments
from mtqa.calibrate import learned_data as ld
from mtqa.calibrate.learned_fit import Settings, fit
from mtqa.calibrate.train_learned import draw, inputs_of
from mtqa.scoring import learned

OPTIONS = {
    "MLP 128, all inputs, light regularisation": Settings(hidden=128, lr=1e-3, weight_decay=1e-4, dropout=0.1),
    "MLP 128, all inputs, + within-segment pairwise loss": Settings(hidden=128, lr=1e-3, weight_decay=1e-4,
                                                                    dropout=0.1, pairwise=1.0),
    "MLP 64, all inputs, weight decay 0.05 (shipped)": Settings(),
    "MLP 64, abs(u-v), u*v and scalars": Settings(inputs="products"),
    "MLP 16, scalars only": Settings(hidden=16, inputs="scalars", dropout=0.0),
}


def taus(p: np.ndarray, y: np.ndarray, seg: np.ndarray) -> list[float]:
    return [round(cal.kendall(p, y), 4), round(cal.within(p, y, seg), 4)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "mtqa-learned"),
                    help="the training script's --work (its feature cache)")
    ap.add_argument("--bench-work", default=os.path.join(tempfile.gettempdir(), "mtqa-learned-bench"))
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    df = ld.read_train(ld.train_dir())
    df["y"] = ld.normalised(df)
    pairs = sorted(p for p in df["lp"].unique() if p != LEFT_OUT)
    parts = draw(df, 8000, 1, args.seed, pairs)
    frame = parts[0]
    X = inputs_of(parts, Path(args.work))
    items = cal.read_items(eval_dir(), list(DEV))
    items = sample_segments(items[items["ref"].str.strip() != ""], args.rows, args.seed)
    lo = left_out_items(1000, args.seed)
    sets: dict[str, Any] = {}
    for name, part in [*items.groupby("file", sort=False), (f"{LEFT_OUT} (left out)", lo)]:
        f = ld.featurise(list(part["mt"]), list(part["ref"]), Path(args.bench_work) / "cache", log=False)
        sets[name] = (learned.inputs(f["u"], f["v"], f["chrf"], f["bleu"], f["tok_p"], f["tok_r"]),
                      part["human"].to_numpy(dtype=float), part["seg_id"].astype(str).to_numpy())
    d = learned.DIM
    res: dict[str, dict[str, list[float]]] = {}
    base = {"chrF++": lambda A: A[:, 4 * d], "BLEU": lambda A: A[:, 4 * d + 1],
            "MiniLM cosine": lambda A: (A[:, :d] * A[:, d:2 * d]).sum(1), "token recall": lambda A: A[:, 4 * d + 3]}
    for label, fn in base.items():
        res[label] = {n: taus(fn(A), y, s) for n, (A, y, s) in sets.items()}
    logs = {}
    groups = (frame["dataset"] + ":" + frame["doc_id"]).to_numpy()
    for label, settings in OPTIONS.items():
        head, log = fit(X, frame["y"].to_numpy(), frame["segment"].to_numpy(), groups, args.seed, settings)
        logs[label] = {"epochs": log["epochs"], "best_val_mse": log["best_val_mse"]}
        res[label] = {n: taus(head.predict(A), y, s) for n, (A, y, s) in sets.items()}
        print(label, res[label], flush=True)
    names = list(sets)
    lines = ["| head | " + " | ".join(names) + " | held-out training docs: MSE (epochs) |",
             "|---|" + "---|" * (len(names) + 1)]
    for label, per in res.items():
        cells = [f"{per[n][0]:.3f} / {per[n][1]:.3f}" for n in names]
        extra = f"{logs[label]['best_val_mse']} ({logs[label]['epochs']})" if label in logs else "–"
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {extra} |")
    data = {"date": datetime.date.today().isoformat(), "train_rows": int(len(frame)), "figures": res, "training": logs,
            "options": {k: v.__dict__ for k, v in OPTIONS.items()}}
    md = f"""# Learned score: the head options tried

{data['date']}. Every head trained on the same {len(frame)} rows (WMT21/22 DA, seven pairs, {LEFT_OUT}
left out, seed {args.seed}; target DA z per rater, clipped, standardised per test set and
pair), early stopping on a tenth of the training documents. Kendall tau-b, **global /
within-segment**, of the head's output alone on the dev items of `learned_score` (head inputs
from whole texts) and on {LEFT_OUT}. The last column: mean squared error on the held-out
training documents (the target has variance 1).

{chr(10).join(lines)}

Reproduce: `python -m mtqa.benchmarks.learned_options`
"""
    write_report("learned_options", data, md)


if __name__ == "__main__":
    main()
