"""Turn the bytes of a text file into text, or say clearly why not.

Ukrainian text often arrives as cp1251, with a UTF-8 byte-order mark, or with CRLF line
ends. UTF-8 (with or without BOM) and UTF-16 with a BOM are decoded; bytes that are not
UTF-8 but decode as cp1251 to mostly Cyrillic letters are taken as cp1251 and the decoding
is reported; anything else is refused with the file, line and column named.

:func:`decode_bytes` decodes a whole file or refuses it (an article file). :func:`decode_lines`
is for tables, where one bad line should cost one row: a file that is UTF-8 except for a few
lines is decoded line by line and the bad lines are named, so the reader can report those
rows and read the rest.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from mtqa.io import ReadError


class DecodeError(ReadError):
    """The file cannot be read as text."""


@dataclass(frozen=True)
class Decoded:
    """A table's text (line ends normalised to ``\\n``) and the lines that are not text:
    line number -> why. A bad line's text holds U+FFFD where its bad bytes were, so the
    line count and the other fields of the line stay as they were."""

    text: str
    encoding: str
    bad_lines: dict[int, str] = field(default_factory=dict)


_CYR = re.compile(r"[\u0400-\u04ff]")
_LETTER = re.compile(r"[^\W\d_]")
# a word with both Latin and Cyrillic letters: what Latin-1 text looks like read as cp1251
_MIXED_WORD = re.compile(r"[A-Za-z][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z]")
_NOT_UTF8_HINT = "re-save the file as UTF-8"
NUL = b"\x00"


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding) of a whole file or raise DecodeError naming ``name``."""
    decoded = _decode(data, name, per_line=False)
    return decoded.text, decoded.encoding


def decode_lines(data: bytes, name: str) -> Decoded:
    """Like :func:`decode_bytes`, but a file that is UTF-8 apart from at most half of its
    lines is decoded line by line, its bad lines listed in ``bad_lines``; a file in a legacy
    encoding as a whole (cp1251) is decoded as in :func:`decode_bytes`."""
    return _decode(data, name, per_line=True)


def _decode(data: bytes, name: str, per_line: bool) -> Decoded:
    if not data.strip():
        raise DecodeError(name, "file is empty")
    bad: dict[int, str] = {}
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, enc = _utf16(data, name), "utf-16"
    else:
        if b"\x00" in data:  # binary, unless a table has a few lines with NUL bytes: those rows are lost
            bad = _nul_lines(data, name) if per_line else {}
            if not bad:
                raise DecodeError(name, "looks like a binary file (NUL bytes), not text")
            data = data.replace(b"\x00", "\ufffd".encode())
        bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
        try:
            text, enc = data[bom:].decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, enc, more = _not_utf8(data, bom, name, per_line)
            bad = {**bad, **more} if enc == "utf-8" else {}
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _control_ratio(text) > 0.05:
        raise DecodeError(name, "looks like a binary file, not text")
    return Decoded(text, enc, bad)


def _nul_lines(data: bytes, name: str) -> dict[int, str]:
    """Lines holding NUL bytes (line -> why) when they are at most half of the non-blank
    lines (a table with a stray NUL), else {} (a binary file)."""
    lines = data.splitlines()
    bad = {n: f"NUL byte at byte {raw.find(NUL) + 1} of the line (not text)"
           for n, raw in enumerate(lines, 1) if NUL in raw}
    nonblank = sum(1 for raw in lines if raw.strip())
    return bad if 2 * len(bad) <= nonblank else {}


def _utf16(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError as exc:  # the position counts the byte-order mark
        before = data[: exc.start - exc.start % 2].decode("utf-16", errors="replace")
        line = before.count("\n") + 1
        raise DecodeError(name, f"not valid UTF-16 (byte offset {exc.start} in the file)", line) from None


def _not_utf8(data: bytes, bom: int, name: str, per_line: bool) -> tuple[str, str, dict[int, str]]:
    """Text of bytes that are not UTF-8 as a whole: cp1251, UTF-8 line by line, or an error."""
    lines = _lines(data, bom)
    bad = {n: why for n, (_, why) in enumerate(lines, 1) if why}
    nonblank = sum(1 for raw, _ in lines if raw.strip())
    utf8_lines = sum(1 for raw, why in lines if not why and max(raw, default=0) >= 0x80)
    few_bad = 2 * len(bad) <= nonblank
    # lines that are UTF-8 with non-ASCII letters almost never occur in cp1251 text (its
    # lower-case Cyrillic letters are not valid UTF-8 next to each other): such a file is UTF-8
    looks_utf8 = bool(bom) or utf8_lines >= len(bad)
    if not looks_utf8:
        text = _try_cp1251(data)
        if text is not None:
            return text, "cp1251", {}
    if per_line and few_bad:  # UTF-8 with a few bad lines: the reader reports them
        return _join(lines), "utf-8", bad
    first = min(bad)
    more = f"; {len(bad) - 1} more line(s) like it" if len(bad) > 1 else ""
    why = ("the other lines are UTF-8" if utf8_lines else
           "the file starts with a UTF-8 byte-order mark" if bom else "not recognisable as cp1251")
    raise DecodeError(name, f"{bad[first]}{more} ({why}); {_NOT_UTF8_HINT}", first)


def _lines(data: bytes, bom: int) -> list[tuple[bytes, str]]:
    """(line bytes, why it is not UTF-8 or ""), one per line as the text will count them."""
    out = []
    offset = 0
    for raw in data.splitlines(keepends=True):
        content = raw.rstrip(b"\r\n")
        start = bom if offset == 0 else 0  # the byte-order mark is not part of line 1's text
        try:
            content[start:].decode("utf-8")
            why = ""
        except UnicodeDecodeError as exc:
            column = len(content[start : start + exc.start].decode("utf-8")) + 1
            why = (f"not UTF-8 (byte 0x{content[start + exc.start]:02x} at column {column}, "
                   f"byte offset {offset + start + exc.start} in the file)")
        out.append((content[start:], why))
        offset += len(raw)
    return out


def _join(lines: list[tuple[bytes, str]]) -> str:
    return "\n".join(raw.decode("utf-8", errors="replace") for raw, _ in lines)


def _try_cp1251(data: bytes) -> str | None:
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        return None
    letters = _LETTER.findall(text)
    cyrillic = sum(1 for c in letters if _CYR.match(c))
    if not letters or cyrillic / len(letters) < 0.3 or _MIXED_WORD.search(text):
        return None
    return text


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for c in text if ord(c) < 32 and c not in "\n\t")
    return bad / len(text)


def _read(path: Path) -> bytes:
    from mtqa.io.regular import read_regular

    try:
        return read_regular(path)
    except OSError as exc:
        raise DecodeError(str(path), f"cannot read ({exc.strerror})") from None


def read_text(path: Path) -> tuple[str, str]:
    return decode_bytes(_read(path), str(path))


def read_lines(path: Path) -> Decoded:
    """:func:`decode_lines` of a file (tables)."""
    return decode_lines(_read(path), str(path))
