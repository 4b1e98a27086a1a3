"""Scaling on Dask: one process against a local cluster of 1 and 2 workers.

Each run is a fresh ``python -m mtqa score`` process with its own empty cache (model
loading and cluster start included) on the first rows of the WMT22 uk-en DA dev file in
reference mode. Also checks that every run wrote the same records.
Writes reports/dask_scaling.json and .md.

    python -m mtqa.benchmarks.dask_scaling [--eval-dir DIR] [--rows N]
"""
from __future__ import annotations

import argparse
import datetime
import hashlib
import os
import platform
import sys
import tempfile
from pathlib import Path

from mtqa.benchmarks.common import eval_dir, write_report
from mtqa.benchmarks.score_speed import FILE, reference_mode_table, run_child

RUNS = {"one process": [], "Dask, 1 worker": ["--workers", "1"], "Dask, 2 workers": ["--workers", "2"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir")
    ap.add_argument("--rows", type=int, default=3000)
    args = ap.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        table = Path(tmp) / "refmode.tsv"
        rows = reference_mode_table(eval_dir(args.eval_dir) / FILE, table, args.rows)
        for k, (label, extra) in enumerate(RUNS.items()):
            out = Path(tmp) / f"out{k}.jsonl"
            env = {**os.environ, "MTQA_CACHE_DIR": str(Path(tmp) / f"cache{k}")}
            seconds, peak, _ = run_child([sys.executable, "-m", "mtqa", "score", str(table), "--format", "jsonl",
                                          "-o", str(out), "--quiet", *extra], env)
            results[label] = {"seconds": round(seconds, 1), "rows_per_s": round(rows / seconds, 1),
                              "client_peak_mb": round(peak),
                              "output_md5": hashlib.md5(out.read_bytes()).hexdigest()}
    base = results["Dask, 1 worker"]["seconds"]
    data = {"date": datetime.date.today().isoformat(),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
            "rows": rows, "results": results,
            "speedup_2_over_1_worker": round(base / results["Dask, 2 workers"]["seconds"], 2),
            "same_output": len({r["output_md5"] for r in results.values()}) == 1}
    lines = [f"# mtqa on Dask: 1 against 2 workers\n\n{data['date']}, {data['machine']}. {rows} rows of {FILE} "
             "(reference mode), each run a fresh process with an empty cache (cluster start and model "
             "loading included).\n", "| run | seconds | rows/s | client peak MB |", "|---|---|---|---|"]
    lines += [f"| {k} | {r['seconds']} | {r['rows_per_s']} | {r['client_peak_mb']} |" for k, r in results.items()]
    lines.append(f"\n2 workers against 1: ×{data['speedup_2_over_1_worker']}. Same records from every run: "
                 f"{'yes' if data['same_output'] else 'NO'}.\n\nReproduce: `python -m mtqa.benchmarks.dask_scaling`\n")
    write_report("dask_scaling", data, "\n".join(lines))


if __name__ == "__main__":
    main()
