"""Fuzz every reader and the config loader with many more examples than the test suite runs,
and write the counts to reports/fuzz.md and reports/fuzz.json: cases run, tracebacks, exit
codes outside the documented set, readable inputs lost, outputs that differ cold or warm.

    python -m mtqa.benchmarks.fuzz [--examples N] [--seed S]

The cases are those of tests/test_fuzz.py (mtqa/benchmarks/fuzz_cases.py). Every example is
run and counted; a failing one is recorded (the first three of each target, shortened) and
the run goes on, so the report says how many failed, not only that one did.
"""
from __future__ import annotations

import argparse
import os
import time
from typing import Any, Callable

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from mtqa.benchmarks import fuzz_cases as fc
from mtqa.benchmarks.common import write_report

TARGETS: dict[str, tuple[Any, Callable[..., fc.Verdict]]] = {
    "random bytes (tsv, csv, jsonl, rss, atom, xml, article file)":
        (st.tuples(st.binary(max_size=400), st.sampled_from(fc.SUFFIXES)), lambda a: fc.case_bytes(*a)),
    "table rows (tsv, csv, jsonl; 5 encodings, CRLF, junk lines)":
        (st.tuples(fc.table_rows(), st.sampled_from(["tsv", "csv", "jsonl"]), st.sampled_from(fc.ENCODINGS),
                   st.booleans(), fc.junk_lines()),
         lambda a: fc.case_table(a[0], a[1], a[2], a[3], a[4] if a[1] == "jsonl" else [])),
    "folder shapes": (fc.folder_shapes(), fc.case_folder),
    "feeds (RSS, Atom; declared encodings, cut short)":
        (st.tuples(fc.feeds(), st.sampled_from(["utf-8", "utf-16", "latin-1"])),
         lambda a: fc.case_feed(*a[0], a[1])),
    "TOML config (loader and --config)":
        (st.tuples(fc.toml_documents(), st.sampled_from(["utf-8", "utf-8-sig", "utf-16"])),
         lambda a: fc.case_config(*a)),
}


def run_target(strategy: Any, case: Callable[..., fc.Verdict], examples: int, start: int) -> dict[str, Any]:
    counts = {"cases": 0, "tracebacks": 0, "bad_exit_codes": 0, "inputs_lost": 0, "unstable": 0}
    failures: list[str] = []

    @seed(start)
    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def go(drawn: Any) -> None:
        verdict = case(drawn)
        counts["cases"] += 1
        counts["tracebacks"] += bool(verdict.traceback)
        counts["bad_exit_codes"] += verdict.bad_exit is not None
        counts["inputs_lost"] += len(verdict.lost)
        counts["unstable"] += verdict.unstable
        if not verdict.ok and len(failures) < 3:
            failures.append(f"{verdict.explain()} input={str(drawn)[:300]!r}")

    go()
    return {**counts, "failures": failures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=300, help="examples per target")
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    results, started = {}, time.time()
    for name, (strategy, case) in TARGETS.items():
        t = time.time()
        results[name] = {**run_target(strategy, case, args.examples, args.seed),
                         "seconds": round(time.time() - t, 1)}
    total = {k: sum(r[k] for r in results.values()) for k in ("cases", "tracebacks", "bad_exit_codes",
                                                               "inputs_lost", "unstable")}
    lines = ["# Fuzzing the readers and the config loader", "",
             f"`python -m mtqa.benchmarks.fuzz --examples {args.examples} --seed {args.seed}` "
             f"({round(time.time() - started)} s). Each case runs `mtqa score` in-process twice (cold, "
             "then warm cache; embeddings from a fake hash-seeded encoder, so no model loads) or the "
             "config loader, and counts: a traceback (any exception but a clean exit), an exit code "
             "outside 0/1/2, a readable input paragraph or row neither in the output nor named in an "
             "error, and output that differs cold or warm. The test suite runs the same cases with 8 "
             "examples each (tests/test_fuzz.py, hypothesis profile `ci`).", "",
             "| target | cases | tracebacks | bad exit codes | inputs lost | cold ≠ warm | seconds |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name, r in results.items():
        lines.append(f"| {name} | {r['cases']} | {r['tracebacks']} | {r['bad_exit_codes']} | {r['inputs_lost']} "
                     f"| {r['unstable']} | {r['seconds']} |")
    lines.append(f"| **all** | **{total['cases']}** | **{total['tracebacks']}** | **{total['bad_exit_codes']}** "
                 f"| **{total['inputs_lost']}** | **{total['unstable']}** | |")
    shown = [(name, f) for name, r in results.items() for f in r["failures"]]
    if shown:
        lines += ["", "## Failures (first three per target)", ""] + [f"- {name}: `{f}`" for name, f in shown]
    lines += ["", "Readable text holds no control characters other than NUL: a short file with one "
              "(say a lone ESC in a 15-character table) is refused as a binary file as a whole, by the "
              "reader's control-character ratio, which this property would count as a loss. Cells are "
              "short (long text is reports/long_input.md's subject).", ""]
    write_report("fuzz", {"examples_per_target": args.examples, "seed": args.seed, "targets": results,
                          "total": total}, "\n".join(lines))


if __name__ == "__main__":
    main()
