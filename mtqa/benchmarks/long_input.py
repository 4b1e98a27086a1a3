"""Time of sentence splitting and of ``mtqa score`` on very long single texts (issue 20).

Builds long texts at run time from the real MT output in ``mt_uken_wmt23.dev.tsv`` (English
hypotheses and Ukrainian sources joined with spaces, repeated to length), then measures:

* :func:`mtqa.segment.split_sentences` on one paragraph of 100 KB, 1 MB and 20 MB (English)
  and 1 MB (Ukrainian): the segmenter sees bounded windows, so time grows linearly;
* agreement of the windowed splitting with one whole-text pysbd call on texts of 12,000
  characters split with a 2,000-character window (normal paragraphs, under 5,000 characters,
  never take the windowed path, so their sentences are unchanged);
* ``mtqa score`` (MT only, no cache) on a JSONL table with the 1 MB text as one row, beside
  the same text cut into rows of about 1,000 characters: the cost of one huge row should be
  the cost of its text, not more.

Writes reports/long_input.json and .md.

    python -m mtqa.benchmarks.long_input [--eval-dir DIR] [--no-score]
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mtqa.benchmarks.common import eval_dir, write_report

FILE = "mt_uken_wmt23.dev.tsv"


def texts(folder: Path) -> tuple[str, str]:
    csv.field_size_limit(1 << 30)
    with (folder / FILE).open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return " ".join(r["hypothesis"] for r in rows), " ".join(r["source"] for r in rows)


def sized(text: str, n: int) -> str:
    return (text * (n // len(text) + 1))[:n]


def timed(fn, *args) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


def agreement(en: str, samples: int = 8) -> dict:
    import mtqa.segment as seg

    identical, differing = 0, 0
    window = seg.WINDOW
    try:
        for k in range(samples):
            text = en[k * 12_000 : (k + 1) * 12_000]
            seg.WINDOW = 10**9
            whole = [(s.start, s.end) for s in seg.split_sentences(text, "en")]
            seg.WINDOW = 2_000
            win = [(s.start, s.end) for s in seg.split_sentences(text, "en")]
            identical += whole == win
            differing += len(set(whole) ^ set(win))
    finally:
        seg.WINDOW = window
    return {"texts": samples, "identical": identical, "sentences_differing": differing}


def score_time(table: Path) -> float:
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mtqa", "score", str(table), "--no-cache", "-q",
                           "--format", "jsonl", "-o", str(table.with_suffix(".out.jsonl"))],
                          env=env, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(proc.stderr[-2000:])
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir")
    parser.add_argument("--no-score", action="store_true", help="skip the two mtqa score runs")
    args = parser.parse_args()
    from mtqa.segment import WINDOW, split_sentences

    en, uk = texts(eval_dir(args.eval_dir))
    split = {}
    for label, text, lang in (("en 100 KB", sized(en, 100_000), "en"), ("en 1 MB", sized(en, 1_000_000), "en"),
                              ("uk 1 MB", sized(uk, 1_000_000), "uk"), ("en 20 MB", sized(en, 20_000_000), "en")):
        seconds, sents = timed(split_sentences, text, lang)
        split[label] = {"chars": len(text), "sentences": len(sents), "seconds": round(seconds, 1)}
    data: dict = {"window": WINDOW, "split_sentences": split, "agreement_12k_window_2k": agreement(en)}
    if not args.no_score:
        with tempfile.TemporaryDirectory() as tmp:
            one, many = Path(tmp) / "one.jsonl", Path(tmp) / "many.jsonl"
            text = sized(en, 1_000_000)
            one.write_text(json.dumps({"doc_id": "d1", "mt": text}) + "\n", encoding="utf-8")
            cuts = [text[i : i + 1000] for i in range(0, len(text), 1000)]
            many.write_text("".join(json.dumps({"doc_id": f"d{i // 50}", "mt": c}) + "\n"
                                    for i, c in enumerate(cuts)), encoding="utf-8")
            data["score_seconds"] = {"one 1 MB row": round(score_time(one), 1),
                                     f"the same text in {len(cuts)} rows": round(score_time(many), 1)}
    lines = ["# Long single texts (issue 20)", "",
             f"`python -m mtqa.benchmarks.long_input`; text from `{FILE}` (English hypotheses, Ukrainian "
             f"sources) repeated to length; segmenter window {WINDOW} characters; one process, "
             "OMP_NUM_THREADS=1, on a shared 2-core machine.", "",
             "| split_sentences on one paragraph | characters | sentences | seconds |", "|---|---:|---:|---:|",
             *(f"| {k} | {v['chars']:,} | {v['sentences']:,} | {v['seconds']} |" for k, v in split.items()), ""]
    a = data["agreement_12k_window_2k"]
    lines += [f"Windowed against whole-text pysbd on {a['texts']} texts of 12,000 characters with a 2,000-character "
              f"window: {a['identical']} identical, {a['sentences_differing']} sentence spans differ in the others "
              "(paragraphs up to the window size are split exactly as before).", ""]
    if "score_seconds" in data:
        lines += ["| `mtqa score` (MT only, no cache) | seconds |", "|---|---:|",
                  *(f"| {k} | {v} |" for k, v in data["score_seconds"].items()), ""]
    write_report("long_input", data, "\n".join(lines))


if __name__ == "__main__":
    main()
