"""A feed of translated items: JSON Lines, RSS 2.0 or Atom. One item is one article.

* JSON Lines (``.jsonl``/``.ndjson`` whose objects carry ``id`` and ``mt`` and no document
  column): ``id``, ``mt`` and optional ``ref``, ``src``, ``bt``, ``url``, ``published``
  (these two are carried to the JSON output and the HTML report);
  paragraphs are split on blank lines (text that looks like HTML is converted as below).
  When an id occurs twice, the later line wins (an updated item appended to the feed).
* RSS 2.0 (``<item>``: ``guid``/``link``, ``title``, ``content:encoded`` or ``description``,
  ``pubDate``, made ISO 8601) and Atom (``<entry>``: ``id``, ``title``, ``content`` or
  ``summary``, ``link``, ``published``/``updated``); the link and date are carried as ``url``
  and ``published``. The item's title is its first paragraph; HTML content becomes
  paragraphs at ``<p>``, ``<br>``, headings, list items and other blocks, entities decoded,
  scripts and styles dropped. XML with a DTD or entity declarations is refused, wherever
  the DOCTYPE stands (:mod:`mtqa.io.xmlsafe`).

Articles have the folder reader's shape (``raw`` role -> paragraphs, ``kind="folder"``), so
the pipeline scores them unchanged; the batch's kind is ``"feed"``.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from mtqa.model import Article, InputError
from mtqa.segment import split_paragraphs
from mtqa.io import Batch, ReadError
from mtqa.io.decode import DecodeError, decode_bytes, read_lines
from mtqa.io.regular import read_regular
from mtqa.io.table import jsonl_rows
from mtqa.io.xmlsafe import XMLRefused, parse_xml

XML_SUFFIXES = (".rss", ".atom", ".xml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
ROLES = ("mt", "ref", "src", "bt")
DOC_COLUMNS = ("doc_id", "doc", "document")
META = ("url", "published")  # what an item may say about itself, carried to the outputs
LANGS = {"mt": "en", "ref": "en", "src": "uk", "bt": "uk"}
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
ATOM_NS = "http://www.w3.org/2005/Atom"


class FeedError(ReadError):
    """The feed as a whole cannot be read."""


def is_feed(path: Path) -> bool:
    """XML feeds by suffix; JSON Lines when the first object has ``id`` and ``mt`` and no
    document column (otherwise it is a table of segments), or when it holds no line at all."""
    suffix = path.suffix.lower()
    if not path.is_file():
        return False
    if suffix in XML_SUFFIXES:
        return True
    if suffix not in JSONL_SUFFIXES:
        return False
    try:
        with path.open("rb") as fh:
            for raw in fh:
                if raw.strip():
                    obj = json.loads(raw.decode("utf-8-sig", errors="replace"))  # a bad byte is the reader's to report
                    return isinstance(obj, dict) and "id" in obj and "mt" in obj and not any(c in obj for c in DOC_COLUMNS)
    except (OSError, ValueError, RecursionError):
        return False
    return True  # no item at all: an empty feed (a cron job's quiet day), not a table


def read_feed(path: Path) -> Batch:
    """The feed's articles and item errors; FeedError when it is unreadable as a whole."""
    if path.suffix.lower() in JSONL_SUFFIXES:
        return read_jsonl_feed(path)
    return read_xml_feed(path)


# ---- HTML -> paragraphs ------------------------------------------------------------------

BLOCKS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "pre",
          "section", "article", "header", "footer", "figure", "figcaption", "table", "tr", "td", "th",
          "hr", "dd", "dt", "dl", "aside", "main", "nav", "address"}
DROP = {"script", "style", "noscript", "template", "iframe", "object", "svg", "head"}
_HTML_HINT = re.compile(r"<(?:p|br|div|h[1-6]|li|blockquote)\b[^>]*>", re.I)


class _Paragraphs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.dropping = 0

    def _break(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.paragraphs.append(text)
        self.current = []

    @staticmethod
    def _name(tag: str) -> str:
        return tag.rsplit(":", 1)[-1].lower()

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        name = self._name(tag)
        if name in DROP:
            self.dropping += 1
        elif name in BLOCKS:
            self._break()

    def handle_startendtag(self, tag: str, attrs: Any) -> None:
        if self._name(tag) in BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        name = self._name(tag)
        if name in DROP:
            self.dropping = max(0, self.dropping - 1)
        elif name in BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.current.append(data)


def html_paragraphs(html: str) -> list[str]:
    """Paragraphs of an HTML fragment: text between block tags, whitespace folded."""
    parser = _Paragraphs()
    parser.feed(html)
    parser.close()
    parser._break()
    return parser.paragraphs


def text_paragraphs(text: str) -> list[str]:
    return html_paragraphs(text) if _HTML_HINT.search(text) else split_paragraphs(text)


# ---- JSON Lines --------------------------------------------------------------------------

def _langs(raw: dict[str, tuple[str, ...]]) -> dict[str, str]:
    from mtqa.io.table import guess_language

    out = {}
    for role in raw:
        out[role] = guess_language(raw[role]) if role in ("src", "bt") else LANGS[role]
    return out


def read_jsonl_feed(path: Path) -> Batch:
    try:
        if not read_regular(path).strip():
            return Batch(kind="feed")  # no items today
        decoded = read_lines(path)
    except OSError as exc:
        raise FeedError(path, f"cannot read ({exc.strerror})") from None
    except DecodeError as exc:
        raise FeedError(path, exc.reason, exc.line) from None
    items: dict[str, tuple[dict[str, tuple[str, ...]], dict[str, str]]] = {}
    _, rows, errors = jsonl_rows(decoded.text, str(path), decoded.bad_lines)
    for row in rows:
        n, obj = row.line, row.values
        item_id = obj.get("id")
        if item_id is None or str(item_id).strip() == "":
            errors.append(InputError(str(path), n, "item has no 'id'"))
            continue
        raw: dict[str, tuple[str, ...]] = {}
        for role in ROLES:
            value = obj.get(role)
            if isinstance(value, str) and value.strip():
                raw[role] = tuple(text_paragraphs(value))
            elif value is not None and not isinstance(value, str):
                errors.append(InputError(str(path), n, f"'{role}' should be a string"))
        if not raw.get("mt"):
            errors.append(InputError(str(path), n, f"item '{item_id}' has no MT text ('mt')"))
            continue
        meta = {}
        for key in META:
            value = obj.get(key)
            if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
                meta[key] = str(value).strip()
            elif value is not None:
                errors.append(InputError(str(path), n, f"'{key}' should be a string (left out)"))
        items.pop(str(item_id), None)  # a later version of an item replaces the earlier one
        items[str(item_id)] = (raw, meta)
    batch = Batch(kind="feed", errors=errors)
    for item_id, (raw, meta) in items.items():
        batch.articles.append(Article(id=item_id, path=str(path), langs=_langs(raw), raw=raw, kind="folder",
                                      meta=meta))
    return batch


# ---- RSS 2.0 / Atom ----------------------------------------------------------------------

def _parse_xml(path: Path) -> ET.Element:
    try:
        data = read_regular(path)
    except OSError as exc:
        raise FeedError(path, f"cannot read ({exc.strerror})") from None
    if not data.strip():
        raise FeedError(path, "file is empty")
    try:
        return parse_xml(data)
    except XMLRefused as exc:
        raise FeedError(path, exc.reason, exc.line) from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(el: ET.Element | None) -> str:
    return "".join(el.itertext()).strip() if el is not None else ""


def _atom_content(el: ET.Element | None) -> list[str]:
    if el is None:
        return []
    kind = (el.get("type") or "text").lower()
    if kind == "xhtml":
        inner = "".join(ET.tostring(c, encoding="unicode") for c in el)
        return html_paragraphs((el.text or "") + inner)
    if kind in ("html", "text/html"):
        return html_paragraphs(el.text or "")
    return split_paragraphs(_text(el))


def _iso_date(text: str) -> str:
    """An RSS date (RFC 822, "Tue, 02 Jan 2024 10:00:00 GMT") as ISO 8601, like Atom's; a date
    that does not parse is kept as written."""
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(text).isoformat() if text.strip() else ""
    except (TypeError, ValueError, IndexError):
        return text


def _atom_link(entry: ET.Element) -> str:
    """The entry's web address: its ``rel="alternate"`` link (the default rel), else any link."""
    links = entry.findall(f"{{{ATOM_NS}}}link")
    for link in links:
        if (link.get("rel") or "alternate") == "alternate" and link.get("href"):
            return link.get("href", "")
    return next((link.get("href", "") for link in links if link.get("href")), "")


def read_xml_feed(path: Path) -> Batch:
    root = _parse_xml(path)
    errors: list[InputError] = []
    lines = item_lines(path)
    items: dict[str, tuple[list[str], dict[str, str]]] = {}
    if root.tag == "rss":
        entries = root.iter("item")
        atom = False
    elif root.tag == f"{{{ATOM_NS}}}feed":
        entries = root.iter(f"{{{ATOM_NS}}}entry")
        atom = True
    else:
        raise FeedError(path, f"not an RSS 2.0 or Atom feed (root element <{_local(root.tag)}>)")
    for k, item in enumerate(entries):
        line = lines[k] if k < len(lines) else None
        if atom:
            item_id = _text(item.find(f"{{{ATOM_NS}}}id"))
            url = _atom_link(item)
            item_id = item_id or url
            published = _text(item.find(f"{{{ATOM_NS}}}published")) or _text(item.find(f"{{{ATOM_NS}}}updated"))
            title = _text(item.find(f"{{{ATOM_NS}}}title"))
            content = item.find(f"{{{ATOM_NS}}}content")
            body = _atom_content(content if content is not None else item.find(f"{{{ATOM_NS}}}summary"))
        else:
            url = _text(item.find("link"))
            item_id = _text(item.find("guid")) or url
            published = _iso_date(_text(item.find("pubDate")))
            title = _text(item.find("title"))
            encoded = item.find(f"{{{CONTENT_NS}}}encoded")
            body = html_paragraphs(_text(encoded) if encoded is not None else _text(item.find("description")))
        item_id = item_id or title
        if not item_id:
            errors.append(InputError(str(path), line, "item has no guid, link, id or title to name it"))
            continue
        paragraphs = ([" ".join(title.split())] if title else []) + body
        if not body:
            errors.append(InputError(str(path), line, f"item '{item_id}' has no content"))
            continue
        items.pop(item_id, None)
        items[item_id] = (paragraphs, {k: v.strip() for k, v in (("url", url), ("published", published)) if v.strip()})
    batch = Batch(kind="feed", errors=errors)
    for item_id, (paragraphs, meta) in items.items():
        raw = {"mt": tuple(paragraphs)}
        batch.articles.append(Article(id=item_id, path=str(path), langs={"mt": "en"}, raw=raw, kind="folder",
                                      meta=meta))
    return batch


# ---- where items are in the file (for annotations) ---------------------------------------

_ITEM_START = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s>/]")


def item_lines(path: Path) -> list[int]:
    """Line numbers (1-based) of the items of an XML feed, in document order."""
    try:
        text, _ = decode_bytes(read_regular(path), str(path))
    except (OSError, DecodeError):
        return []
    return [text.count("\n", 0, m.start()) + 1 for m in _ITEM_START.finditer(text)]


def jsonl_lines(path: Path) -> dict[str, int]:
    """Item id -> line number of its (last) occurrence in a JSON Lines feed."""
    out: dict[str, int] = {}
    try:
        text = read_lines(path).text
    except DecodeError:
        return out
    for n, line in enumerate(text.split("\n"), 1):
        try:
            obj = json.loads(line) if line.strip() else None
        except (ValueError, RecursionError):  # the reader reports the line
            continue
        if isinstance(obj, dict) and obj.get("id") is not None:
            out[str(obj["id"])] = n
    return out


def item_line(path: str, item_id: str) -> int | None:
    """The line an item starts on in its feed file."""
    p = Path(path)
    if p.suffix.lower() in JSONL_SUFFIXES:
        return jsonl_lines(p).get(item_id)
    # XML: find the item by its id text, else nothing
    try:
        text, _ = decode_bytes(p.read_bytes(), str(p))
    except (OSError, DecodeError):
        return None
    from xml.sax.saxutils import escape

    for needle in (f">{escape(item_id)}<", escape(item_id)):
        at = text.find(needle)
        if at >= 0:
            starts = [m.start() for m in _ITEM_START.finditer(text, 0, at)]
            return text.count("\n", 0, starts[-1] if starts else at) + 1
    return None
