"""Score stage: the metrics of every MT sentence, table row, paragraph and article against what
alignment tied it to. Embedding similarities use mean sentence vectors, so nothing is
embedded twice."""
from __future__ import annotations

from dataclasses import replace
from typing import Mapping, Sequence

from mtqa.align.stage import ROLE_MODEL, Aligned, Group, Sentence
from mtqa.model import Metrics, ParagraphResult, Part
from mtqa.scoring import features, learned
from mtqa.embed.models import Embeddings, cosine
from mtqa.scoring.metrics import Scorer


def _sim(emb: Embeddings, model: str, left: Sequence[str], right: Sequence[str]) -> float | None:
    if not left or not right:
        return None
    c = cosine(emb.mean(model, left), emb.mean(model, right))
    return None if c is None else round(c, 4)


def _metrics(al: Aligned, emb: Embeddings, scorer: Scorer, mt: list[str],
             other: dict[str, list[str]], pairs: Sequence[tuple[str, str]] | None = None,
             row: Mapping[str, str] | None = None, with_features: bool = True) -> Metrics:
    """Metrics of MT sentences against the other roles' sentences. With ``pairs`` (the
    aligned blocks), chrF++/BLEU/TER are corpus scores over the blocks. ``features``: the
    signals of :mod:`mtqa.scoring.features` (for sentences and table rows, which are scored),
    token matching included: the MT text against the reference text, the same (block or
    row) pairs chrF++ is computed on, which the pipeline prepares in bulk."""
    values: dict[str, float | None] = {}
    mt_text = " ".join(mt)
    ref = other.get("ref")
    if pairs and len(pairs) == 1:
        values.update(scorer.sentence(*pairs[0]))
    elif pairs:
        values.update(scorer.corpus(pairs))
    elif ref:
        values.update(scorer.sentence(mt_text, " ".join(ref)))
    if ref:
        values["similarity"] = _sim(emb, "minilm", mt, ref)
    src = other.get("src")
    if src:
        values["src_similarity"] = _sim(emb, "e5", mt, src)
    bt = other.get("bt")
    if bt and src:
        values["bt_chrf"] = scorer.chrf(" ".join(bt), " ".join(src))
        values["bt_similarity"] = _sim(emb, "e5", bt, src)
    m = Metrics(**values)
    if not with_features:
        return m
    texts = {r: " ".join(t) for r, t in other.items()}
    if row:  # a table row: its own texts, unaligned parts included
        mt_text = row.get("mt", "")
        texts.update({r: t for r, t in row.items() if r != "mt" and t.strip()})
    src_lang = al.article.langs.get("src")
    feats = features.extract(mt_text, texts.get("ref"), texts.get("src"), texts.get("bt"), m, src_lang)
    if "chrf" in feats and texts.get("ref", "").strip():
        match = emb.token_match(mt_text, texts["ref"])
        if match is not None:
            feats["tok_precision"], feats["tok_recall"] = match
            # the vectors of the same two texts, each encoded whole (as in training)
            value = learned.score(emb.get("minilm", mt_text), emb.get("minilm", texts["ref"]), m.chrf, m.bleu, match)
            if value is not None:
                feats["learned"] = value
    pair = f"{src_lang}-{al.article.langs.get('mt', 'en')}" if src_lang else None
    return replace(m, features=feats, pair=pair)


def _group(al: Aligned, role: str, s: Sentence) -> Group | None:
    g = s.groups.get(role)
    return None if g is None else al.groups[role][g]


def sentence_metrics(al: Aligned, s: Sentence, emb: Embeddings, scorer: Scorer) -> Metrics:
    """Metrics of the alignment block that holds this sentence (its own, for a 1-1 block)."""
    ref = _group(al, "ref", s)
    mt = ref.mt_sentences if ref else [s.span.text]
    other = {r: g.other_sentences for r in ROLE_MODEL if (g := _group(al, r, s)) is not None}
    return _metrics(al, emb, scorer, mt, other)


def row_pairs(parts: Sequence[Part]) -> list[tuple[str, str]]:
    """Table input: the (MT, reference) pair of each row that has a reference, as the table
    gives it. A row whose reference cell is empty has no reference: it is scored without one
    and left out of the reference metrics of its paragraph, article and run (an empty MT
    against a reference stays in: it scores 0)."""
    return [(p.texts.get("mt", ""), p.texts["ref"]) for p in parts if p.texts.get("ref", "").strip()]


def ref_pairs(al: Aligned, sents: Sequence[Sentence], gaps: Sequence[str] = ()) -> list[tuple[str, str]]:
    """Folder input: the (MT, reference) blocks of these sentences: aligned blocks, MT
    sentences with no reference ('' on the right) and reference text with no MT (``gaps``,
    '' on the left)."""
    if "ref" not in al.other_sentences:
        return []
    pairs, seen = [], set()
    for s in sents:
        g = s.groups.get("ref")
        if g is None:
            pairs.append((s.span.text, ""))
        elif g not in seen:
            seen.add(g)
            pairs.append((al.groups["ref"][g].mt_text, al.groups["ref"][g].other_text))
    pairs.extend(("", t) for t in gaps)
    return pairs if any(r for _, r in pairs) else []


def block_metrics(al: Aligned, sents: Sequence[Sentence], emb: Embeddings, scorer: Scorer,
                  pairs: Sequence[tuple[str, str]] = (), row: Mapping[str, str] | None = None) -> Metrics:
    """Metrics of several MT sentences (a paragraph, a table row) against everything aligned
    to them; chrF++/BLEU/TER are corpus scores over their aligned blocks (``pairs``). For a
    table row, ``row`` gives its own texts, from which its signals are computed."""
    other: dict[str, list[str]] = {}
    for role in ROLE_MODEL:
        seen: list[int] = []
        for s in sents:
            g = s.groups.get(role)
            if g is not None and g not in seen:
                seen.append(g)
        texts = [t for g in seen for t in al.groups[role][g].other_sentences]
        if texts:
            other[role] = texts
    return _metrics(al, emb, scorer, [s.span.text for s in sents], other, pairs, row, row is not None)


def article_metrics(al: Aligned, paragraphs: Sequence[ParagraphResult], scorer: Scorer) -> Metrics:
    """Corpus chrF++/BLEU/TER over the article's aligned blocks; similarities word-weighted."""
    pairs = [pair for r in paragraphs for pair in r.pairs]
    values: dict[str, float | None] = dict(scorer.corpus(pairs)) if pairs else {}
    for name in ("similarity", "src_similarity", "bt_chrf", "bt_similarity"):
        got = [(getattr(r.metrics, name), r.words) for r in paragraphs if getattr(r.metrics, name) is not None]
        if got:
            values[name] = round(sum(v * w for v, w in got) / max(1, sum(w for _, w in got)), 4)
    return Metrics(**values)
