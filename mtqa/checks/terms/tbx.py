"""Reading a TBX termbase safely: no DTD, no entities, no network.

TBX (ISO 30042) is XML, and XML from someone else can carry a DTD whose entities expand to
gigabytes ("billion laughs") or read local files (external entities). A termbase never
needs either, so a file with a ``<!DOCTYPE`` or ``<!ENTITY`` declaration is refused,
naming its line, before any parser sees it; :mod:`defusedxml` then parses with DTDs,
entities and external references forbidden, as a second guard.

Both TBX layouts are read: TBX 2 (``termEntry`` / ``langSet`` / ``tig`` or ``ntig`` /
``term``) and TBX 3 (``conceptEntry`` / ``langSec`` / ``termSec`` / ``term``). Each entry's
first Ukrainian term is the source (further Ukrainian terms become their own rows with the
same English), its English terms are the allowed targets, and a ``descrip`` or ``note``
of the entry becomes the row's note.
"""
from __future__ import annotations

import re
from typing import Any

from .entry import Term, TermbaseError, decode, make_term

_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY)\b", re.IGNORECASE)
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SOURCE_LANGS = ("uk",)
TARGET_LANGS = ("en",)


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _lang(el: Any) -> str:
    value = el.get(_XML_LANG) or el.get("lang") or ""
    return value.split("-")[0].split("_")[0].lower()


def parse_tbx(raw: bytes, where: str) -> tuple[Term, ...]:
    """The terms of a TBX file's bytes, or a TermbaseError naming ``where`` and the line."""
    import defusedxml.ElementTree as DET
    from defusedxml import DefusedXmlException
    from xml.etree.ElementTree import ParseError, TreeBuilder

    text = decode(raw, where)
    m = _DECLARATION.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        raise TermbaseError(f"{where}:{line}: a TBX termbase may not declare a {m.group(1).upper()} "
                            "(DTDs and entities are refused; remove the declaration)")
    lines: dict[int, int] = {}

    class Builder(TreeBuilder):  # records each element's line, for messages
        def start(self, tag: str, attrs: dict[str, str]) -> Any:
            el = super().start(tag, attrs)
            lines[id(el)] = parser.parser.CurrentLineNumber
            return el

    parser = DET.DefusedXMLParser(target=Builder(), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    try:
        parser.feed(text)
        root = parser.close()
    except ParseError as exc:
        raise TermbaseError(f"{where}:{exc.position[0]}: not well-formed XML ({exc})") from None
    except DefusedXmlException as exc:  # a declaration the scan above did not see
        raise TermbaseError(f"{where}:{parser.parser.CurrentLineNumber}: refused: {exc}") from None
    if _local(root.tag).lower() not in ("martif", "tbx"):
        raise TermbaseError(f"{where}:{lines.get(id(root), 1)}: not a TBX file (root element "
                            f"<{_local(root.tag)}>, expected <martif> or <tbx>)")
    out: list[Term] = []
    for entry in root.iter():
        if _local(entry.tag) not in ("termEntry", "conceptEntry"):
            continue
        line = lines.get(id(entry), 0)
        by_lang: dict[str, list[str]] = {}
        note = ""
        for child in entry.iter():
            name = _local(child.tag)
            if name in ("langSet", "langSec"):
                lang = _lang(child)
                by_lang.setdefault(lang, []).extend(
                    " ".join("".join(t.itertext()).split()) for t in child.iter() if _local(t.tag) == "term")
            elif name in ("descrip", "note") and not note:
                note = " ".join("".join(child.itertext()).split())
        sources = [t for lang in SOURCE_LANGS for t in by_lang.get(lang, []) if t]
        targets = [t for lang in TARGET_LANGS for t in by_lang.get(lang, []) if t]
        if not sources:
            raise TermbaseError(f"{where}:{line}: entry has no Ukrainian (xml:lang=\"uk\") term")
        if not targets:
            raise TermbaseError(f"{where}:{line}: entry has no English (xml:lang=\"en\") term")
        for source in dict.fromkeys(sources):
            out.append(make_term({"source": source, "target": " | ".join(targets), "note": note,
                                  "provenance": f"TBX {where}"}, f"{where}:{line}"))
    return tuple(out)
