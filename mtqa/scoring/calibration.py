"""The calibrated models behind ``score`` and the garbled findings, read from
``mtqa/data/calibration.json`` (written by ``python -m mtqa.calibrate``).

Per mode (``reference``, ``backtranslation``, ``source``, ``mt-only``) the file holds the
mode's feature names (and, under ``pairs``, a score model per language pair for the modes
that know the source language), their training mean and spread (a missing feature counts as
its mean), and two linear models over the standardised features:

- ``score``: ridge regression on the human scores of the training files (each file's scores
  standardised), mapped onto 0..100 by a logistic curve fitted to the DA raw scale, so a
  score reads like a human 0-100 adequacy judgment;
- ``garbled``: logistic regression of "a rater marked a Major error" (MQM files), with the
  probability thresholds for a ``minor``, ``major`` and ``critical`` finding chosen on
  document-grouped cross-validation (precision 0.5, 0.8, 0.9, minor 0.6 without a reference;
  1.01 = out of reach).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Sequence

from mtqa.lang.lexicon import data_path

FILE = "calibration.json"
_override: Path | None = None


@dataclass(frozen=True)
class Linear:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float

    def standardised(self, values: Mapping[str, float]) -> list[float]:
        out = []
        for name, mu, sd in zip(self.features, self.mean, self.scale):
            v = values.get(name)
            out.append(0.0 if v is None or not math.isfinite(v) else (v - mu) / (sd or 1.0))
        return out

    def value(self, values: Mapping[str, float]) -> float:
        return self.intercept + sum(c * z for c, z in zip(self.coef, self.standardised(values)))

    def contributions(self, values: Mapping[str, float]) -> dict[str, float]:
        """Each feature's share of the linear value (coefficient x standardised value)."""
        return {n: c * z for n, c, z in zip(self.features, self.coef, self.standardised(values))}


@dataclass(frozen=True)
class ModeModel:
    mode: str
    score: Linear
    curve: tuple[float, float]  # score = 100 * sigmoid(a * linear + b)
    garbled: Linear
    minor: float  # garbled probability from which there is a (minor) finding
    major: float  # ... from which it is major
    critical: float  # ... and critical

    def score_of(self, values: Mapping[str, float]) -> float:
        a, b = self.curve
        return 100.0 / (1.0 + math.exp(-max(-30.0, min(30.0, a * self.score.value(values) + b))))

    def garbled_probability(self, values: Mapping[str, float]) -> float:
        x = self.garbled.value(values)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, x))))


def _linear(features: Sequence[str], stats: Mapping[str, Any], model: Mapping[str, Any]) -> Linear:
    return Linear(tuple(features), tuple(stats["mean"]), tuple(stats["scale"]), tuple(model["coef"]),
                  float(model["intercept"]))


def parse(data: Mapping[str, Any]) -> dict[str, ModeModel]:
    """Models by mode, and by ``mode@pair`` for a language pair's own score model (which
    shares the mode's garbled model)."""
    out = {}
    for mode, m in data["modes"].items():
        feats = m["features"]
        out[mode] = ModeModel(mode, _linear(feats, m, m["score"]), tuple(m["score"]["curve"]),  # type: ignore[arg-type]
                              _linear(feats, m, m["garbled"]), float(m["garbled"].get("minor", m["garbled"]["major"])),
                              float(m["garbled"]["major"]), float(m["garbled"]["critical"]))
        for pair, pm in (m.get("pairs") or {}).items():
            out[f"{mode}@{pair}"] = replace(out[mode], score=_linear(feats, pm, pm["score"]),
                                            curve=tuple(pm["score"]["curve"]))  # type: ignore[arg-type]
    return out


def use(path: str | Path | None) -> None:
    """Read the coefficients from another file from now on (None: the shipped one); the
    benchmark uses it to score held-out folds with models that never saw them."""
    global _override
    _override = Path(path) if path else None
    raw.cache_clear()
    models.cache_clear()


@lru_cache(maxsize=1)
def raw() -> dict[str, Any]:
    path = _override or data_path(FILE)
    if not path.is_file():
        return {"modes": {}}
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def models() -> dict[str, ModeModel]:
    return parse(raw())


def model(mode: str, pair: str | None = None) -> ModeModel | None:
    """The mode's model; its language pair's (e.g. ``uk-en``) where one was trained."""
    found = models()
    return (found.get(f"{mode}@{pair}") if pair else None) or found.get(mode)
