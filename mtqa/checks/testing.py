"""Build a check :class:`Context` from plain strings, without models: for rule-only checks,
their examples and their tests. Checks that need scores are tested through the pipeline."""
from __future__ import annotations

from typing import Any, Mapping

from mtqa.config import Config
from mtqa.model import Article, Metrics, Paragraph, Part
from mtqa.segment import split_sentences
from mtqa.checks.registry import Check, Context, SentenceView

DEFAULT_LANGS = {"mt": "en", "ref": "en", "src": "uk", "bt": "uk"}


def make_context(
    mt: str,
    *,
    ref: str = "",
    src: str = "",
    bt: str = "",
    article_mt: tuple[str, ...] | None = None,
    index: int | None = None,
    options: Mapping[str, Any] | None = None,
    langs: Mapping[str, str] | None = None,
) -> Context:
    """A context for one MT paragraph. ``article_mt`` gives the whole article's MT paragraphs
    (default: just this one) and ``index`` where this paragraph stands in it."""
    langs = dict(DEFAULT_LANGS if langs is None else langs)
    texts = {"mt": mt, "ref": ref, "src": src, "bt": bt}
    article_mt = tuple(article_mt) if article_mt is not None else (mt,)
    index = article_mt.index(mt) if index is None and mt in article_mt else (index or 0)
    para = Paragraph(index=index, texts=texts, parts=(Part(0, texts),), langs=langs)
    article = Article(
        id="example", path="example", langs=langs,
        raw={r: (t,) for r, t in texts.items() if t}, paragraphs=(para,),
    )
    sentences = tuple(
        SentenceView(i, s.start, s.end, s.text, {k: v for k, v in texts.items() if k != "mt"}, Metrics())
        for i, s in enumerate(split_sentences(mt, langs.get("mt", "en")))
    )
    return Context(para, sentences, article, article_mt, dict(options or {}))


def example_context(check: Check, example: Any, config: Config | None = None) -> Context:
    """The context for one of a check's ``fail``/``passes`` examples (a string is MT only)."""
    options = (config or Config()).table(check.options_table)
    if isinstance(example, str):
        return make_context(example, options=options)
    ex = dict(example)
    opts = {**options, **ex.pop("options", {})}
    return make_context(ex.pop("mt"), options=opts, **ex)
