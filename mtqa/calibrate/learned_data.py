"""Training data of the learned score (:mod:`mtqa.scoring.learned`): the WMT DA judgments of
``../shared/eval/train`` (X->English, with references), sampled by whole source segments
and stratified by language pair, and their head inputs (MiniLM vectors, chrF++, BLEU, token
matching), computed with the same code the score stage uses and cached under a work folder
(never in the repository)."""
from __future__ import annotations

import hashlib
import sys
import time
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from mtqa.calibrate.evaldata import REPO

# the files with a reference (MLQE-PE is rated against the source only: no reference mode)
TRAIN_FILES = ("da_toen_wmt22.tsv", "da_toen_wmt21.tsv")
Z_CLIP = 3.0  # a few raters had a tiny spread: z down to -12


def train_dir(given: str | None = None) -> Path:
    path = Path(given) if given else REPO.parent / "shared" / "eval" / "train"
    if not path.is_dir():
        raise SystemExit(f"training data not found at {path}; pass --train-dir")
    return path


def md5s(folder: Path, files: Sequence[str]) -> dict[str, str]:
    return {f: hashlib.md5((folder / f).read_bytes()).hexdigest() for f in files}


def read_train(folder: Path, files: Sequence[str] = TRAIN_FILES) -> Any:
    """Rows with a hypothesis, a reference and a DA z score; a bad line names file and line."""
    import pandas as pd

    out = []
    need = {"dataset", "lp", "doc_id", "seg_id", "system", "hypothesis", "reference", "da_z_mean"}
    for name in files:
        df = pd.read_csv(folder / name, sep="\t", quoting=3, keep_default_na=False, dtype=str)
        missing = need - set(df.columns)
        if missing:
            raise SystemExit(f"{folder / name}: missing columns {sorted(missing)}")
        z = pd.to_numeric(df["da_z_mean"], errors="coerce")
        for i in np.where(z.isna() & (df["da_z_mean"].str.strip() != ""))[0][:1]:
            raise SystemExit(f"{folder / name}:{i + 2}: da_z_mean is not a number: {df['da_z_mean'].iloc[i]!r}")
        df = df.assign(z=z)
        df = df[df["z"].notna() & (df["reference"].str.strip() != "")]
        df["segment"] = df["dataset"] + ":" + df["lp"] + ":" + df["seg_id"]
        out.append(df)
    return pd.concat(out, ignore_index=True)


def normalised(df: Any) -> np.ndarray:
    """The target: DA z (already standardised per rater), clipped to +-3 and standardised
    per test set and language pair (raters of different pairs are different crowds)."""
    y = df["z"].to_numpy(dtype=float).clip(-Z_CLIP, Z_CLIP)
    out = np.zeros(len(y))
    for _, idx in df.groupby(["dataset", "lp"]).indices.items():
        part = y[idx]
        out[idx] = (part - part.mean()) / max(part.std(), 1e-6)
    return out


def sample(df: Any, rows: int, seed: int, pairs: Sequence[str] | None = None) -> Any:
    """About ``rows`` rows, whole segments (every rated system of a source segment, so
    within-segment differences are learned), an equal share per language pair (all of a
    pair where it has fewer)."""
    rng = np.random.default_rng(seed)
    if pairs is not None:
        df = df[df["lp"].isin(pairs)]
    lps = sorted(df["lp"].unique())
    share = rows / max(1, len(lps))
    keep = []
    for lp in lps:
        part = df[df["lp"] == lp]
        segs = part["segment"].unique()
        segs = np.array(sorted(segs), dtype=object)
        rng.shuffle(segs)
        per_seg = len(part) / max(1, len(segs))
        keep.extend(segs[: int(np.ceil(share / per_seg))])
    chosen = df[df["segment"].isin(set(keep))]
    return chosen.sort_values(["segment", "system"], kind="stable").reset_index(drop=True)


def featurise(mt: Sequence[str], ref: Sequence[str], cache: Path | None = None, chunk: int = 512,
              log: bool = True) -> dict[str, np.ndarray]:
    """Head inputs of (MT, reference) pairs as the score stage computes them for a table row:
    unit MiniLM sentence vectors, sentence chrF++ and BLEU (0..1), token matching
    (precision, recall), through the same :class:`Embeddings` and SQLite cache (in
    ``cache``, when given), so a later pipeline run on the same texts embeds nothing again."""
    from mtqa.embed.cache import Cache
    from mtqa.embed.models import Embeddings
    from mtqa.scoring.metrics import Scorer

    store = Cache(cache)
    scorer = Scorer(Cache(None))
    n = len(mt)
    out = {"u": np.zeros((n, 384), np.float32), "v": np.zeros((n, 384), np.float32),
           "chrf": np.zeros(n, np.float32), "bleu": np.zeros(n, np.float32),
           "tok_p": np.zeros(n, np.float32), "tok_r": np.zeros(n, np.float32)}
    start = time.time()
    for lo in range(0, n, chunk):
        hi = min(n, lo + chunk)
        emb = Embeddings(store)
        emb.prepare("minilm", list(mt[lo:hi]) + list(ref[lo:hi]))
        emb.prepare_matches(zip(mt[lo:hi], ref[lo:hi]))
        for i in range(lo, hi):
            m, r = mt[i], ref[i]
            s = scorer.sentence(m, r)
            out["chrf"][i], out["bleu"][i] = s["chrf"] / 100, s["bleu"] / 100
            u, v = emb.get("minilm", m), emb.get("minilm", r)
            if u is not None:
                out["u"][i] = u
            if v is not None:
                out["v"][i] = v
            match = emb.token_match(m, r)
            if match is not None:
                out["tok_p"][i], out["tok_r"][i] = match
        emb.flush()
        scorer.stats.clear()
        if log:
            print(f"  featurised {hi}/{n} in {time.time() - start:.0f}s", file=sys.stderr, flush=True)
    store.close()
    return out
