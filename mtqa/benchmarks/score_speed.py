"""Speed and memory of ``mtqa score`` on the WMT22 uk-en DA dev file in reference mode.

Runs the real command in fresh processes: once with an empty cache, once with the cache it
left (warm), and ``mtqa --help``; measures wall time and peak resident memory of each
process, and times sacrebleu's sentence chrF++ alone on the same rows for comparison.
Writes reports/score_speed.json and .md.

    python -m mtqa.benchmarks.score_speed [--eval-dir DIR] [--rows N]
"""
from __future__ import annotations

import argparse
import csv
import datetime
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from mtqa.benchmarks import common
from mtqa.benchmarks.common import eval_dir, write_report

FILE = "da_uken_wmt22.dev.tsv"


def run_child(args: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, exit code) of one child process."""
    seconds, _, peak, code = common.run_child(args, env)
    return seconds, peak, code


def reference_mode_table(src: Path, dst: Path, limit: int | None) -> int:
    """Copy the table without its source column (MT against reference only)."""
    with src.open(encoding="utf-8") as f, dst.open("w", encoding="utf-8", newline="") as g:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        fields = [c for c in reader.fieldnames or [] if c != "source"]
        g.write("\t".join(fields) + "\n")  # cells never hold tabs or newlines (see the eval README)
        n = 0
        for row in reader:
            if limit is not None and n >= limit:
                break
            g.write("\t".join(row[c] for c in fields) + "\n")
            n += 1
    return n


def chrf_alone(table: Path) -> float:
    from sacrebleu.metrics import CHRF

    with table.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    chrf = CHRF(word_order=2)
    start = time.perf_counter()
    for r in rows:
        chrf.sentence_score(r["hypothesis"], [r["reference"]])
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir")
    ap.add_argument("--rows", type=int, default=None, help="only the first N rows")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        table = Path(tmp) / "da_uken_wmt22.refmode.tsv"
        rows = reference_mode_table(eval_dir(args.eval_dir) / FILE, table, args.rows)
        env = {**os.environ, "MTQA_CACHE_DIR": str(Path(tmp) / "cache")}
        cmd = [sys.executable, "-m", "mtqa", "score", str(table), "--format", "jsonl", "-o",
               str(Path(tmp) / "out.jsonl"), "--quiet"]
        run_child([sys.executable, "-c", "from mtqa.embed import models as m; "
                   "m.encoder('minilm', 'onnx')(['warm-up: export the ONNX model once'])"], env)
        cold = run_child(cmd, env)
        warm = run_child(cmd, env)
        out_lines = sum(1 for _ in (Path(tmp) / "out.jsonl").open(encoding="utf-8"))
        helps = [run_child([sys.executable, "-m", "mtqa", "--help"], env)[0] for _ in range(5)]
        chrf_s = chrf_alone(table)
    data = {
        "date": datetime.date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "input": f"{FILE} without the source column (reference mode)",
        "rows": rows,
        "output_records": out_lines,
        "cold": {"seconds": round(cold[0], 2), "rows_per_s": round(rows / cold[0], 1), "peak_mb": round(cold[1])},
        "warm": {"seconds": round(warm[0], 2), "rows_per_s": round(rows / warm[0], 1), "peak_mb": round(warm[1])},
        "help_seconds_best_of_5": round(min(helps), 3),
        "sacrebleu_chrf_alone": {"seconds": round(chrf_s, 2), "rows_per_s": round(rows / chrf_s, 1)},
        "cold_time_over_chrf_alone": round(cold[0] / chrf_s, 1),
        "targets": {"cold_rows_per_s": 400, "warm_rows_per_s": 5000, "peak_mb": 1536, "help_seconds": 0.5},
    }
    md = f"""# mtqa score: speed and memory

{data['date']}, {data['machine']}. Input: {data['input']}, {rows} rows; {out_lines} output records.
Each run is a fresh `python -m mtqa score ... --format jsonl` process (model loading included).

| run | seconds | rows/s | peak memory (MB) | target |
|---|---|---|---|---|
| empty cache | {data['cold']['seconds']} | {data['cold']['rows_per_s']} | {data['cold']['peak_mb']} | >= 400 rows/s, < 1536 MB |
| warm cache | {data['warm']['seconds']} | {data['warm']['rows_per_s']} | {data['warm']['peak_mb']} | >= 5000 rows/s |
| sacrebleu sentence chrF++ alone (in-process) | {data['sacrebleu_chrf_alone']['seconds']} | {data['sacrebleu_chrf_alone']['rows_per_s']} | | |

A cold run takes {data['cold_time_over_chrf_alone']}× the time of sacrebleu's sentence chrF++ alone on the same rows.
`mtqa --help`: {data['help_seconds_best_of_5']} s (best of 5; target < 0.5 s).
The MiniLM ONNX model is exported before the timed runs (once per machine, as in use).

Reproduce: `python -m mtqa.benchmarks.score_speed`
"""
    write_report("score_speed", data, md)


if __name__ == "__main__":
    main()
