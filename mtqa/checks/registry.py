"""Checks as small registered units.

A check is a function over a :class:`Context` (one MT paragraph with everything aligned to
it) that yields :class:`Hit` objects; the registry turns hits into :class:`Finding` objects
carrying the check's stable code, family, MQM category and severity. A check never raises
on odd text: the pipeline turns an exception into an internal-error finding.

Every check documents itself in its docstring (what it does, why it matters, example, use
instead) and carries ``fail`` and ``passes`` examples, which the test suite runs.
"""
from __future__ import annotations

import difflib
import inspect
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Union

from mtqa.config import CODE_LOOKUP
from mtqa.model import Article, Finding, Metrics, Paragraph, Severity

Example = Union[str, Mapping[str, Any]]


@dataclass(frozen=True)
class SentenceView:
    """An MT sentence as checks see it: offsets into the paragraph's MT text."""

    index: int
    start: int
    end: int
    text: str
    aligned: Mapping[str, str]  # role -> aligned text (missing key: the role has no counterpart)
    metrics: Metrics
    block: Mapping[str, str] = field(default_factory=dict)  # role -> MT text of the alignment block


@dataclass(frozen=True)
class Context:
    paragraph: Paragraph
    sentences: tuple[SentenceView, ...]
    article: Article
    article_mt: tuple[str, ...]  # the MT text of every paragraph of the article, in order
    options: Mapping[str, Any] = field(default_factory=dict)  # this family's config table
    gaps: tuple[Mapping[str, Any], ...] = ()  # unaligned text of other roles near here

    @property
    def text(self) -> str:
        return self.paragraph.mt

    def has(self, role: str) -> bool:
        return bool(self.paragraph.texts.get(role, "").strip())

    def aligned(self, role: str) -> str:
        return self.paragraph.texts.get(role, "")


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    message: str
    suggestion: str | None = None
    severity: Severity | None = None  # overrides the check's default
    confidence: float = 1.0


CheckFn = Callable[[Context], Iterable[Hit]]
CODE_RE = re.compile(r"^[A-Z]{2}\d{2}$")


@dataclass(frozen=True)
class Check:
    code: str
    name: str
    family: str
    mqm: str
    severity: Severity
    fn: CheckFn
    needs: tuple[str, ...] = ()  # roles that must be present (any of them) for the check to run
    fail: tuple[Example, ...] = ()
    passes: tuple[Example, ...] = ()
    pipeline: bool = False  # examples need the whole pipeline (alignment, models)
    table: str = ""  # config table of its options (default: the family name)

    @property
    def options_table(self) -> str:
        return self.table or self.family

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.fn.__doc__ or "")

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else ""

    def applies(self, ctx: Context) -> bool:
        return not self.needs or any(ctx.has(r) for r in self.needs)

    def run(self, ctx: Context) -> list[Finding]:
        if not self.applies(ctx):
            return []
        out = []
        for hit in self.fn(ctx):
            out.append(
                Finding(
                    code=self.code,
                    family=self.family,
                    mqm=self.mqm,
                    severity=hit.severity or self.severity,
                    start=hit.start,
                    end=hit.end,
                    message=hit.message,
                    suggestion=hit.suggestion,
                    paragraph=ctx.paragraph.index,
                    article=ctx.article.id,
                    confidence=hit.confidence,
                )
            )
        return out


REGISTRY: dict[str, Check] = {}


def check(
    *,
    code: str,
    name: str,
    family: str,
    mqm: str,
    severity: str,
    needs: tuple[str, ...] = (),
    fail: Iterable[Example] = (),
    passes: Iterable[Example] = (),
    pipeline: bool = False,
    table: str = "",
) -> Callable[[CheckFn], CheckFn]:
    """Register ``fn`` as the check ``code``. Codes are stable and never reused."""

    def register(fn: CheckFn) -> CheckFn:
        if not CODE_RE.match(code):
            raise ValueError(f"check code {code!r} must be two capital letters and two digits")
        if code in REGISTRY:
            raise ValueError(f"check code {code} registered twice")
        REGISTRY[code] = Check(
            code=code,
            name=name,
            family=family,
            mqm=mqm,
            severity=Severity.parse(severity),
            fn=fn,
            needs=tuple(needs),
            fail=tuple(fail),
            passes=tuple(passes),
            pipeline=pipeline,
            table=table,
        )
        return fn

    return register


def all_checks() -> dict[str, Check]:
    """Every registered check, importing the check modules on first use."""
    from mtqa.checks import load_all

    load_all()
    return dict(sorted(REGISTRY.items()))


def find(code_or_name: str) -> Check | None:
    checks = all_checks()
    key = code_or_name.strip()
    if key.upper() in checks:
        return checks[key.upper()]
    for c in checks.values():
        if c.name == key.lower():
            return c
    return None


def short(text: str, n: int = 80) -> str:
    """``text`` cut to ``n`` characters with an ellipsis, for quoting it in a message."""
    return text if len(text) <= n else text[: n - 1] + "…"


def unknown(code_or_name: str) -> str:
    """Why ``code_or_name`` names no check, with the nearest codes or names and the codes of
    the family it seems to mean: "no check 'QT99' (did you mean QT09? quotes codes: QT01-QT13)"."""
    checks = all_checks()
    key = str(code_or_name).strip()
    near = difflib.get_close_matches(key.upper(), list(checks), n=3, cutoff=0.75)
    near += difflib.get_close_matches(key.lower(), [c.name for c in checks.values()], n=3, cutoff=0.75)
    hints = [f"did you mean {' or '.join(near)}?"] if near else []
    family = next((c.family for c in checks.values() if key.lower() == c.family or key[:2].upper() == c.code[:2]), None)
    if family:
        codes = [c.code for c in checks.values() if c.family == family]
        lead = f"{family!r} is a family, its" if key.lower() == family else family
        hints.append(f"{lead} codes: {codes[0]}-{codes[-1]}")
    return f"no check {key!r}" + (f" ({' '.join(hints)})" if hints else "") + "; `mtqa checks` lists them"


def _code_problem(code_or_name: str) -> str | None:
    """What is wrong with a check code or name given in config or on the command line."""
    return unknown(code_or_name) if find(code_or_name) is None else None


if _code_problem not in CODE_LOOKUP:
    CODE_LOOKUP.append(_code_problem)
