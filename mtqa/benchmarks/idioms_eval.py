"""Benchmark of the idiom family (ID01-ID04) on the team's labelled sentences.

    python -m mtqa.benchmarks.idioms_eval [--labelled corpora/idioms/labelled.tsv] [--no-refs]

MT-only mode: each sentence is checked alone, with no source or reference. A positive
(``calque``) counts as found when some idiom finding overlaps its expected span; a negative
(``clean``) is a false positive when any idiom finding fires on it. Reports recall, the
false-positive rate and every miss and false alarm into ``reports/idioms_eval.json`` and
``.md``. When the WMT uk-en dev tables are there (``../shared/eval/dev``), it also counts
findings per 1,000 human reference sentences: fluent English on which every finding is a
false alarm.

Real MT (the figure that counts): hand labels on WMT23 uk-en system outputs
(``corpora/idioms/real_mt.tsv``, see :mod:`.idioms_real`), texts read from the dev table at
run time. Recall and false-alarm rate are reported separately for the ``tuning`` documents
(mined and tuned on) and the ``heldback`` documents (not used for the lexicon: the honest
figure); a false alarm is any idiom finding on a sentence labelled clean.
"""
from __future__ import annotations

import argparse
import csv
import os
import time
from collections import Counter
from pathlib import Path

from mtqa.benchmarks.common import REPO, write_report
from mtqa.benchmarks.idioms_real import LABELS, MT_TABLE, key, read_labels, read_mt_rows
from mtqa.checks.idioms.checks import matches
from mtqa.checks.idioms.lexicon import builtin
from mtqa.checks.registry import all_checks
from mtqa.checks.testing import make_context

CODES = ("ID01", "ID02", "ID03", "ID04")
WMT_TABLES = ("da_uken_wmt22.dev.tsv", "mt_uken_wmt23.dev.tsv")


def read_labelled(path: Path) -> list[dict[str, str]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    return [dict(r) for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]


def findings(text: str, options: dict | None = None) -> list:
    checks = all_checks()
    ctx = make_context(text, options=options)
    return [f for code in CODES for f in checks[code].run(ctx)]


MINED = ("mined from", "issue 13")
RU_ROUND = "mined from WMT21/22 ru-en MT"  # chosen after the held-back labels were read


def mined_ids(prefixes: tuple[str, ...] = MINED) -> list[str]:
    """Ids of the lexicon rows whose source starts with one of ``prefixes`` (default: every row
    mined from real MT for issue 13): switched off, they give the figure without them."""
    return [e.id for e in builtin() if e.source.startswith(prefixes)]


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


def real_mt(eval_dir: Path, labels_path: Path = LABELS, options: dict | None = None) -> dict | None:
    """Recall and false-alarm rate on the hand-labelled real MT, per split (``options``: the
    [idioms] table, e.g. ``{"disable": mined_ids()}`` for the lexicon before issue 13)."""
    table = eval_dir / MT_TABLE
    if not table.is_file() or not labels_path.is_file():
        return None
    texts = {key(r): r["hypothesis"] for r in read_mt_rows(table)}
    out: dict = {}
    for split in ("tuning", "heldback"):
        labels = [lab for lab in read_labels(labels_path) if lab.split == split]
        missing = [lab.key for lab in labels if lab.key not in texts]
        if missing:
            raise SystemExit(f"{labels_path}: {len(missing)} keys not in {table}, e.g. {missing[0]}")
        found, missed, alarms = [], [], []
        clean = {lab.key for lab in labels if lab.label == "clean"}
        for lab in labels:
            text = texts[lab.key]
            fs = findings(text, options)
            if lab.label == "calque":
                hit = [f for f in fs if f.start < lab.end and lab.start < f.end]
                (found if hit else missed).append(
                    {"key": lab.key, "phrase": text[lab.start:lab.end], "note": lab.note,
                     "codes": sorted({f.code for f in hit})})
            elif fs:
                alarms.append({"key": lab.key, "findings": [f"{f.code} '{text[f.start:f.end]}'" for f in fs]})
        positives = len(found) + len(missed)
        out[split] = {"positives": positives, "negatives": len(clean),
                      "recall": round(len(found) / positives, 3) if positives else None,
                      "false_alarm_rate": round(len(alarms) / len(clean), 3) if clean else None,
                      "found": found, "missed": missed, "false_alarms": alarms}
    return out


def background_alarms(train_dir: Path) -> dict | None:
    """Where the rows mined from real MT match the distinct human references of the WMT21/22
    X-to-English DA files (``../shared/eval/train``): English from other source languages,
    on which a match is a false alarm unless the translator calqued the source too."""
    from mtqa.benchmarks.idioms_real import distinct_references

    mined = tuple(e for e in builtin() if e.id in set(mined_ids()))
    seen = 0
    by_pair: Counter = Counter()
    hits: Counter = Counter()
    examples = []
    for lp, ref in distinct_references(train_dir):
        seen += 1
        by_pair[lp] += 1
        for entry, a, b in matches(mined, ref):
            hits[(lp, entry.id)] += 1
            if len(examples) < 30:
                examples.append(f"{lp} {entry.id}: '{ref[a:b]}'")  # the match only: the text stays in ../shared
    if not seen:
        return None
    return {"references": seen, "by_pair": dict(by_pair), "matches": sum(hits.values()),
            "by_pair_and_row": {f"{lp} {eid}": n for (lp, eid), n in hits.most_common()}, "examples": examples}


def reference_alarms(eval_dir: Path, limit: int = 0, options: dict | None = None) -> dict | None:
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
    phrases: Counter = Counter()
    examples = []
    sentences = 0
    for text in texts:
        ctx = make_context(text, options=options)
        sentences += len(ctx.sentences)
        for code in CODES:
            for f in all_checks()[code].run(ctx):
                flagged[code] += 1
                phrases[f"{code} {text[f.start:f.end].lower()}"] += 1
                if len(examples) < 40:
                    examples.append(f"{code} '{text[f.start:f.end]}'")  # the match only: the text stays in ../shared
    total = sum(flagged.values())
    return {"reference_texts": len(texts), "sentences": sentences, "findings": flagged,
            "per_1000_sentences": round(1000 * total / max(1, sentences), 2),
            "by_phrase": dict(phrases.most_common()), "examples": examples}


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
    real = result.get("real_mt")
    if real:
        lines += ["## Real MT: WMT23 uk-en system outputs, hand-labelled (`corpora/idioms/real_mt.tsv`)", "",
                  "Sentences nobody on the team wrote. Rows were added only with evidence outside the held-back "
                  "documents (tuning documents, WMT22 uk-en MT, the issue's examples, WMT21/22 ru-en MT). The "
                  "ru-en round was chosen after the held-back labels had been read, so the honest held-back "
                  "figure is the one without it.", "",
                  "| split | calques | clean sentences | recall | false-alarm rate | aim |", "|---|---|---|---|---|---|"]
        for split in ("tuning", "heldback"):
            r = real[split]
            lines.append(f"| {split}, whole lexicon | {r['positives']} | {r['negatives']} | {r['recall']} | "
                         f"{r['false_alarm_rate']} | >= 0.8 / <= 0.05 |")
        for name, label in (("real_mt_without_ru_round", "without the {n} ru-en-round rows (the honest held-back "
                             "figure)"), ("real_mt_before_mining", "without all {n} mined rows (before issue 13)")):
            part = result.get(name) or {}
            for split in ("tuning", "heldback"):
                if split in part:
                    r = part[split]
                    lines.append(f"| {split}, {label.format(n=r['rows_off'])} | {r['positives']} | {r['negatives']} | "
                                 f"{r['recall']} | {r['false_alarm_rate']} | |")
        lines += ["", "Held-back calques come in groups: the two labelled passes read two systems' "
                  "output of the same segments, so a missed phrase often counts twice.", ""]
        for split in ("tuning", "heldback"):
            r = real[split]
            if r["missed"]:
                lines += [f"Missed ({split}): " + "; ".join(f"'{m['phrase']}' ({m['note']})" for m in r["missed"]), ""]
            if r["false_alarms"]:
                lines += [f"False alarms ({split}): " + "; ".join(f"{a['key']} {', '.join(a['findings'])}"
                                                               for a in r["false_alarms"]), ""]
    refs = result.get("references")
    if refs:
        lines += ["## Human references (WMT22/23 uk-en dev)", "",
                  f"{refs['reference_texts']} distinct reference texts, {refs['sentences']} sentences: "
                  f"{sum(refs['findings'].values())} findings ({refs['per_1000_sentences']} per 1,000 sentences; "
                  + ", ".join(f"{c} {n}" for c, n in refs["findings"].items()) + "). The references are "
                  "human translations, some by non-native translators: read the list, many are real calques.", ""]
        if "findings_without_mined_rows" in refs:
            lines += [f"Without the rows mined from real MT: {refs['findings_without_mined_rows']} findings. "
                      "The mined rows fire on references that use the same formulas as the MT "
                      "(\"Read also:\", \"Direct speech\", \"This was stated by\"): judged by hand, those "
                      "are calques in the references too (issue 15 item 8).", ""]
        lines += ["By phrase: " + "; ".join(f"{p} ({n})" for p, n in refs["by_phrase"].items()), ""]
        lines += [f"- {e}" for e in refs["examples"][:20]] + [""]
    bg = result.get("background")
    if bg:
        lines += ["## English from other source languages (WMT21/22 X-to-English references)", "",
                  f"The {len(result['mined_ids'])} rows mined from real MT match {bg['matches']} of "
                  f"{bg['references']} distinct references ("
                  + ", ".join(f"{lp} {n}" for lp, n in sorted(bg["by_pair"].items())) + " references per pair). "
                  "By pair and row: " + (", ".join(f"{k} ({n})" for k, n in bg["by_pair_and_row"].items()) or "none")
                  + ".", ""]
        lines += [f"- {e}" for e in bg["examples"][:15]] + [""]
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
    if Path(args.eval_dir).is_dir():
        result["real_mt"] = real_mt(Path(args.eval_dir))
        result["mined_ids"] = mined_ids()
        for name, off in (("real_mt_without_ru_round", mined_ids((RU_ROUND,))),
                          ("real_mt_before_mining", result["mined_ids"])):
            part = real_mt(Path(args.eval_dir), options={"disable": off})
            if part:
                result[name] = {k: {"rows_off": len(off), **{m: v[m] for m in ("positives", "negatives", "recall",
                                                                                "false_alarm_rate")}}
                                for k, v in part.items()}
    if not args.no_refs and Path(args.eval_dir).is_dir():
        result["references"] = reference_alarms(Path(args.eval_dir))
        before = reference_alarms(Path(args.eval_dir), options={"disable": mined_ids()})
        if result["references"] and before:
            result["references"]["findings_without_mined_rows"] = sum(before["findings"].values())
    train = Path(args.eval_dir).parent / "train"
    if not args.no_refs and train.is_dir():
        result["background"] = background_alarms(train)
    result["seconds"] = round(time.perf_counter() - t0, 1)
    write_report("idioms_eval", result, markdown(result))
    return result


if __name__ == "__main__":
    main()
