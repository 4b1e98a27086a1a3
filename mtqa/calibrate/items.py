"""The human-judged items of the dev files: reading them, their labels, groups and folds."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Iterable

import numpy as np

FILES = {  # file -> (language pair, kind)
    "mqm_zhen_wmt23.dev.tsv": ("zh-en", "mqm"),
    "mqm_zhen_wmt23_sxs.dev.tsv": ("zh-en", "mqm"),
    "mqm_zhen_wmt21ted.tsv": ("zh-en", "mqm"),
    "da_uken_wmt22.dev.tsv": ("uk-en", "da"),
}
RUNS = {"reference": ("mt", "ref", "src"), "source": ("mt", "src"), "mt-only": ("mt",)}
N_FOLDS = 5
# the share of each file's source segments (all systems of each) whose MT the language model
# reads for the fluency signals: running it on all 21,000 distinct outputs takes hours on two
# cores; the modes that use it (source, mt-only) are trained on these items
LM_SHARE = {"da": 0.3, "mqm": 0.06}


# ---- items ---------------------------------------------------------------------------------

def read_items(folder: Path, files: Iterable[str] = FILES) -> "Any":
    """One row per (file, doc, segment, system) with texts and human labels."""
    import pandas as pd

    out = []
    for name in files:
        pair, kind = FILES[name]
        df = pd.read_csv(folder / name, sep="\t", quoting=3, keep_default_na=False, dtype=str)
        keys = ["doc_id", "seg_id", "system"]
        if kind == "da":
            df = df[df["da_z_mean"].str.strip() != ""]
            g = df.groupby(keys, sort=False).agg(mt=("hypothesis", "first"), ref=("reference", "first"),
                                                 src=("source", "first"), seg_in_doc=("seg_in_doc", "first"),
                                                 human=("da_z_mean", lambda s: s.astype(float).mean()),
                                                 da_raw=("da_raw_mean", lambda s: s.astype(float).mean()))
            g["major"] = g["broken"] = np.nan
            g["ratings"] = 1
        else:
            df = df.assign(mqm=df["mqm_score"].astype(float), has_major=(df["n_major"].astype(int) > 0) * 1.0,
                           broken=[broken(h, e, int(n)) for h, e, n in zip(df["hypothesis"], df["errors"], df["n_major"])])
            g = df.groupby(keys, sort=False).agg(mt=("hypothesis", "first"), ref=("reference", "first"),
                                                 src=("source", "first"), seg_in_doc=("seg_in_doc", "first"),
                                                 human=("mqm", lambda s: -s.mean()), major=("has_major", "mean"),
                                                 broken=("broken", "mean"), ratings=("has_major", "size"))
            g["da_raw"] = np.nan
        g = g.reset_index()
        g["file"], g["pair"], g["kind"] = name, pair, kind
        g["group"] = g["doc_id"]  # the WMT23 files share document ids on purpose
        out.append(g)
    items = pd.concat(out, ignore_index=True)
    items["item"] = np.arange(len(items))
    return items


def broken(hypothesis: str, errors: str, n_major: int) -> float:
    """1 when a rating says the sentence as a whole is broken, not just one wrong word: two or
    more Major errors, a non-translation, or Major error spans over a third of the text."""
    if n_major >= 2:
        return 1.0
    if n_major == 0:
        return 0.0
    spans = [e for e in json.loads(errors or "[]") if str(e.get("severity", "")).lower() == "major"]
    if any("non-translation" in str(e.get("category", "")).lower() for e in spans):
        return 1.0
    covered = sum(max(0, int(e["end"]) - int(e["start"])) for e in spans if e.get("side") == "tgt")
    return float(covered >= len(hypothesis.strip()) / 3)


def data_version(folder: Path, files: Iterable[str] = FILES) -> str:
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode())
        h.update(hashlib.sha256((folder / name).read_bytes()).digest())
    return "sha256:" + h.hexdigest()[:16]


def targets(items: "Any") -> tuple[np.ndarray, np.ndarray]:
    """Human score as normal scores of its ranks in its file (MQM penalties are heavy-tailed:
    one non-translation weighs 25 minor slips), and weights giving each language pair equal
    mass and each file equal mass inside its pair."""
    from scipy.stats import norm, rankdata

    y = np.zeros(len(items))
    w = np.zeros(len(items))
    pairs = items["pair"].unique()
    for name, idx in items.groupby("file").indices.items():
        h = items["human"].to_numpy()[idx]
        y[idx] = norm.ppf((rankdata(h) - 0.5) / len(h))
        pair = FILES[name][0]
        n_files = sum(1 for f in items["file"].unique() if FILES[f][0] == pair)
        w[idx] = 1.0 / (len(idx) * n_files * len(pairs))
    return y, w * len(items)


def segments(items: "Any") -> np.ndarray:
    """An id per source segment of a file: the systems that translated it share it."""
    return (items["file"].astype(str) + ":" + items["seg_id"].astype(str)).to_numpy()


def lm_sample(items: "Any", seed: int, share: dict[str, float] | None = None) -> np.ndarray:
    """A mask of the items in a seeded sample of each file's segments (``LM_SHARE``)."""
    share = LM_SHARE if share is None else share
    rng = np.random.default_rng(seed)
    seg = segments(items)
    keep: set[str] = set()
    for (name, kind), part in items.groupby(["file", "kind"], sort=True):
        ids = np.unique(seg[part.index.to_numpy()])
        n = int(round(len(ids) * share.get(kind, 0.0)))
        keep.update(rng.choice(ids, size=n, replace=False).tolist())
    return np.isin(seg, list(keep))


def folds(items: "Any", seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    from sklearn.model_selection import GroupKFold

    gkf = GroupKFold(n_splits=N_FOLDS, shuffle=True, random_state=seed)
    return list(gkf.split(np.zeros(len(items)), groups=items["group"].to_numpy()))
