"""GitHub Actions output: workflow-command annotations and a markdown job summary.

``::error file=F,line=L,col=C,title=mtqa QT01::message`` for findings that fail the gate,
``::warning`` for new findings below the threshold, ``::notice`` for the rest of the new
findings and for stale suppressions; baselined and suppressed findings are not annotated.
Lines and columns point into the article's MT file (folder input), the row's line (table),
or the item's line (feed). :class:`Locator` is shared with the SARIF and JSON outputs.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtqa.model import ArticleResult, ParagraphResult
from mtqa.escape import visible

if TYPE_CHECKING:
    from mtqa.gate.verdicts import ArticleVerdict, GateFinding, GateResult

_BLANK = re.compile(r"[ \t\u00a0]*")  # a line like this separates paragraphs (as segment.split_paragraphs)


def paragraph_lines(text: str) -> list[list[tuple[int, int, str]]]:
    """For each paragraph (as ``split_paragraphs`` makes them) its lines as (line number,
    indent, stripped text); the paragraph text is the stripped lines joined by spaces."""
    paragraphs: list[list[tuple[int, int, str]]] = []
    current: list[tuple[int, int, str]] = []
    blank_run = False
    for n, line in enumerate(text.split("\n"), 1):
        if _BLANK.fullmatch(line):
            blank_run = True
            continue
        if blank_run and current:
            paragraphs.append(current)
            current = []
        blank_run = False
        stripped = line.strip()
        if stripped:
            current.append((n, len(line) - len(line.lstrip()), stripped))
    if current:
        paragraphs.append(current)
    return paragraphs


class Locator:
    """Finding offsets -> (line, column), 1-based, in the file an article came from."""

    def __init__(self) -> None:
        self._paragraphs: dict[str, list[list[tuple[int, int, str]]]] = {}
        self._items: dict[str, Any] = {}

    @staticmethod
    def file(a: ArticleResult) -> str:
        path = Path(a.article.path)
        if path.is_absolute():
            try:
                path = path.relative_to(Path.cwd())
            except ValueError:
                pass
        return path.as_posix()

    def _folder(self, path: str) -> list[list[tuple[int, int, str]]]:
        if path not in self._paragraphs:
            from mtqa.io.decode import DecodeError, read_text

            try:
                text, _ = read_text(Path(path))
            except DecodeError:
                text = ""
            self._paragraphs[path] = paragraph_lines(text)
        return self._paragraphs[path]

    def _item(self, a: ArticleResult) -> int:
        from mtqa.io.feed import JSONL_SUFFIXES, item_line, jsonl_lines

        path = a.article.path
        if Path(path).suffix.lower() in JSONL_SUFFIXES:
            if path not in self._items:
                self._items[path] = jsonl_lines(Path(path))
            return self._items[path].get(a.article.id, 1)
        key = (path, a.article.id)
        if key not in self._items:
            self._items[key] = item_line(path, a.article.id) or 1
        return self._items[key]

    def position(self, a: ArticleResult, p: ParagraphResult, offset: int) -> tuple[int, int]:
        if a.article.kind == "table":
            parts = [part for part in p.paragraph.parts if part.offset <= offset] or list(p.paragraph.parts)
            return (parts[-1].line or 1) if parts else 1, 1
        from mtqa.io.folder import NAME

        if not NAME.match(Path(a.article.path).name):
            return self._item(a), 1  # a feed item
        paragraphs = self._folder(a.article.path)
        if p.paragraph.index >= len(paragraphs):
            return 1, 1
        pos = 0
        lines = paragraphs[p.paragraph.index]
        for n, indent, stripped in lines:
            if offset <= pos + len(stripped):
                return n, indent + (offset - pos) + 1
            pos += len(stripped) + 1
        n, indent, stripped = lines[-1]
        return n, indent + len(stripped) + 1

    def article_line(self, a: ArticleResult) -> int:
        if not a.paragraphs:
            return 1
        return self.position(a, a.paragraphs[0], 0)[0]


def _escape_data(text: str) -> str:
    """GitHub's own escapes for line breaks (and %), then every other control character made
    visible (an ESC byte would reach the log as it is)."""
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **props: Any) -> str:
    """One workflow command, e.g. ``::error file=a.txt,line=3,col=5,title=mtqa QT01::message``."""
    bits = ",".join(f"{k}={_escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{kind}{' ' + bits if bits else ''}::{_escape_data(message)}"


def finding_message(g: "GateFinding") -> str:
    f = g.finding
    fix = f" (suggestion: {f.suggestion})" if f.suggestion else ""
    return f"{f.severity.value}: {f.message}{fix} [{f.article} ¶{f.paragraph}, chars {f.start}-{f.end}]"


LEVEL_COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


def annotations(result: "GateResult", locator: Locator | None = None) -> list[str]:
    locator = locator or Locator()
    lines = []
    for v in result.articles:
        lines.extend(_article_annotations(v, locator))
    for e in result.report.errors:
        lines.append(command("error", e.message, file=e.path, line=e.line, title="mtqa input"))
    for reason in result.reasons:
        if "could not be read" not in reason:
            lines.append(command("error", reason, title="mtqa gate"))
    for e in result.stale_suppressions:
        lines.append(command("notice", f"suppression matches no finding any more: {e.describe()}",
                             file=e.source, title="mtqa stale suppression"))
    return lines


def _article_annotations(v: "ArticleVerdict", locator: Locator) -> list[str]:
    a = v.result
    out = []
    paragraphs = {p.paragraph.index: p for p in a.paragraphs}
    for g in v.findings:
        kind = LEVEL_COMMAND.get(g.level)
        if kind is None:
            continue
        p = paragraphs[g.finding.paragraph]
        line, col = locator.position(a, p, g.finding.start)
        end_line, end_col = locator.position(a, p, g.finding.end)
        out.append(command(kind, finding_message(g), file=locator.file(a), line=line, col=col,
                           endColumn=end_col if end_line == line and end_col > col else None,
                           title=f"mtqa {g.finding.code}"))
    for reason in v.reasons:
        if " at or above " in reason:
            continue  # told by the findings' own annotations
        out.append(command("error", f"{a.article.id}: {reason}", file=locator.file(a),
                           line=locator.article_line(a), title="mtqa gate"))
    return out


def render(result: "GateResult", locator: Locator | None = None) -> str:
    return "\n".join([*annotations(result, locator), result.summary_line()]) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def step_summary(result: "GateResult") -> str:
    """Markdown for ``$GITHUB_STEP_SUMMARY``."""
    s = result.summary()
    mark = "✅ passed" if result.passed else "❌ failed"
    lines = [f"## mtqa gate {mark}", "",
             f"{s['articles']} articles, {s['failed']} failed; thresholds: {result.thresholds.describe()}.", "",
             "| | count |", "|---|---:|",
             *(f"| {k} | {s[k]} |" for k in ("findings", "errors", "warnings", "baselined", "suppressed",
                                              "stale_suppressions", "input_errors"))]
    if result.corpus_score is not None:
        lines.append(f"| corpus score | {result.corpus_score:.1f} |")
    failed = result.failed_articles
    if failed:
        lines += ["", "| article | score | why |", "|---|---:|---|"]
        lines += [f"| {_cell(v.id)} | {v.gate_score:.1f} | {_cell('; '.join(v.reasons))} |" for v in failed]
    if result.reasons:
        lines += ["", *(f"- {_cell(r)}" for r in result.reasons)]
    if result.stale_suppressions:
        lines += ["", "Suppressions that match nothing any more:", "",
                  *(f"- {_cell(e.describe())}" for e in result.stale_suppressions)]
    return "\n".join(lines) + "\n"


def append_step_summary(result: "GateResult") -> bool:
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return False
    with open(target, "a", encoding="utf-8") as fh:
        fh.write(step_summary(result))
    return True
