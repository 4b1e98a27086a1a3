"""The signals of the items: run through the real pipeline (cached per file and run), with the
text-only signals recomputed, and as standardised matrices."""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from mtqa.scoring.features import MODE_FEATURES
from mtqa.calibrate.items import RUNS


# ---- signals through the pipeline -------------------------------------------------------------

def code_version() -> str:
    """Hash of the code the model-made signals depend on, so cached signal tables go stale
    with it (the text-only signals are recomputed on every run; the other families' findings
    count too: pass ``--fresh`` after changing checks)."""
    h = hashlib.sha256()
    base = Path(__file__).resolve().parents[1]
    for p in (base / "scoring" / "stage.py", base / "align" / "stage.py", base / "scoring" / "metrics.py",
              base / "embed" / "models.py", base / "embed" / "tokmatch.py"):
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


def pipeline_rows(items: "Any", roles: tuple[str, ...], cache_dir: str) -> list[dict[str, Any]]:
    """Run ``mtqa.score`` on the items (one article per document and system, one paragraph per
    row) and return, per item in order, its row signals, findings and plain metrics."""
    import pandas as pd

    from mtqa.pipeline.api import score
    from mtqa.config import Config
    from mtqa.scoring.combine import finding_features

    col = {"mt": "hypothesis", "ref": "reference", "src": "source"}
    df = pd.DataFrame({"doc_id": items["doc_id"], "system": items["system"],
                       **{col[r]: items[r] for r in roles}})
    report = score(df, cache_dir=cache_dir, config=Config())
    rows: dict[int, dict[str, Any]] = {}
    for a in report.articles:
        for p in a.paragraphs:
            for r in p.parts:
                m = r.metrics
                rows[(r.part.line or 0) - 1] = {
                    "features": {**(m.features or {}), **finding_features(r.findings)},
                    "chrf": m.chrf, "bleu": m.bleu, "similarity": m.similarity, "score": r.score,
                    "garbled": max((f.severity.rank for f in r.findings if f.code in ("GB03", "GB08")), default=0),
                    "garbled_family": max((f.severity.rank for f in r.findings if f.family == "garbled"), default=0),
                }
    return [rows.get(i, {"features": {}}) for i in range(len(df))]


def signals(items: "Any", work: Path, run: str, fresh: bool = False) -> list[dict[str, Any]]:
    """Cached :func:`pipeline_rows` per file and run (JSON, never pickle: a file in the work
    folder that does not hold valid rows is recomputed, with a warning)."""
    out: list[dict[str, Any]] = []
    for name, part in items.groupby("file", sort=False):
        path = work / f"signals-{name}-{run}-{code_version()}-{len(part)}.json"
        got = None if fresh else read_rows(path, len(part))
        if got is None:
            got = pipeline_rows(part, RUNS[run], str(work / "cache"))
            path.write_text(json.dumps(got, default=float), encoding="utf-8")
        out.extend(with_text_signals(part, got, RUNS[run]))
    return out


def read_rows(path: Path, count: int) -> list[dict[str, Any]] | None:
    """The ``count`` signal rows stored at ``path``; None when there is no such file or it does
    not hold them (each a dict of numbers or None with a ``features`` dict of numbers)."""
    if not path.is_file():
        return None
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(rows, list) and len(rows) == count and all(_valid_row(r) for r in rows):
            return rows
    except (ValueError, RecursionError):  # not JSON, or not UTF-8
        pass
    print(f"mtqa: warning: {path} does not hold valid signal rows; recomputing them", file=sys.stderr)
    return None


def _number(value: Any) -> bool:
    return value is None or (isinstance(value, (int, float)) and not isinstance(value, bool))


def _valid_row(row: Any) -> bool:
    return isinstance(row, dict) and isinstance(row.get("features"), dict) and \
        all(isinstance(k, str) and _number(v) for k, v in row["features"].items()) and \
        all(_number(v) for k, v in row.items() if k != "features")


def with_text_signals(items: "Any", rows: list[dict[str, Any]], roles: tuple[str, ...]) -> list[dict[str, Any]]:
    """The rows with their text-only signals recomputed by the current ``features.extract``
    (the same function of the same row texts the pipeline applies), so changing a text signal
    needs no new pipeline run."""
    from mtqa.model import Metrics
    from mtqa.scoring.features import FROM_METRICS, extract

    out = []
    for (_, it), row in zip(items.iterrows(), rows):
        lang = "zh" if it["pair"] == "zh-en" else "uk"
        texts = {r: it[r] for r in ("ref", "src") if r in roles}
        # the model-made cosine from the cached row, so signals derived from it (src_sim_gap) follow the current code
        fresh = extract(it["mt"], texts.get("ref"), texts.get("src"), None,
                        Metrics(src_similarity=row["features"].get("src_similarity")), lang)
        kept = {k: v for k, v in row["features"].items() if k in FROM_METRICS or k.startswith("findings_")}
        if "chrf" not in kept:  # no reference counterpart in the pipeline: no reference signals either
            fresh = {k: v for k, v in fresh.items() if k not in MODE_FEATURES["reference"] or k in
                     MODE_FEATURES["source"] or k in MODE_FEATURES["mt-only"]}
        out.append({**row, "features": {**fresh, **kept}})
    return out


def matrix(rows: list[dict[str, Any]], names: tuple[str, ...]) -> np.ndarray:
    return np.array([[float(r["features"].get(n, np.nan)) for n in names] for r in rows], dtype=float)


def standardise(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and spread of each column over its known values (0 and 1 for a column never known)."""
    known = np.isfinite(X)
    count = known.sum(axis=0)
    mean = np.where(known, X, 0.0).sum(axis=0) / np.maximum(count, 1)
    sd = np.sqrt(np.where(known, (X - mean) ** 2, 0.0).sum(axis=0) / np.maximum(count, 1))
    sd = np.where(np.isfinite(sd) & (sd > 1e-9), sd, 1.0)
    return mean, sd


def z(X: np.ndarray, mean: np.ndarray, sd: np.ndarray) -> np.ndarray:
    Z = (X - mean) / sd
    return np.where(np.isfinite(Z), Z, 0.0)
