"""The real-MT evaluation set of the idiom family: hand labels on WMT23 uk-en system outputs.

The texts stay in ``../shared/eval/dev/mt_uken_wmt23.dev.tsv`` (read at run time); the
project keeps only row keys, labels and character spans, in ``corpora/idioms/real_mt.tsv``.
A row key is ``doc_id:seg_id:system``. Labels: ``calque`` (a calque, literal idiom or false
friend of Ukrainian at ``start:end`` of the hypothesis) or ``clean`` (no such phrase in the
sentence; it may have other errors).

The documents are split once, by document, so that nothing mined or tuned on one part can
leak into the other: a document is ``heldback`` when the CRC-32 of its id is a multiple of
3 (24 of 66 documents, 269 of 924 segments), else ``tuning``. Mining (:mod:`.idiom_mining`) and lexicon work use ``tuning`` only;
``heldback`` is the honest figure.
"""
from __future__ import annotations

import csv
import zlib
from dataclasses import dataclass
from pathlib import Path

from mtqa.benchmarks.common import REPO

MT_TABLE = "mt_uken_wmt23.dev.tsv"
LABELS = REPO / "corpora" / "idioms" / "real_mt.tsv"
HELD_BACK_EVERY = 3


def split_of(doc_id: str) -> str:
    """``heldback`` when the CRC-32 of the document id is a multiple of 3, else ``tuning``."""
    return "heldback" if zlib.crc32(doc_id.encode("utf-8")) % HELD_BACK_EVERY == 0 else "tuning"


def key(row: dict[str, str]) -> str:
    return f"{row['doc_id']}:{row['seg_id']}:{row['system']}"


def read_mt_rows(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8") as fh:
        return [dict(r) for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]


@dataclass(frozen=True)
class Label:
    key: str
    label: str  # "calque" or "clean"
    start: int
    end: int
    note: str
    line: int

    @property
    def doc_id(self) -> str:
        return self.key.split(":", 1)[0]

    @property
    def split(self) -> str:
        return split_of(self.doc_id)


def read_labels(path: Path = LABELS) -> list[Label]:
    """The labels; a malformed line raises ValueError naming the file and line."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("key\t"):
            continue
        cells = line.split("\t")
        if len(cells) < 3 or cells[1] not in ("calque", "clean"):
            raise ValueError(f"{path}:{n}: want key, label (calque|clean), span[, note]")
        start = end = -1
        if cells[1] == "calque":
            try:
                start, end = (int(x) for x in cells[2].split(":"))
            except ValueError:
                raise ValueError(f"{path}:{n}: span {cells[2]!r} is not start:end") from None
        out.append(Label(cells[0], cells[1], start, end, cells[3] if len(cells) > 3 else "", n))
    return out


def distinct_references(train_dir: Path, skip_pairs: frozenset[str] = frozenset()):
    """(language pair, reference) for each distinct human reference of the WMT21/22
    X-to-English DA files in ``train_dir`` (``../shared/eval/train``), leaving out the pairs
    in ``skip_pairs``; files that are missing are skipped."""
    csv.field_size_limit(1 << 30)
    seen: set[str] = set()
    for name in ("da_toen_wmt21.tsv", "da_toen_wmt22.tsv"):
        path = train_dir / name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                ref = row.get("reference") or ""
                if not ref or ref in seen or row.get("lp") in skip_pairs:
                    continue
                seen.add(ref)
                yield row.get("lp") or "", ref
