"""MiniLM backends compared: torch, float32 ONNX and int8 ONNX.

For each backend, in a fresh process with its own empty cache: MiniLM encoding throughput
on the dev texts, and the agreement with people of mtqa's calibrated score in reference
mode (Kendall tau, global and within segment) on WMT22 uk-en DA and WMT23 zh-en MQM. The
int8 backend is the default when its agreement stays within 0.005 of torch's.
Writes reports/minilm_backends.json and .md.

    python -m mtqa.benchmarks.minilm_backends [--eval-dir DIR] [--rows N]
"""
from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mtqa.benchmarks.common import eval_dir, write_report

FILES = {"uk-en DA (WMT22)": ("da_uken_wmt22.dev.tsv", "da_z_mean"),
         "zh-en MQM (WMT23)": ("mqm_zhen_wmt23.dev.tsv", "mqm_score")}
BACKENDS = ("torch", "onnx", "onnx-int8")


def sample(path: Path, rows: int) -> list[dict[str, str]]:
    """The first ``rows`` rows, extended to the end of the last segment (so every segment
    keeps all its systems)."""
    with path.open(encoding="utf-8") as f:
        data = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    if len(data) <= rows:
        return data
    last = data[rows - 1]["seg_id"]
    end = rows
    while end < len(data) and data[end]["seg_id"] == last:
        end += 1
    return data[:end]


def child(backend: str, table: str, human: str, cache: str) -> dict[str, float]:
    """Runs in a fresh process: scores the table with ``backend`` and times the encoder."""
    import numpy as np
    import pandas as pd

    from mtqa.calibrate.learn import kendall, within
    from mtqa.config import load_config
    from mtqa.embed.cache import Cache
    from mtqa.embed.models import Embeddings
    from mtqa.pipeline.api import score

    df = pd.read_csv(table, sep="\t", quoting=csv.QUOTE_NONE, dtype=str, keep_default_na=False)
    texts = sorted(set(df["hypothesis"]) | set(df["reference"]), key=len)[:1000]
    emb = Embeddings(Cache(Path(cache) / "enc"), minilm=backend)
    emb.prepare("minilm", texts[:8])  # load (and export) outside the timing
    start = time.perf_counter()
    emb.prepare("minilm", texts[8:])
    per_s = (len(texts) - 8) / (time.perf_counter() - start)
    config = load_config().with_table("score", minilm=backend)
    frame = df[["doc_id", "seg_id", "system", "hypothesis", "reference"]]
    report = score(frame, config=config, cache_dir=str(Path(cache) / "run"),
                   columns={"mt": "hypothesis", "ref": "reference", "doc": "doc_id,system"})
    scores = np.array([np.nan if r.get("score") is None else r["score"] for r in report.to_records()], dtype=float)
    y = pd.to_numeric(df[human], errors="coerce").to_numpy(dtype=float)
    keep = ~np.isnan(scores) & ~np.isnan(y)  # rows with a human score (and a computed one)
    scores, y, seg = scores[keep], y[keep], df["seg_id"].to_numpy()[keep]
    return {"texts_per_s": round(per_s, 1), "tau_global": round(kendall(scores, y), 4),
            "tau_within": round(within(scores, y, seg), 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir")
    ap.add_argument("--rows", type=int, default=3000, help="rows per file (whole segments)")
    ap.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    results: dict[str, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, (name, human) in FILES.items():
            rows = sample(eval_dir(args.eval_dir) / name, args.rows)
            table = Path(tmp) / name
            with table.open("w", encoding="utf-8") as f:
                cols = list(rows[0])
                f.write("\t".join(cols) + "\n")
                for r in rows:
                    f.write("\t".join(r[c] for c in cols) + "\n")
            results[label] = {}
            for backend in BACKENDS:
                cache = Path(tmp) / f"cache-{backend}-{len(results)}"
                out = subprocess.run([sys.executable, "-m", "mtqa.benchmarks.minilm_backends", "--child",
                                      backend, str(table), human, str(cache)],
                                     capture_output=True, text=True, check=True)
                results[label][backend] = {**json.loads(out.stdout.strip().splitlines()[-1]), "rows": len(rows)}
    data = {"date": datetime.date.today().isoformat(),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
            "results": results}
    lines = [f"# MiniLM backends: speed and agreement\n\n{data['date']}, {data['machine']}. Reference mode; "
             "each backend in a fresh process with an empty cache (the ONNX export happens before the timing).\n",
             "| data | backend | rows | MiniLM texts/s | Kendall global | Kendall within segment |",
             "|---|---|---|---|---|---|"]
    for label, by in results.items():
        for backend, r in by.items():
            lines.append(f"| {label} | {backend} | {r['rows']} | {r['texts_per_s']} | {r['tau_global']} | {r['tau_within']} |")
        base = by["torch"]
        for backend in ("onnx", "onnx-int8"):
            d = (by[backend]["tau_global"] - base["tau_global"], by[backend]["tau_within"] - base["tau_within"])
            lines.append(f"| {label} | {backend} − torch | | ×{by[backend]['texts_per_s'] / base['texts_per_s']:.2f} "
                         f"| {d[0]:+.4f} | {d[1]:+.4f} |")
    lines.append("\nReproduce: `python -m mtqa.benchmarks.minilm_backends`\n")
    write_report("minilm_backends", data, "\n".join(lines))


if __name__ == "__main__":
    main()
