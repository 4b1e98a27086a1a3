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


WINDOW = 5000  # the segmenters are superlinear in their input: longer text goes window by window


def split_sentences(text: str, lang: str = "en") -> list[Span]:
    """Sentences of one paragraph with [start, end) offsets (trailing spaces excluded).

    Text up to :data:`WINDOW` characters (any news paragraph) goes to the segmenter whole.
    Longer text is segmented in windows of at most that size, cut at a line break where
    there is one; each window's last sentence, which may run on past it, is segmented again
    at the start of the next window, so the time is linear in the length of the text."""
    if not text.strip():
        return []
    if not _INNER_END.search(text):
        return [_trimmed(text, 0, len(text))]
    if len(text) <= WINDOW:
        return [_trimmed(text, a, b) for a, b in _segmented(text, lang)]
    spans: list[Span] = []
    pos = 0
    while pos < len(text):
        end = _window_end(text, pos)
        found = _segmented(text[pos:end], lang) if _INNER_END.search(text, pos, end) else [(0, end - pos)]
        if end < len(text) and text[end - 1] != "\n":
            if len(found) > 1:  # the last sentence may go on past the window: segment it again
                found = found[:-1]
                end = pos + found[-1][1]
        spans.extend(_trimmed(text, pos + a, pos + b) for a, b in found)
        pos = end
    return [s for s in spans if s.text]


def _window_end(text: str, pos: int) -> int:
    """Where the window starting at ``pos`` ends: the text's end, else the last line break in
    the window's second half, else its last space (a word is never cut), else WINDOW chars."""
    end = pos + WINDOW
    if end >= len(text):
        return len(text)
    for stop in ("\n", " "):
        at = text.rfind(stop, pos + WINDOW // 2, end)
        if at >= 0:
            return at + 1
    return end


def _segmented(text: str, lang: str) -> list[tuple[int, int]]:
    """[start, end) of the segmenter's sentences in ``text``; what it changed or left out is
    kept as one sentence at the end."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for piece in _raw_sentences(text, lang):
        piece = piece.strip()
        if not piece:
            continue
        found = text.find(piece, pos)
        if found < 0:  # the segmenter changed the text: keep the rest as one sentence
            break
        spans.append((found, found + len(piece)))
        pos = found + len(piece)
    if text[pos:].strip():
        spans.append((pos, len(text)))
    return spans


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end])


def word_count(text: str) -> int:
    return len(text.split())
