"""One escaping of user-controlled text for terminals and CI logs.

Article ids, paths, MT text and messages built from them reach FAIL and warning lines, error
lines and the text report. A newline there would start a line of its own (which GitHub and
other CI runners read as a workflow command such as ``::error::`` or ``::add-mask::``), and
an ESC or other control byte drives the terminal. :func:`visible` writes each such character
as a visible escape (``\\n``, ``\\r``, ``\\t``, ``\\x1b``, ``\\u2028``), so one record is always
one line and nothing but text reaches the terminal. The ``github`` format percent-encodes line
breaks as GitHub documents (``%0A``) and uses :func:`visible` for the rest.
"""
from __future__ import annotations

import re

# C0 and C1 controls, DEL, line/paragraph separators, bidirectional overrides and isolates
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match[str]) -> str:
    c = m.group()
    return _NAMED.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")


def visible(text: object) -> str:
    """``text`` as one line with every control character written as a visible escape."""
    s = str(text)
    return _CONTROL.sub(_escape, s) if _CONTROL.search(s) else s


def visible_lines(text: str) -> str:
    """Multi-line output of our own (lines joined by ``\\n``) with every other control character
    made visible: for text whose line breaks mtqa put there itself."""
    return "\n".join(visible(line) for line in text.split("\n"))
