"""Scale: time, rows/s and peak memory of ``mtqa score`` against input size (issue 19).

Inputs are generated at run time by :mod:`mtqa.benchmarks.scale_data` (paragraph-length
rows recombined from the WMT23 uk-en dev MT, ten rows per document), as a table and as a
folder, with and without a reference. Each run is a fresh ``python -m mtqa score INPUT
--format jsonl -o OUT --quiet`` process with its own empty cache; peak memory is the child's
maximum resident set size. Sizes of one mode run back to back in the same invocation, so
the rows/s ratio between sizes compares like with like on the (shared) machine.
Writes reports/scale.json and .md.

    python -m mtqa.benchmarks.scale [--ref-sizes 2000,20000] [--noref-sizes 2000,20000] [--kinds table,folder] [--name scale]
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import tempfile
from pathlib import Path

from mtqa.benchmarks.common import eval_dir, run_child, write_report
from mtqa.benchmarks.scale_data import rows, write_folder, write_table


TARGET_RATIO = 0.85  # rows/s at the largest size over rows/s at the smallest
TARGET_PEAK_MB = 1536


def measure(kind: str, ref: bool, n: int, tmp: Path, folder: Path) -> dict:
    data = rows(n, folder=folder)
    where = tmp / f"{kind}-{'ref' if ref else 'noref'}-{n}"
    inp = where.with_suffix(".tsv") if kind == "table" else where
    (write_table if kind == "table" else write_folder)(inp, data, ref=ref)
    del data
    out = tmp / "out.jsonl"
    env = {**os.environ, "MTQA_CACHE_DIR": str(tmp / f"cache-{where.name}"), "OMP_NUM_THREADS": "1"}
    seconds, cpu, peak, code = run_child([sys.executable, "-m", "mtqa", "score", str(inp), "--format", "jsonl",
                                     "-o", str(out), "--quiet"], env)
    lines = sum(1 for _ in out.open(encoding="utf-8"))
    return {"kind": kind, "reference": ref, "rows": n, "seconds": round(seconds, 1),
            "rows_per_s": round(n / seconds, 2),
            "cpu_seconds": round(cpu, 1), "rows_per_cpu_s": round(n / cpu, 2), "peak_mb": round(peak), "records": lines, "exit": code}


def _sizes(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir")
    ap.add_argument("--ref-sizes", default="2000,20000")
    ap.add_argument("--noref-sizes", default="2000,20000")
    ap.add_argument("--kinds", default="table,folder")
    ap.add_argument("--name", default="scale", help="report name: reports/NAME.md and .json")
    args = ap.parse_args()
    folder = eval_dir(args.eval_dir)
    runs = []
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        for kind in args.kinds.split(","):
            for ref, sizes in ((True, _sizes(args.ref_sizes)), (False, _sizes(args.noref_sizes))):
                for n in sizes:
                    runs.append(measure(kind, ref, n, tmp, folder))
                    print(runs[-1], file=sys.stderr)
    write_report(args.name, {"when": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                           "machine": f"{platform.machine()}, {os.cpu_count()} cores (shared)", "runs": runs},
                 _markdown(runs))


def _markdown(runs: list[dict]) -> str:
    lines = ["# Scale: time and peak memory against input size (issue 19)", "",
             "`python -m mtqa.benchmarks.scale` on generated rows (recombined WMT23 uk-en dev MT, 10 rows per "
             "document), each run a fresh `mtqa score --format jsonl -o FILE --quiet` process with an empty cache. "
             f"Machine: {platform.machine()}, {os.cpu_count()} cores shared with other engineers' jobs, so "
             "wall seconds are noisy; CPU seconds (user + system of the child) are the steadier measure, and the "
             "ratios compare runs made back to back. Model loading and start-up are included, so small sizes "
             "look slower per row.", "",
             "| input | reference | rows | seconds | rows/s | CPU s | rows/CPU s | peak MB | records |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in runs:
        lines.append(f"| {r['kind']} | {'yes' if r['reference'] else 'no'} | {r['rows']:,} | {r['seconds']} | "
                     f"{r['rows_per_s']} | {r['cpu_seconds']} | {r['rows_per_cpu_s']} | {r['peak_mb']} | {r['records']:,} |")
    lines += ["", f"Targets: rows/s at the largest size within 15% of the smallest (ratio >= {TARGET_RATIO}); "
              f"peak memory under {TARGET_PEAK_MB} MB at every size.", "",
              "| input | reference | sizes | rows/s ratio | rows/CPU s ratio (largest/smallest) | peak MB (smallest -> largest) |",
              "|---|---|---|---|---|---|"]
    groups: dict[tuple, list[dict]] = {}
    for r in runs:
        groups.setdefault((r["kind"], r["reference"]), []).append(r)
    for (kind, ref), rs in groups.items():
        if len(rs) < 2:
            continue
        lo, hi = min(rs, key=lambda r: r["rows"]), max(rs, key=lambda r: r["rows"])
        ratio = hi["rows_per_s"] / lo["rows_per_s"]
        cpu_ratio = hi["rows_per_cpu_s"] / lo["rows_per_cpu_s"]
        lines.append(f"| {kind} | {'yes' if ref else 'no'} | {lo['rows']:,} -> {hi['rows']:,} | {ratio:.2f} | "
                     f"{cpu_ratio:.2f} | "
                     f"{lo['peak_mb']} -> {hi['peak_mb']} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
