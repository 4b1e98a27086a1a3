"""A small hand-made Report for the HTML tests: overlapping and crossing findings, a gap
(zero-width) finding, an unaligned reference paragraph, a 2-1 alignment, Ukrainian text,
a long paragraph, and XSS payloads in texts, messages, suggestions, an article id and the
input path. Built without models."""
from __future__ import annotations

from mtqa.model import (Article, ArticleResult, Finding, Metrics, Paragraph, ParagraphResult, SentenceResult,
                        Severity)
from mtqa.aggregate.records import Report

XSS = {
    "script": "<script>window.__xss=1</script>",
    "img": '<img src=x onerror="window.__xss=1">',
    "textarea": "</textarea><b>not bold</b>",
    "link": '<a href="javascript:window.__xss=1">click me</a>',
    "svg": '"><svg onload="window.__xss=1">',
}
GENERATED = "2026-01-02 03:04 UTC"
DOCS = {"NM01": {"name": "number-mismatch", "summary": "A number is missing or changed."},
        "QT03": {"name": "source-language-quotes", "summary": "Ukrainian quotation marks «…» left in English."},
        "ID01": {"name": "calque", "summary": "A phrase that is Ukrainian word by word."},
        "AL01": {"name": "possible-omission", "summary": "Reference text with no counterpart in the MT."},
        "UT01": {"name": "cyrillic-in-target", "summary": "Cyrillic words left in the translation."}}

LANGS = {"mt": "en", "ref": "en", "src": "uk"}
COURT_MT = (
    "The court obliged LLC «Berehbudinvest» to return 2 hectares in the framework of the law.",
    "Recall that the plot lies in the protective strip of the Dnipro.",
    "The company planned a residential complex. " * 12 + "Супервеликеслово" * 3,
)
COURT_REF = (
    "The court ordered Berehbudinvest LLC to return 2.4 hectares under the law.",
    "The plot lies in the protected coastal strip of the Dnipro.",
    "The prosecutor said the lease broke the Land Code.",  # aligned to nothing: a gap row
    "The company had planned a residential complex. " * 12,
)
COURT_SRC = (
    "Суд зобов’язав ТОВ «Берегбудінвест» повернути 2,4 га в рамках закону.",
    "Нагадаємо, що ділянка лежить у прибережній захисній смузі Дніпра.",
    "Прокурор заявив, що оренда порушила Земельний кодекс.",
    "Компанія планувала житловий комплекс. " * 12,
)
XSS_MT = (
    f"Headline with {XSS['script']} inside",
    f"An image {XSS['img']} and {XSS['textarea']} and {XSS['link']} and {XSS['svg']}.\u2028Next line.",
)


def _f(code, family, mqm, sev, start, end, message, suggestion=None, para=0, article=""):
    return Finding(code, family, mqm, Severity(sev), start, end, message, suggestion, para, article)


def _paragraph(index, texts, sources, findings, score, langs=LANGS):
    p = Paragraph(index, texts, (), langs, sources)
    m = Metrics(chrf=50.0 + index)
    sent = SentenceResult(0, 0, len(texts["mt"]), texts["mt"], {}, m, score, findings)
    return ParagraphResult(p, (sent,), m, score, findings, len(texts["mt"].split()))


def court_findings():
    mt0, mt1, mt2 = COURT_MT
    q0 = mt0.index("«")
    fw = mt0.index("in the framework of")
    return (
        (
            # NM01 covers the quote (QT03 nests inside it) and ends inside ID01 (they cross)
            _f("NM01", "numbers", "Accuracy/Mistranslation", "major", 0, fw + 8, "2.4 in the reference is missing"),
            _f("QT03", "quotes", "Fluency/Punctuation", "major", q0, q0 + 16, "Ukrainian quotes «…» in English",
               "“Berehbudinvest”"),
            _f("ID01", "idiom", "Style/Unidiomatic", "minor", fw, fw + 19, "Calque 'in the framework of'",
               "under"),
        ),
        (
            _f("ID01", "idiom", "Style/Unidiomatic", "critical", 0, 11, "Calque 'Recall that'", ""),
            _f("AL01", "alignment", "Accuracy/Omission", "major", len(mt1), len(mt1),
               "A reference paragraph has no counterpart: 'The prosecutor said the lease broke the Land Code.'",
               "The prosecutor said the lease broke the Land Code."),
        ),
        (
            _f("UT01", "untranslated", "Accuracy/Untranslated text", "major", mt2.index("Супер"),
               len(mt2), "Cyrillic left in the translation", "Superbigword"),
        ),
    )


def make_report(source: str = "corpus/sample</script><script>window.__xss=1</script>") -> Report:
    fc = court_findings()
    court_paras = (
        _paragraph(0, {"mt": COURT_MT[0], "ref": COURT_REF[0], "src": COURT_SRC[0]}, {"ref": (0,), "src": (0,)},
                   fc[0], 41.5),
        _paragraph(1, {"mt": COURT_MT[1], "ref": COURT_REF[1], "src": COURT_SRC[1] + " " + COURT_SRC[2]},
                   {"ref": (1,), "src": (1, 2)}, fc[1], 63.0),
        _paragraph(2, {"mt": COURT_MT[2], "ref": COURT_REF[3], "src": COURT_SRC[3]}, {"ref": (3,), "src": (3,)},
                   fc[2], 88.0),
    )
    court = ArticleResult(
        Article("court-ruling", "corpus/court-ruling.mt.en.txt", LANGS,
                {"mt": COURT_MT, "ref": COURT_REF, "src": COURT_SRC}, tuple(p.paragraph for p in court_paras)),
        court_paras, Metrics(chrf=55.5), 58.2, sum(p.words for p in court_paras))
    x0, x1 = XSS_MT
    xss_id = 'xss-<b>&"\''
    xss_paras = (
        _paragraph(0, {"mt": x0}, {}, (
            _f("QT03", "quotes", "Fluency/Punctuation", "minor", x0.index("<script>"), x0.index(" inside"),
               f"Message with {XSS['script']}", XSS["img"]),), 70.0, {"mt": "en"}),
        _paragraph(1, {"mt": x1}, {}, (
            _f("ID01", "idiom", "Style/Unidiomatic", "major", x1.index("<img"), x1.index(" and"),
               f"Message with {XSS['link']}", XSS["textarea"]),), 80.0, {"mt": "en"}),
    )
    xss = ArticleResult(
        Article(xss_id, "corpus/xss.mt.en.txt", {"mt": "en"}, {"mt": XSS_MT}, tuple(p.paragraph for p in xss_paras)),
        xss_paras, Metrics(), 75.0, sum(p.words for p in xss_paras))
    clean_para = _paragraph(0, {"mt": "A clean paragraph."}, {}, (), 100.0, {"mt": "en"})
    clean = ArticleResult(Article("clean", "corpus/clean.mt.en.txt", {"mt": "en"}, {"mt": ("A clean paragraph.",)},
                                  (clean_para.paragraph,)), (clean_para,), Metrics(), 100.0, clean_para.words)
    return Report(articles=[court, xss, clean], source=source,
                  signatures={"chrf": "chrF2++|nrefs:1|case:mixed|eff:yes|nc:6|nw:2|space:no|version:2.6.0"},
                  config={"disable": [], "quotes": {"style": "curly"}, "note": XSS["script"]})
