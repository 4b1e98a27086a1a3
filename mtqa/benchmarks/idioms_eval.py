"""Benchmark of the idiom family (ID01-ID04) on the team's labelled sentences.

    python -m mtqa.benchmarks.idioms_eval [--labelled corpora/idioms/labelled.tsv] [--no-refs]

MT-only mode: each sentence is checked alone, with no source or reference. A positive
(``calque``) counts as found when some idiom finding overlaps its expected span; a negative
(``clean``) is a false positive when any idiom finding fires on it. Reports recall, the
false-positive rate and every miss and false alarm into ``reports/idioms_eval.json`` and
``.md``. When the WMT uk-en dev tables are there (``../shared/eval/dev``), it also counts
findings per 1,000 human reference sentences: fluent English on which every finding is a
false alarm.
"""
from __future__ import annotations

import argparse
import csv
import os
import time
from pathlib import Path

from mtqa.checks.registry import all_checks
from mtqa.checks.testing import make_context
from mtqa.benchmarks.common import REPO, write_report

CODES = ("ID01", "ID02", "ID03", "ID04")
WMT_TABLES = ("da_uken_wmt22.dev.tsv", "mt_uken_wmt23.dev.tsv")


def read_labelled(path: Path) -> list[dict[str, str]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    return [dict(r) for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]


def findings(text: str) -> list:
    checks = all_checks()
    ctx = make_context(text)
    return [f for code in CODES for f in checks[code].run(ctx)]


def evaluate(rows: list[dict[str, str]]) -> dict:
    found, missed, false_alarms, by_code = [], [], [], {c: 0 for c in CODES}
    negatives = [r for r in rows if r["label"] == "clean"]
    positives = [r for r in rows if r["label"] != "clean"]
    for row in positives:
        text, want = row["sentence"], row["expected"]
        a = text.find(want)
        b = a + len(want)
        hits = [f for f in findings(text) if f.start < b and a < f.end]
        if a >= 0 and hits:
            found.append(row["id"])
            by_code[hits[0].code] += 1
        else:
            missed.append({"id": row["id"], "sentence": text, "expected": want, "note": row.get("note", "")})
    for row in negatives:
        fs = findings(row["sentence"])
        if fs:
            false_alarms.append({"id": row["id"], "sentence": row["sentence"],
                                 "findings": [f"{f.code} '{row['sentence'][f.start:f.end]}'" for f in fs]})
    return {
        "positives": len(positives), "negatives": len(negatives),
        "recall": round(len(found) / len(positives), 3) if positives else None,
        "false_positive_rate": round(len(false_alarms) / len(negatives), 3) if negatives else None,
        "found_by_code": by_code, "missed": missed, "false_alarms": false_alarms,
    }


def reference_alarms(eval_dir: Path, limit: int = 0) -> dict | None:
    """Findings on the distinct human references of the WMT uk-en dev tables."""
    csv.field_size_limit(1 << 30)
    refs: dict[str, None] = {}
    for name in WMT_TABLES:
        path = eval_dir / name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                refs.setdefault(row.get("reference") or "", None)
    texts = [t for t in refs if t.strip()][: limit or None]
    if not texts:
        return None
    flagged: dict[str, int] = {c: 0 for c in CODES}
    examples = []
    sentences = 0
    for text in texts:
        ctx = make_context(text)
        sentences += len(ctx.sentences)
        for code in CODES:
            for f in all_checks()[code].run(ctx):
                flagged[code] += 1
                if len(examples) < 40:
                    examples.append(f"{code} '{text[f.start:f.end]}' in: {text[max(0, f.start - 60):f.end + 60]}")
    total = sum(flagged.values())
    return {"reference_texts": len(texts), "sentences": sentences, "findings": flagged,
            "per_1000_sentences": round(1000 * total / max(1, sentences), 2), "examples": examples}


def markdown(result: dict) -> str:
    lab = result["labelled"]
    lines = ["# Idiom family benchmark (ID01-ID04, MT-only)", "",
             f"Labelled set `{result['labelled_path']}`: {lab['positives']} positives, {lab['negatives']} negatives.",
             "", "| metric | value | aim |", "|---|---|---|",
             f"| recall | {lab['recall']} | >= 0.8 |",
             f"| false-positive rate | {lab['false_positive_rate']} | <= 0.05 |", "",
             "Found by code: " + ", ".join(f"{c} {n}" for c, n in lab["found_by_code"].items()), ""]
    if lab["missed"]:
        lines += ["## Missed", ""] + [f"- {m['id']}: `{m['expected']}` in \"{m['sentence']}\"" for m in lab["missed"]] + [""]
    if lab["false_alarms"]:
        lines += ["## False alarms", ""] + [f"- {m['id']}: {', '.join(m['findings'])} in \"{m['sentence']}\""
                                           for m in lab["false_alarms"]] + [""]
    refs = result.get("references")
    if refs:
        lines += ["## Human references (WMT22/23 uk-en dev)", "",
                  f"{refs['reference_texts']} distinct reference texts, {refs['sentences']} sentences: "
                  f"{sum(refs['findings'].values())} findings ({refs['per_1000_sentences']} per 1,000 sentences; "
                  + ", ".join(f"{c} {n}" for c, n in refs["findings"].items()) + "). The references are "
                  "human translations, some by non-native translators: read the list, many are real calques.", ""]
        lines += [f"- {e}" for e in refs["examples"][:20]] + [""]
    lines.append(f"Run time {result['seconds']} s.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--labelled", default=str(REPO / "corpora" / "idioms" / "labelled.tsv"))
    ap.add_argument("--eval-dir", default=os.environ.get("MTQA_EVAL_DIR") or str(REPO.parent / "shared" / "eval" / "dev"))
    ap.add_argument("--no-refs", action="store_true", help="skip the WMT reference count")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    path = Path(args.labelled)
    result: dict = {"labelled_path": os.path.relpath(path, REPO), "labelled": evaluate(read_labelled(path))}
    if not args.no_refs and Path(args.eval_dir).is_dir():
        result["references"] = reference_alarms(Path(args.eval_dir))
    result["seconds"] = round(time.perf_counter() - t0, 1)
    write_report("idioms_eval", result, markdown(result))
    return result


if __name__ == "__main__":
    main()
