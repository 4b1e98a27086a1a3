"""Mine calque candidates from real uk-en MT: phrases the systems write and English does not.

    python -m mtqa.benchmarks.idiom_mining [--split tuning] [--top 150] [--min-systems 2]
    python -m mtqa.benchmarks.idiom_mining --ru-en --min-docs 3 --top 400

Reads ``mt_uken_wmt23.dev.tsv`` (11 systems' uk-en MT with sources and references) from
``../shared/eval/dev`` at run time and keeps the documents of one split (see
:mod:`.idioms_real`: mine on ``tuning`` only, so that the ``heldback`` documents stay an
honest test); adds ``da_uken_wmt22.dev.tsv`` (10 WMT22 systems on other documents; skip it
with ``--no-wmt22``). With ``--ru-en`` it mines the WMT21/22 ru-en MT of
``../shared/eval/train`` instead (no overlap with the evaluation data; most Russian news
calques are Ukrainian ones too).

It counts every 2-6 word n-gram of the MT (n-grams stop at punctuation and skip numbers and
capitalised names inside a sentence). A candidate is written by at least ``--min-systems``
systems, by the human reference in at most a third of the segments where MT writes it, and
rarely in ordinary English: the distinct human references of the WMT21/22 X-to-English DA
files in ``../shared/eval/train`` (news English from many source languages; ru-en left out
with ``--ru-en``) and wordfreq's word frequencies (a phrase with a rare word is a topic, not a
calque). A calque recurs across documents while a topic phrase stays in one, so a candidate
must occur in ``--min-docs`` documents. Candidates are ranked by how much more often MT writes
them than that English does (log rate ratio, smoothed), times log2(1 + documents), times the
root of the share of systems. For each it prints the source words most tied to it (lift over
their base rate): what the systems were translating.

The output is a list to review by hand, not a lexicon: most candidates are topic phrases or
fine English. On the uk-en dev files, half of them chat messages, conversational phrases
("i will", "can not") rank high because the background is news English; ``--ru-en`` (news)
ranks news calques first ("this was reported by", "it is noted that", "with reference to"). Reviewed rows go into ``mtqa/data/calques.tsv`` with their provenance.
"""
from __future__ import annotations

import argparse
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from mtqa.benchmarks.common import eval_dir
from mtqa.benchmarks.idioms_real import MT_TABLE, read_mt_rows, split_of

EXTRA_TABLE = "da_uken_wmt22.dev.tsv"  # WMT22 uk-en MT (10 systems, other documents): all of it is mined

_CLAUSE = re.compile(r"[,.;:!?()\[\]\"“”«»—–…/]|\s-\s")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\S+")
_UK_WORD = re.compile(r"[а-яіїєґ'ʼ’]+", re.IGNORECASE)
NAME = "<name>"


def words(clause: str, first: bool) -> list[str]:
    """Lower-cased words of a clause; numbers and symbols become "" (a gap no n-gram crosses)
    and capitalised words that do not open the sentence become NAME."""
    out = []
    for i, tok in enumerate(_WORD.findall(clause)):
        if not re.fullmatch(r"[A-Za-z]+(?:['’][A-Za-z]+)*", tok):
            out.append("")  # a number or symbol: n-grams do not cross it
        elif tok[0].isupper() and not (first and i == 0) and tok not in ("I",):
            out.append(NAME)
        else:
            out.append(tok.lower().replace("’", "'"))
    return out


def ngrams(text: str, low: int = 2, high: int = 6) -> set[str]:
    """The distinct n-grams (``low``..``high`` words) of a text, none across punctuation."""
    found: set[str] = set()
    for k, clause in enumerate(_CLAUSE.split(text)):
        toks = words(clause, k == 0)
        for i in range(len(toks)):
            for n in range(low, high + 1):
                gram = toks[i:i + n]
                if len(gram) < n or "" in gram or NAME in gram:
                    break
                found.add(" ".join(gram))
    return found


def uk_words(text: str) -> set[str]:
    return {w.lower().replace("ʼ", "'").replace("’", "'") for w in _UK_WORD.findall(text)}


@dataclass(frozen=True)
class Candidate:
    ngram: str
    systems: int
    documents: int
    segments: int
    ref_segments: int
    background: int
    min_zipf: float
    score: float
    source_words: tuple[str, ...]


def background_counts(train_dir: Path, wanted: set[str], skip_pairs: frozenset[str] = frozenset()
                      ) -> tuple[Counter, int]:
    """How many distinct human references of the WMT X-to-English DA files hold each wanted
    n-gram (leaving out the language pairs in ``skip_pairs``), and how many references there are."""
    from mtqa.benchmarks.idioms_real import distinct_references

    counts: Counter = Counter()
    n = 0
    for _, ref in distinct_references(train_dir, skip_pairs):
        n += 1
        counts.update(ngrams(ref) & wanted)
    return counts, n


def mine(rows: list[dict[str, str]], train_dir: Path | None, min_systems: int = 2, min_docs: int = 2,
         max_ref_share: float = 0.34, min_zipf: float = 3.0, skip_pairs: frozenset[str] = frozenset()
         ) -> list[Candidate]:
    """Ranked candidates from the MT rows of one split (see the module docstring)."""
    from wordfreq import zipf_frequency

    systems: dict[str, set[str]] = defaultdict(set)
    docs: dict[str, set[str]] = defaultdict(set)
    segments: dict[str, set[str]] = defaultdict(set)
    ref_segments: dict[str, set[str]] = defaultdict(set)
    source_of: dict[str, set[str]] = {}
    refs: dict[str, set[str]] = {}
    for row in rows:
        seg = f"{row['doc_id']}:{row['seg_id']}"
        if seg not in refs:
            refs[seg] = ngrams(row["reference"])
            source_of[seg] = uk_words(row["source"])
        for gram in ngrams(row["hypothesis"]):
            systems[gram].add(row["system"])
            docs[gram].add(row["doc_id"])
            segments[gram].add(seg)
            if gram in refs[seg]:
                ref_segments[gram].add(seg)
    pool = {g for g, s in systems.items() if len(s) >= min_systems and len(docs[g]) >= min_docs
            and len(ref_segments[g]) <= max_ref_share * len(segments[g])}
    zipf = {g: min(zipf_frequency(w, "en") for w in g.split()) for g in pool}
    pool = {g for g in pool if zipf[g] >= min_zipf}
    bg, n_bg = background_counts(train_dir, pool, skip_pairs) if train_dir else (Counter(), 0)
    n_seg = len(refs)
    n_systems = len({row["system"] for row in rows})
    base = Counter(w for ws in source_of.values() for w in ws)
    out = []
    for g in pool:
        mt_rate = len(segments[g]) / n_seg
        bg_rate = (bg[g] + 0.5) / max(1, n_bg) if n_bg else 1e-4
        if mt_rate < 3 * bg_rate:
            continue  # ordinary English writes it about as often
        score = math.log(mt_rate / bg_rate) * math.log2(1 + len(docs[g])) * math.sqrt(len(systems[g]) / n_systems)
        out.append(Candidate(g, len(systems[g]), len(docs[g]), len(segments[g]), len(ref_segments[g]), bg[g],
                             round(zipf[g], 2), round(score, 2), tied_words(segments[g], source_of, base, n_seg)))
    return sorted(out, key=lambda c: (-c.score, c.ngram))


def tied_words(segs: Iterable[str], source_of: dict[str, set[str]], base: Counter, n: int,
               top: int = 3) -> tuple[str, ...]:
    """The source words most over-represented in these segments (in at least half of them)."""
    segs = list(segs)
    here = Counter(w for s in segs for w in source_of[s])
    lifted = [(here[w] / len(segs)) / (base[w] / n) for w in here]
    ranked = sorted(((lift, w) for lift, w in zip(lifted, here) if here[w] * 2 >= len(segs) and len(w) > 2),
                    reverse=True)
    return tuple(w for _, w in ranked[:top])


def report(cands: list[Candidate], top: int) -> Iterator[str]:
    yield "score\tsystems\tdocuments\tsegments\tref_segments\tbackground\tmin_zipf\tngram\tsource_words"
    kept: list[str] = []
    for c in cands:
        if len(kept) >= top:
            break
        if any(c.ngram in k or k in c.ngram for k in kept if c.systems <= 2):
            continue  # a shorter or longer form of a weak candidate already listed
        kept.append(c.ngram)
        yield (f"{c.score}\t{c.systems}\t{c.documents}\t{c.segments}\t{c.ref_segments}\t{c.background}\t{c.min_zipf}\t"
               f"{c.ngram}\t{' '.join(c.source_words)}")


def main(argv: list[str] | None = None) -> list[Candidate]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval-dir", default=None, help="folder of the dev tables (../shared/eval/dev)")
    ap.add_argument("--split", choices=("tuning", "heldback", "all"), default="tuning")
    ap.add_argument("--no-wmt22", action="store_true", help="mine the WMT23 split only")
    ap.add_argument("--ru-en", action="store_true",
                    help="mine the WMT21/22 ru-en MT of ../shared/eval/train instead (Russian calques are "
                         "mostly Ukrainian ones too); the background then leaves ru-en references out")
    ap.add_argument("--top", type=int, default=150)
    ap.add_argument("--min-systems", type=int, default=2)
    ap.add_argument("--min-docs", type=int, default=2, help="documents that must hold it (topic phrases stay in one)")
    ap.add_argument("--min-zipf", type=float, default=3.0, help="drop n-grams with a word rarer than this")
    args = ap.parse_args(argv)
    dev = eval_dir(args.eval_dir)
    train = dev.parent / "train"
    skip: frozenset[str] = frozenset()
    if args.ru_en:
        rows = [r for name in ("da_toen_wmt21.tsv", "da_toen_wmt22.tsv") for r in read_mt_rows(train / name)
                if r["lp"] == "ru-en" and not r["system"].startswith("HUMAN")]
        skip = frozenset({"ru-en"})
    else:
        rows = [r for r in read_mt_rows(dev / MT_TABLE) if args.split == "all" or split_of(r["doc_id"]) == args.split]
        if not args.no_wmt22 and (dev / EXTRA_TABLE).is_file():
            rows += [r for r in read_mt_rows(dev / EXTRA_TABLE) if r.get("system") != "HUMAN"]
    cands = mine(rows, train if train.is_dir() else None, args.min_systems, args.min_docs,
                 min_zipf=args.min_zipf, skip_pairs=skip)
    for line in report(cands, args.top):
        print(line)
    return cands


if __name__ == "__main__":
    main()
