"""The small records the quote checks and the fixer share."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] of the paragraph with ``text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Issue:
    """One quote problem in a paragraph, with the edits that would repair it.

    ``fixable`` is False where the repair is a guess (where a missing quote goes, which of two
    clashing marks is wrong); ``mtqa fix`` then reports the place instead of changing it.
    """

    code: str
    start: int
    end: int
    message: str
    edits: tuple[Edit, ...] = ()
    fixable: bool = True
    confidence: float = 1.0
    severity: str | None = None  # overrides the check's default

    def suggestion(self, text: str) -> str | None:
        """The flagged span with this issue's edits applied (None when no repair is known)."""
        if not self.edits:
            return None
        out = text[self.start : self.end]
        for e in sorted(self.edits, key=lambda e: e.start, reverse=True):
            a, b = e.start - self.start, e.end - self.start
            if a < 0 or b > len(out):
                return None
            out = out[:a] + e.text + out[b:]
        return out
