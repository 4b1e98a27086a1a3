"""Generated inputs for the scale benchmark: paragraph-length rows recombined at run time from
the sentences of the WMT23 uk-en dev MT (``mt_uken_wmt23.dev.tsv``), so no eval text is ever
stored in the project. Each row joins three MT segments of one system with their references;
ten rows make a document. The same seed gives the same files.

    python -m mtqa.benchmarks.scale_data ROWS OUT.tsv [--folder] [--no-ref]
"""
from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

from mtqa.benchmarks.common import eval_dir

FILE = "mt_uken_wmt23.dev.tsv"
PER_ROW = 3  # segments joined into one paragraph-length row
PER_DOC = 10  # rows per document


def _segments(folder: Path) -> dict[str, list[tuple[str, str]]]:
    """(MT, reference) segments by system, in file order."""
    out: dict[str, list[tuple[str, str]]] = {}
    with (folder / FILE).open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            mt, ref = row["hypothesis"].strip(), row["reference"].strip()
            if mt and ref:
                out.setdefault(row["system"], []).append((mt, ref))
    return out


def rows(n: int, seed: int = 19, folder: Path | None = None) -> list[tuple[str, str]]:
    """``n`` (MT, reference) rows, each three random segments of one random system."""
    segs = _segments(folder or eval_dir())
    systems = sorted(segs)
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        pool = segs[rng.choice(systems)]
        picked = rng.sample(pool, PER_ROW)
        out.append((" ".join(p[0] for p in picked), " ".join(p[1] for p in picked)))
    return out


def write_table(path: Path, data: list[tuple[str, str]], ref: bool = True) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("doc_id\tpara_idx\tmt" + ("\tref" if ref else "") + "\n")
        for i, (mt, r) in enumerate(data):
            f.write(f"d{i // PER_DOC}\t{i % PER_DOC}\t{mt}" + (f"\t{r}" if ref else "") + "\n")


def write_folder(path: Path, data: list[tuple[str, str]], ref: bool = True) -> None:
    """One article per ten rows: <stem>.mt.en.txt (and .ref.en.txt), paragraphs split by blank lines."""
    path.mkdir(parents=True, exist_ok=True)
    for d in range(0, len(data), PER_DOC):
        block = data[d:d + PER_DOC]
        stem = f"d{d // PER_DOC:07d}"
        (path / f"{stem}.mt.en.txt").write_text("\n\n".join(m for m, _ in block) + "\n", encoding="utf-8")
        if ref:
            (path / f"{stem}.ref.en.txt").write_text("\n\n".join(r for _, r in block) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rows", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--folder", action="store_true")
    ap.add_argument("--no-ref", action="store_true")
    ap.add_argument("--eval-dir")
    args = ap.parse_args()
    data = rows(args.rows, folder=eval_dir(args.eval_dir))
    (write_folder if args.folder else write_table)(args.out, data, ref=not args.no_ref)


if __name__ == "__main__":
    main()
