"""JUnit XML: one test case per article (failed when the gate fails it, the failure listing
its findings with paragraph and character position), one for the corpus thresholds, and one
error case per input that could not be read. GitLab, Jenkins and most CI servers show it."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from mtqa.escape import visible

if TYPE_CHECKING:
    from mtqa.gate.verdicts import ArticleVerdict, GateFinding, GateResult

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    """Text XML can hold (user text has been through :func:`visible` already; the line breaks
    left are the report's own)."""
    return _INVALID_XML.sub("\ufffd", text)


def finding_line(g: "GateFinding", where: str = "") -> str:
    f = g.finding
    fix = f" -> {f.suggestion}" if f.suggestion else ""
    at = f" ({where})" if where else ""
    return (f"{f.code} {f.severity.value} paragraph {f.paragraph} chars {f.start}-{f.end}{at}: "
            f"{visible(f.message + fix)}\n    \"{visible(g.text)}\"")


def _testcase(suite: ET.Element, v: "ArticleVerdict", locator) -> bool:
    a = v.result
    case = ET.SubElement(suite, "testcase", classname="mtqa.gate", name=_clean(visible(v.id)), file=_clean(visible(a.article.path)),
                         time="0")
    paragraphs = {p.paragraph.index: p for p in a.paragraphs}

    def where(g: "GateFinding") -> str:
        if locator is None:
            return ""
        line, col = locator.position(a, paragraphs[g.finding.paragraph], g.finding.start)
        return f"line {line}, col {col}"

    if not v.passed:
        failing = v.at("error")
        body = "\n".join(finding_line(g, where(g)) for g in failing)
        header = f"score {v.gate_score:.1f}, {a.words} words"
        reasons = [visible(r) for r in v.reasons]
        failure = ET.SubElement(case, "failure", message=_clean("; ".join(reasons)), type="mtqa.gate")
        failure.text = _clean("\n".join(x for x in (header, *reasons, "", body) if x is not None))
    others = [g for g in v.findings if g.level != "error"]
    if others:
        out = ET.SubElement(case, "system-out")
        out.text = _clean("\n".join(f"[{g.status}/{g.level}] {finding_line(g, where(g))}" for g in others))
    return not v.passed


def render(result: "GateResult", locator=None) -> str:
    th = result.thresholds
    suite = ET.Element("testsuite", name="mtqa gate")
    props = ET.SubElement(suite, "properties")
    for k, val in th.as_config().items():
        ET.SubElement(props, "property", name=k, value=str(val))
    failures = sum(_testcase(suite, v, locator) for v in result.articles)
    tests = len(result.articles)
    corpus_reasons = [visible(r) for r in result.reasons if "could not be read" not in r]
    if th.min_corpus_score:
        tests += 1
        case = ET.SubElement(suite, "testcase", classname="mtqa.gate", name="corpus", time="0")
        if corpus_reasons:
            failures += 1
            ET.SubElement(case, "failure", message=_clean("; ".join(corpus_reasons)), type="mtqa.gate").text = \
                _clean("\n".join(corpus_reasons))
    errors = 0
    for e in result.report.errors:
        tests += 1
        errors += 1
        case = ET.SubElement(suite, "testcase", classname="mtqa.input", name=_clean(visible(e.path)), time="0")
        ET.SubElement(case, "error", message=_clean(visible(e.message)), type="mtqa.input").text = _clean(visible(e))
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", "0")
    root = ET.Element("testsuites", name="mtqa", tests=str(tests), failures=str(failures), errors=str(errors))
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
