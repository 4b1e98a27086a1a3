"""Paragraphs and sentences for English and Ukrainian news.

English sentences come from pysbd (rule-based, handles "U.S.", "Dr.", "p.m.", "3.5%");
Ukrainian from tokenize-uk (handles "р.", "т. зв.", "грн."). Both are wrapped so that every
sentence is a :class:`Span` with offsets into the paragraph, and a paragraph with no
sentence-final punctuation inside it skips the segmenter entirely (most table rows).
"""
from __future__ import annotations

import re
from functools import lru_cache

from mtqa.model import Span

_BLANK_LINES = re.compile(r"\n[ \t\u00a0]*\n+")
# a sentence end inside the text: . ! ? … (optionally closing quotes/brackets) then space
_INNER_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+\S")


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines; single newlines inside a paragraph become spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paras = []
    for block in _BLANK_LINES.split(text):
        lines = [ln.strip() for ln in block.split("\n")]
        para = " ".join(ln for ln in lines if ln)
        if para:
            paras.append(para)
    return paras


@lru_cache(maxsize=4)
def _english():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def _raw_sentences(text: str, lang: str) -> list[str]:
    if lang == "uk":
        import tokenize_uk

        return tokenize_uk.tokenize_sents(text)
    if lang == "ru":
        import pysbd

        return pysbd.Segmenter(language="ru", clean=False).segment(text)
    return _english().segment(text)


def split_sentences(text: str, lang: str = "en") -> list[Span]:
    """Sentences of one paragraph with [start, end) offsets (trailing spaces excluded)."""
    if not text.strip():
        return []
    if not _INNER_END.search(text):
        return [_trimmed(text, 0, len(text))]
    spans: list[Span] = []
    pos = 0
    for piece in _raw_sentences(text, lang):
        piece = piece.strip()
        if not piece:
            continue
        found = text.find(piece, pos)
        if found < 0:  # the segmenter changed the text: keep the rest as one sentence
            break
        spans.append(_trimmed(text, found, found + len(piece)))
        pos = found + len(piece)
    rest = text[pos:]
    if rest.strip():
        spans.append(_trimmed(text, pos, len(text)))
    return spans


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end])


def word_count(text: str) -> int:
    return len(text.split())
