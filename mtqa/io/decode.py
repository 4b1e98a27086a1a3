"""Turn the bytes of a text file into text, or say clearly why not.

Ukrainian text often arrives as cp1251, with a UTF-8 byte-order mark, or with CRLF line
ends. UTF-8 (with or without BOM) and UTF-16 with a BOM are decoded; bytes that are not
UTF-8 but decode as cp1251 to mostly Cyrillic letters are taken as cp1251 and the decoding
is reported; anything else is refused with the file named.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path


class DecodeError(ValueError):
    pass


_CYR = re.compile(r"[\u0400-\u04ff]")
_LETTER = re.compile(r"[^\W\d_]")
# a word with both Latin and Cyrillic letters: what Latin-1 text looks like read as cp1251
_MIXED_WORD = re.compile(r"[A-Za-z][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z]")


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding) or raise DecodeError naming ``name``."""
    if not data.strip():
        raise DecodeError(f"{name}: file is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, enc = data.decode("utf-16"), "utf-16"
    elif b"\x00" in data:
        raise DecodeError(f"{name}: looks like a binary file (NUL bytes), not text")
    else:
        try:
            text, enc = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError as exc:
            text = _try_cp1251(data)
            if text is None:
                line = data[: exc.start].count(b"\n") + 1
                raise DecodeError(
                    f"{name}:{line}: not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}) "
                    "and not recognisable as cp1251; re-save the file as UTF-8"
                ) from None
            enc = "cp1251"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _control_ratio(text) > 0.05:
        raise DecodeError(f"{name}: looks like a binary file, not text")
    return text, enc


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


def read_text(path: Path) -> tuple[str, str]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DecodeError(f"{path}: cannot read ({exc.strerror})") from None
    return decode_bytes(data, str(path))
