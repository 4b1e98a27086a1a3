"""The ``[score]`` table: which sacrebleu metrics run and how MiniLM runs.

- ``metrics``: any of ``chrf``, ``bleu``, ``ter`` (default chrF++ and BLEU). TER is off by
  default: the calibrated score gives it no weight beyond chrF++ and BLEU (a missing signal
  counts as its training mean) and it cost about 17% of a cold run. chrF++ is always
  computed, since the score and several checks read it.
- ``minilm``: ``onnx`` (default: ONNX Runtime, float32, exported once from the packaged
  model into the model folder; torch's numbers, about twice as fast, no torch import at
  run time), ``onnx-int8`` (int8 weights, one text at a time; slightly different vectors)
  or ``torch`` (sentence-transformers).
"""
from __future__ import annotations

from typing import Any, Mapping

from mtqa.config import declare
from mtqa.embed.models import DEFAULT_MINILM, MINILM_BACKENDS

METRICS = ("chrf", "bleu", "ter")
DEFAULTS: dict[str, Any] = {"metrics": ["chrf", "bleu"], "minilm": DEFAULT_MINILM}


def validate(table: Mapping[str, Any], base: Any = None) -> str | None:
    metrics = table["metrics"]
    unknown = [m for m in metrics if m not in METRICS]
    if unknown:
        return f"'score.metrics': unknown metric {unknown[0]!r} (known: {', '.join(METRICS)})"
    if "chrf" not in metrics:
        return "'score.metrics' must include chrf (the score and the checks read it)"
    if table["minilm"] not in MINILM_BACKENDS:
        return f"'score.minilm' should be one of {', '.join(MINILM_BACKENDS)}, got {table['minilm']!r}"
    return None


declare("score", DEFAULTS, validate)


def metrics(table: Mapping[str, Any]) -> tuple[str, ...]:
    """The metrics to compute, in the order sacrebleu's signatures are printed."""
    return tuple(m for m in METRICS if m in table["metrics"])
