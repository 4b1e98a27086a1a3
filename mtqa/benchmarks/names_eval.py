"""How well the names family (NE01-NE04) finds wrong names in real uk-en MT.

    python -m mtqa.benchmarks.names_eval [--eval-dir DIR] [--limit N]

Reads ``mt_uken_wmt23.dev.tsv`` (11 systems translating the same Ukrainian news, each row
with its source and a human reference) at run time. For every proper name of a source row
(as the family finds them) whose counterpart the reference has (an accepted spelling of the
name, within the family's edit distance), the MT is judged against the reference:

- *correct*: the MT has the reference's spelling or an accepted one (same folded form or
  within the family's edit distance of it), a word no other mention of a name took; a
  flagged name is correct when the word flagged has the reference's spelling (case,
  diacritics, a possessive 's and the -iy/-ii/-yi/-y endings aside);
- *wrong*: it has not: a misspelled, Russian-based, inflected or swapped name, or the name
  left out or paraphrased.

A name counts as found when the family reports an event for it in that row. Recall is found
wrong names over wrong names, the false-alarm rate found correct names over correct names.
The reference-based labels are rough (an omission is "wrong" though no name check should
fire); ``reports/names_hand_judged.tsv`` holds verdicts by hand on samples (row, name and a
verdict: ``error`` or ``fine``), from which hand-judged precision and recall are computed
when the file is there. Writes ``reports/names_eval.json`` and ``.md``.
"""
from __future__ import annotations

import argparse
import csv
import random
import re
import unicodedata
import time
from collections import Counter
from pathlib import Path

from mtqa.checks.names.matching import SAME, latin_tokens, match, nearest
from mtqa.checks.names.source import source_names
from mtqa.checks.names.spellings import fold, spelling
from mtqa.checks.registry import all_checks
from mtqa.checks.testing import make_context
from mtqa.benchmarks.common import REPO, eval_dir, write_report

TABLE = "mt_uken_wmt23.dev.tsv"
HAND = REPO / "reports" / "names_hand_judged.tsv"
CODES = ("NE01", "NE02", "NE03", "NE04")


def read_rows(path: Path, limit: int | None) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[:limit] if limit else rows


def same_spelling(a: str, b: str) -> bool:
    """Whether two spellings are the same but for case, diacritics, a possessive 's and the
    usual name endings (-iy, -ii, -yi, -yy, -y): stricter than the family's own folding, so
    Oleg is not Oleh and Donbass not Donbas."""
    def norm(w: str) -> str:
        w = unicodedata.normalize("NFKD", re.sub(r"['’]s$", "", w)).encode("ascii", "ignore").decode().lower()
        return re.sub(r"(iy|ii|yi|yy|y|i)$", "i", w)
    return norm(a) == norm(b)


def reference_spelling(name, ref: str) -> str | None:
    """The reference's word for ``name``: its nearest accepted spelling there, if close."""
    tokens = latin_tokens(ref)
    hit = nearest(tokens, set(), spelling(name.forms, {}).tokens(), SAME)
    return tokens[hit[0]].text if hit else None


def instances(rows: list[dict[str, str]]) -> list[dict]:
    """One record per (row, source name with a counterpart in the reference)."""
    out = []
    for i, row in enumerate(rows):
        src, mt, ref = row["source"], row["hypothesis"], row["reference"]
        events = {(e.name.start, e.name.surface): e for e in match(src, mt)}
        tokens, taken = latin_tokens(mt), set()
        names = [(n, reference_spelling(n, ref)) for n in source_names(src)]
        # flagged names are judged by the word flagged; the others take, in order, an MT word
        # with the reference's spelling or an accepted one that no other name took
        names.sort(key=lambda nw: (nw[0].start, nw[0].surface) not in events)
        for name, want in names:
            if want is None:
                continue
            e = events.get((name.start, name.surface))
            targets = {fold(want)} | spelling(name.forms, {}).tokens()
            if e:
                correct = same_spelling(e.found, want)
                taken |= {i for i, t in enumerate(tokens) if (t.start, t.end) == (e.start, e.end)}
            else:
                hit = nearest(tokens, taken, targets, SAME)
                correct = hit is not None
                taken |= {hit[0]} if hit else set()
            out.append({"row": i, "system": row["system"], "doc": row["doc_id"], "name": name.surface,
                        "reference": want, "label": "correct" if correct else "wrong",
                        "event": e.kind if e else "", "found": e.found if e else "",
                        "suggestion": e.spelling.suggestion if e else ""})
    return out


def registry_counts(rows: list[dict[str, str]]) -> Counter:
    """Findings per code through the registered checks (the path `mtqa score` takes)."""
    checks, n = all_checks(), Counter()
    for row in rows:
        ctx = make_context(row["hypothesis"], src=row["source"], ref=row["reference"])
        for code in CODES:
            n[code] += len(checks[code].run(ctx))
    return n


def hand_judged(records: list[dict]) -> dict | None:
    if not HAND.is_file():
        return None
    lines = [ln for ln in HAND.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    verdicts = {(int(r["row"]), r["name"]): r for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)}
    by_key = {(r["row"], r["name"]): r for r in records}
    tp = sum(1 for k, v in verdicts.items() if v["verdict"] == "error" and by_key.get(k, {}).get("event"))
    fn = sum(1 for k, v in verdicts.items() if v["verdict"] == "error" and not by_key.get(k, {}).get("event"))
    fp = sum(1 for k, v in verdicts.items() if v["verdict"] == "fine" and by_key.get(k, {}).get("event"))
    flagged = tp + fp
    return {"judged": len(verdicts), "errors": tp + fn, "errors_found": tp, "flagged": flagged, "false_alarms": fp,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None,
            "precision": round(tp / flagged, 3) if flagged else None}


def sample(records: list[dict], seed: int = 14) -> dict[str, list[dict]]:
    """The samples to judge by hand: flagged names, and wrong-by-reference names not flagged."""
    rnd = random.Random(seed)
    flagged = [r for r in records if r["event"]]
    missed = [r for r in records if r["label"] == "wrong" and not r["event"]]
    return {"flagged": rnd.sample(flagged, min(40, len(flagged))), "missed": rnd.sample(missed, min(40, len(missed)))}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir")
    ap.add_argument("--limit", type=int, help="only the first N rows (a quick look)")
    args = ap.parse_args(argv)
    rows = read_rows(eval_dir(args.eval_dir) / TABLE, args.limit)
    t0 = time.perf_counter()
    records = instances(rows)
    seconds = time.perf_counter() - t0
    counts = registry_counts(rows)
    wrong = [r for r in records if r["label"] == "wrong"]
    correct = [r for r in records if r["label"] == "correct"]
    found = [r for r in wrong if r["event"]]
    alarms = [r for r in correct if r["event"]]
    by_kind = Counter((r["event"], r["label"]) for r in records if r["event"])
    data = {
        "table": TABLE, "rows": len(rows), "seconds": round(seconds, 1), "names_with_reference": len(records),
        "correct": len(correct), "wrong": len(wrong), "wrong_found": len(found), "correct_flagged": len(alarms),
        "recall": round(len(found) / len(wrong), 3) if wrong else None,
        "false_alarm_rate": round(len(alarms) / len(correct), 4) if correct else None,
        "events_by_kind_and_label": {f"{k}/{lab}": n for (k, lab), n in sorted(by_kind.items())},
        "findings_by_code": dict(sorted(counts.items())), "hand": hand_judged(records), "samples": sample(records),
    }
    write_report("names_eval", data, markdown(data))


def _line(r: dict) -> str:
    return (f"| {r['row']} | {r['system']} | {r['name']} | {r['reference']} | {r['found'] or '-'} | "
            f"{r['event'] or '-'} | {r['label']} |")


def markdown(d: dict) -> str:
    out = [
        "# Names family (NE01-NE04) on real uk-en MT", "",
        f"`python -m mtqa.benchmarks.names_eval` on `{d['table']}`: {d['rows']} rows (11 systems, the same news), "
        f"{d['names_with_reference']} source names whose counterpart the reference has; matched in {d['seconds']} s.", "",
        "## Against the reference's spelling", "",
        "| | names | flagged | rate |", "|---|---:|---:|---:|",
        f"| wrong in the MT (recall) | {d['wrong']} | {d['wrong_found']} | {d['recall']} |",
        f"| correct in the MT (false alarms) | {d['correct']} | {d['correct_flagged']} | {d['false_alarm_rate']} |", "",
        "\"Wrong\" here is any MT without the reference's spelling of the name, omissions and "
        "paraphrases included, which no names check should flag; the hand-judged figures below "
        "separate them.", "",
        "Events by kind and reference label: " + ", ".join(f"{k} {n}" for k, n in d["events_by_kind_and_label"].items()),
        "", "Findings through the registered checks: " + ", ".join(f"{k} {n}" for k, n in d["findings_by_code"].items()), "",
    ]
    h = d["hand"]
    if h:
        out += ["## Judged by hand", "",
                f"{h['judged']} names judged by hand (`reports/names_hand_judged.tsv`, row ids and verdicts): "
                f"{h['errors']} real name errors (wrong, Russian-based, inflected or swapped names), of which "
                f"{h['errors_found']} found: recall {h['recall']}; {h['flagged']} flagged, {h['false_alarms']} of "
                f"them false alarms: precision {h['precision']}.", ""]
    for key, title in (("flagged", "Sample of flagged names"), ("missed", "Sample of wrong-by-reference names not flagged")):
        out += [f"## {title}", "", "| row | system | source | reference | MT | event | label |", "|---|---|---|---|---|---|---|"]
        out += [_line(r) for r in d["samples"][key]] + [""]
    return "\n".join(out)


if __name__ == "__main__":
    main()
