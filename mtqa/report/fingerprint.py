"""Stable fingerprints of findings, for baselines and suppressions.

A finding is identified by its article, its check code and the text around it (the flagged
span with up to 24 characters on each side, whitespace folded), not by offsets, so edits
elsewhere in the article do not break the match. The same fingerprint is used by the CI
gate's baseline and by the suppressions file exported from the HTML report.
"""
from __future__ import annotations

import hashlib
import re

CONTEXT = 24
_SPACE = re.compile(r"\s+")


def fingerprint(article: str, code: str, text: str, start: int, end: int) -> str:
    """Hex fingerprint of a finding with offsets [start, end) into ``text`` (its MT paragraph)."""
    window = text[max(0, start - CONTEXT): end + CONTEXT]
    flagged = text[start:end]
    key = "\x1f".join([article, code, _SPACE.sub(" ", flagged).strip(), _SPACE.sub(" ", window).strip()])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
