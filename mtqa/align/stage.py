"""Segment and align stage: MT sentences of every paragraph, each tied to the text of every
other role (reference, source, back-translation) through alignment blocks, plus the gaps:
other-role text that nothing in the MT corresponds to.

Folder input: paragraphs are aligned first (1-1, 1-2, 2-1, ... and gaps), then sentences
inside each group of aligned paragraphs. Table input: the row already pairs the texts, so
sentences are aligned inside each row.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np

from mtqa.align.dp import Block, align
from mtqa.model import Article, Paragraph, Part, Span, text_of  # text_of: the stages' reading of a cell
from mtqa.embed.models import MODELS, Embeddings
from mtqa.segment import split_sentences

ROLE_MODEL = {"ref": "minilm", "src": "e5", "bt": "e5"}
OTHER_ROLES = ("ref", "src", "bt")


@dataclass
class Sentence:
    para: int
    index: int
    span: Span  # offsets into the paragraph's MT text
    part: int = 0
    groups: dict[str, int] = field(default_factory=dict)  # role -> group id


@dataclass
class Group:
    """MT sentences aligned together with a block of another role's sentences."""

    role: str
    mt: list[tuple[int, int]]  # (paragraph, sentence) of the MT side
    mt_text: str
    other_text: str
    similarity: float | None
    mt_sentences: list[str] = field(default_factory=list)
    other_sentences: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Gap:
    role: str
    text: str
    para: int  # MT paragraph it is reported on
    offset: int  # where in that paragraph's MT text it would belong
    whole_paragraph: bool


@dataclass
class Aligned:
    article: Article
    paragraphs: list[Paragraph]
    sentences: list[list[Sentence]]
    groups: dict[str, list[Group]] = field(default_factory=dict)
    gaps: list[Gap] = field(default_factory=list)
    other_sentences: dict[str, list[list[Span]]] = field(default_factory=dict)


def _plain(texts: Mapping[str, Any]) -> dict[str, str]:
    return {r: text_of(t) for r, t in texts.items()}


def mt_paragraphs(article: Article) -> list[Paragraph]:
    """The article's MT paragraphs, every role's text a string ('' where a cell was empty)."""
    if article.paragraphs:
        return [Paragraph(p.index, _plain(p.texts), tuple(Part(q.offset, _plain(q.texts), q.line, q.extra)
                                                          for q in p.parts), p.langs, p.sources, p.label)
                for p in article.paragraphs]
    langs = dict(article.langs)
    return [Paragraph(index=i, texts={"mt": t}, parts=(Part(0, {"mt": t}),), langs=langs)
            for i, t in enumerate(article.raw["mt"])]


def segment(article: Article) -> Aligned:
    """Split every MT paragraph (row by row for tables) and every other role into sentences."""
    paras = mt_paragraphs(article)
    lang = article.langs.get("mt", "en")
    sentences = []
    for p in paras:
        sents: list[Sentence] = []
        for k, part in enumerate(p.parts):
            for s in split_sentences(part.texts.get("mt", ""), lang):
                span = Span(s.start + part.offset, s.end + part.offset, s.text)
                sents.append(Sentence(p.index, len(sents), span, k))
        sentences.append(sents)
    out = Aligned(article, paras, sentences)
    for role in OTHER_ROLES:
        if role not in article.langs:
            continue
        rl = article.langs[role]
        if article.kind == "table":
            out.other_sentences[role] = [
                [s for part in p.parts for s in split_sentences(part.texts.get(role, ""), rl)] for p in paras
            ]
        else:
            out.other_sentences[role] = [split_sentences(t, rl) for t in article.raw.get(role, ())]
    return out


def texts_to_embed(al: Aligned) -> dict[str, list[str]]:
    """Every sentence text each model will be asked about, so they can be embedded in bulk."""
    need: dict[str, list[str]] = {}
    for role, paras in al.other_sentences.items():
        model = ROLE_MODEL[role]
        bucket = need.setdefault(model, [])
        bucket.extend(s.span.text for sents in al.sentences for s in sents)
        bucket.extend(s.text for sents in paras for s in sents)
    return need


def align_article(al: Aligned, emb: Embeddings) -> Aligned:
    for role in al.other_sentences:
        if al.article.kind == "table":
            _align_rows(al, role, emb)
        else:
            _align_folder(al, role, emb)
    texts = {role: _paragraph_texts(al, role) for role in al.other_sentences}
    al.paragraphs = [
        Paragraph(index=p.index, texts={"mt": p.mt, **{r: texts[r][p.index] for r in texts}},
                  parts=p.parts, langs=dict(al.article.langs), sources=p.sources, label=p.label)
        for p in al.paragraphs
    ]
    return al


def _vecs(emb: Embeddings, model: str, texts: Sequence[str]) -> list[np.ndarray | None]:
    return [emb.get(model, t) for t in texts]


def _run_dp(emb: Embeddings, role: str, left: Sequence[str], right: Sequence[str]) -> list[Block]:
    model = ROLE_MODEL[role]
    calibrate = MODELS[model].calibrate
    return align(_vecs(emb, model, left), _vecs(emb, model, right),
                 [len(t) for t in left], [len(t) for t in right], calibrate)


def _align_rows(al: Aligned, role: str, emb: Embeddings) -> None:
    for p, sents in zip(al.paragraphs, al.sentences):
        for k, part in enumerate(p.parts):
            mine = [s for s in sents if s.part == k]
            theirs = split_sentences(part.texts.get(role, ""), al.article.langs[role])
            if not theirs and not part.texts.get(role, "").strip():
                continue  # this row has no text of this role: nothing to align, no gap
            _align_sentences(al, role, emb, mine, [t.text for t in theirs], p.index, part.offset)


def _align_folder(al: Aligned, role: str, emb: Embeddings) -> None:
    model = ROLE_MODEL[role]
    other = al.other_sentences[role]
    mt_vecs = [emb.mean(model, [s.span.text for s in sents]) for sents in al.sentences]
    ot_vecs = [emb.mean(model, [s.text for s in sents]) for sents in other]
    raw = al.article.raw[role]
    blocks = align(mt_vecs, ot_vecs, [len(p.mt) for p in al.paragraphs], [len(t) for t in raw],
                   MODELS[model].calibrate)
    last_para: int | None = None  # the MT paragraph before a gap, where its text is reported
    for block in blocks:
        if block.left:
            last_para = block.left[-1]
            for i in block.left:
                p = al.paragraphs[i]
                al.paragraphs[i] = Paragraph(p.index, p.texts, p.parts, p.langs,
                                             {**p.sources, role: tuple(block.right)}, p.label)
        if not block.right:
            continue
        if not block.left:  # a whole paragraph of this role with no MT counterpart
            para = 0 if last_para is None else last_para
            offset = 0 if last_para is None else len(al.paragraphs[para].mt)
            for j in block.right:
                al.gaps.append(Gap(role, raw[j], para, offset, True))
            continue
        mine = [s for i in block.left for s in al.sentences[i]]
        theirs = [s.text for j in block.right for s in other[j]]
        _align_sentences(al, role, emb, mine, theirs, block.left[0], len(al.paragraphs[block.left[0]].mt))


def _align_sentences(al: Aligned, role: str, emb: Embeddings, mine: list[Sentence],
                     theirs: list[str], para: int, empty_offset: int) -> None:
    """Align MT sentences with another role's sentences; ``empty_offset`` is where in
    paragraph ``para`` the other text is reported when there is no MT sentence at all."""
    groups = al.groups.setdefault(role, [])
    if not mine:
        for t in theirs:
            al.gaps.append(Gap(role, t, para, empty_offset, False))
        return
    blocks = _run_dp(emb, role, [s.span.text for s in mine], theirs)
    prev: Sentence | None = None
    for block in blocks:
        if not block.left:
            anchor = prev or mine[0]
            offset = anchor.span.end if prev else anchor.span.start
            for j in block.right:
                al.gaps.append(Gap(role, theirs[j], anchor.para, offset, False))
            continue
        sents = [mine[i] for i in block.left]
        if not block.right:  # MT with no counterpart: no group, so it reads as unaligned
            prev = sents[-1]
            continue
        gid = len(groups)
        other = [theirs[j] for j in block.right]
        groups.append(Group(role, [(s.para, s.index) for s in sents], " ".join(s.span.text for s in sents),
                            " ".join(other), block.similarity, [s.span.text for s in sents], other))
        for s in sents:
            s.groups[role] = gid
        prev = sents[-1]


def _paragraph_texts(al: Aligned, role: str) -> list[str]:
    groups = al.groups.get(role, [])
    out = []
    for sents in al.sentences:
        seen: list[int] = []
        for s in sents:
            g = s.groups.get(role)
            if g is not None and g not in seen:
                seen.append(g)
        out.append(" ".join(groups[g].other_text for g in seen if groups[g].other_text))
    return out
