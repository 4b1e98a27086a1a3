"""Draw the editor-audit sample from real uk-en news MT, run mtqa on it, tabulate the findings.

The sample: every news document of ``mt_uken_wmt23.dev.tsv`` (WMT23 uk-en, eleven systems,
with source and reference), translated by four systems drawn with a fixed seed, each row
scored with its source and reference (one article per document and system). The script
writes every finding (row id = ``seg_id``/``system``, code, span text, message, suggestion)
to ``--work``/editor_audit_findings_<tag>.jsonl (outside the repository: it quotes the
eval data, which stays out of the project) for judging by hand, and per-family counts plus
the precision of the hand verdicts in ``reports/editor_audit_verdicts.tsv`` (when it exists)
to ``reports/editor_audit_figures.json`` and ``.md``. The hand judgement itself, with the
method and the before/after comparison, is ``reports/editor_audit.md``.

    python -m mtqa.benchmarks.editor_audit [--eval-dir DIR] [--systems 4] [--seed 15]
        [--per-family 25] [--tag after]

``--per-family`` draws that many findings per family (seeded) into the findings file's
``sample`` flag, the ones to judge; the verdict file names findings by ``key``
(``seg_id/system/code/start``), so verdicts survive a rerun that finds the same thing.
"""
from __future__ import annotations

import argparse
import csv
import json
import random
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from .common import REPO, eval_dir

FILE = "mt_uken_wmt23.dev.tsv"


def draw(path: Path, systems: int, seed: int):
    """The news rows of ``systems`` systems drawn with ``seed``, in file order."""
    import pandas as pd

    df = pd.read_csv(path, sep="\t", quoting=csv.QUOTE_NONE, dtype=str, keep_default_na=False)
    news = df[df["domain"] == "news"]
    names = sorted(news["system"].unique())
    chosen = sorted(random.Random(seed).sample(names, systems))
    return news[news["system"].isin(chosen)].reset_index(drop=True), chosen


def findings_of(report: Any, seed: int, per_family: int) -> list[dict[str, Any]]:
    """The findings as an editor sees them in the text and HTML reports: every finding, except
    that a consistent house-style difference (QT05/QT06/QT10) and a finding repeated word for
    word (an idiom such as "Read also") are one unit per article (``shown`` false on their
    members, which JSON keeps)."""
    from mtqa.report.style_groups import HOUSE_STYLE, StyleGroup, article_groups

    out, grouped = [], set()
    for a in report.articles:
        doc, system = a.article.id.split("/", 1)
        for g in article_groups(a)[0]:
            house = isinstance(g, StyleGroup)
            what = "article" if house else "repeat:" + " ".join(g.text.lower().split())
            out.append({"key": f"{doc}/{system}/{g.code}/{what}", "doc": doc, "seg_id": "", "system": system,
                        "code": g.code, "family": g.findings[0].family, "severity": g.severity.value,
                        "span": "" if house else g.text, "message": g.message(),
                        "suggestion": getattr(g, "suggestion", None), "mt": "", "src": "", "ref": "",
                        "shown": True, "members": len(g.findings)})
            if house:
                grouped.update((doc, system, c, None) for c in HOUSE_STYLE)
            else:
                grouped.add((doc, system, g.code, " ".join(g.text.lower().split())))
    for rec in report.to_records():
        for f in rec.get("findings", []):
            mt = rec.get("hypothesis", "")
            span = mt[f["start"]:f["end"]]
            member = ((rec["doc_id"], rec["system"], f["code"], None) in grouped
                      or (rec["doc_id"], rec["system"], f["code"], " ".join(span.lower().split())) in grouped)
            out.append({
                "key": f"{rec['seg_id']}/{rec['system']}/{f['code']}/{f['start']}",
                "doc": rec["doc_id"], "seg_id": rec["seg_id"], "system": rec["system"],
                "code": f["code"], "family": f["family"], "severity": f["severity"],
                "span": span, "message": f["message"],
                "suggestion": f.get("suggestion"), "mt": mt,
                "src": rec.get("source", ""), "ref": rec.get("reference", ""),
                "shown": not member,
            })
    rng = random.Random(seed)
    by_family: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(out):
        if f["shown"]:
            by_family[f["family"]].append(i)
    for idx in by_family.values():
        for i in (rng.sample(idx, per_family) if len(idx) > per_family else idx):
            out[i]["sample"] = True
    return out


def verdicts(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    """``(key, tag) -> {verdict, reason}`` from the hand-written verdict file (tab-separated;
    findings that share a key, e.g. two numbers missing from one row, share its verdict)."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t"))
    return {(r["key"], r["tag"]): r for r in rows}


def precision(found: list[dict[str, Any]], judged: dict[tuple[str, str], dict[str, str]], tag: str) -> dict[str, Any]:
    fams: dict[str, dict[str, int]] = defaultdict(lambda: {"findings": 0, "shown": 0, "judged": 0, "correct": 0})
    for f in found:
        fam = fams[f["family"]]
        shown = f.get("shown", True)  # findings files of the code before issue 15 show every span
        fam["findings"] += f["seg_id"] != ""  # spans in JSON
        fam["shown"] += shown  # units in the text and HTML reports
        if not shown:
            continue
        v = judged.get((f["key"], tag))
        if v:
            fam["judged"] += 1
            fam["correct"] += v["verdict"] == "correct"
    return {k: {**v, "precision": round(v["correct"] / v["judged"], 3) if v["judged"] else None}
            for k, v in sorted(fams.items())}


def markdown(tag: str, systems: list[str], rows: int, figs: dict[str, Any], codes: Counter) -> str:
    lines = [f"# Editor audit figures ({tag})", "",
             f"{rows} rows: WMT23 uk-en news, systems {', '.join(systems)}, with source and reference.", "",
             "| family | findings (JSON spans) | shown (text/HTML units) | judged | correct | precision |",
             "|---|---|---|---|---|---|"]
    for fam, v in figs.items():
        p = "–" if v["precision"] is None else f"{v['precision']:.2f}"
        lines.append(f"| {fam} | {v['findings']} | {v['shown']} | {v['judged']} | {v['correct']} | {p} |")
    lines += ["", "Findings per code: " + ", ".join(f"{c} {n}" for c, n in sorted(codes.items())), ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--eval-dir")
    ap.add_argument("--systems", type=int, default=4)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--per-family", type=int, default=25)
    ap.add_argument("--tag", default="after", help="label of this run in the figures and verdict file")
    ap.add_argument("--cache-dir")
    ap.add_argument("--work", default="/tmp/mtqa-editor-audit", help="where the findings file goes")
    ap.add_argument("--findings", help="tabulate this findings file (from an earlier run, e.g. of older code) "
                                       "instead of running mtqa")
    args = ap.parse_args(argv)

    import mtqa

    df, systems = draw(eval_dir(args.eval_dir) / FILE, args.systems, args.seed)
    out = REPO / "reports"
    out.mkdir(exist_ok=True)
    if args.findings:
        with open(args.findings, encoding="utf-8") as fh:
            found = [json.loads(line) for line in fh if line.strip()]
    else:
        found = findings_of(mtqa.score(df, cache_dir=args.cache_dir), args.seed, args.per_family)
        work = Path(args.work)
        work.mkdir(parents=True, exist_ok=True)
        with (work / f"editor_audit_findings_{args.tag}.jsonl").open("w", encoding="utf-8") as fh:
            for f in found:
                fh.write(json.dumps(f, ensure_ascii=False) + "\n")
    judged = verdicts(out / "editor_audit_verdicts.tsv")
    figs = precision(found, judged, args.tag)
    codes = Counter(f["code"] for f in found if f.get("seg_id"))
    md = markdown(args.tag, systems, len(df), figs, codes)
    data = {"tag": args.tag, "systems": systems, "rows": len(df), "seed": args.seed,
            "families": figs, "codes": dict(sorted(codes.items()))}
    (out / f"editor_audit_figures_{args.tag}.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    (out / f"editor_audit_figures_{args.tag}.md").write_text(md, encoding="utf-8")
    print(md)


if __name__ == "__main__":
    main()
