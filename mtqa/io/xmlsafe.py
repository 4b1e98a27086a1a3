"""XML parsing that refuses DTDs and entities (feeds now, a TBX termbase reader later).

Every XML input goes through :func:`parse_xml`: defusedxml's ElementTree parser with
``forbid_dtd``, ``forbid_entities`` and ``forbid_external`` on, so a DOCTYPE is refused
wherever it stands (after a BOM, in UTF-16 without a BOM, after a long comment) and no
entity is ever expanded into scored text. Expat reads the document's own encoding
declaration, so no byte sniffing is needed here.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET


class XMLRefused(ValueError):
    """The bytes are not XML mtqa will read; ``line`` is where, when known."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        self.reason, self.line = reason, line
        super().__init__(reason)


def parse_xml(data: bytes) -> ET.Element:
    """The root element of an XML document; XMLRefused for a DTD, an entity declaration,
    an external reference or XML that is not well-formed."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        line = getattr(exc, "lineno", None)
        raise XMLRefused(f"XML with a DTD or entity declarations is not accepted ({type(exc).__name__})",
                         line) from None
    except ET.ParseError as exc:
        raise XMLRefused(f"not well-formed XML ({exc})", exc.position[0]) from None
    except LookupError as exc:  # <?xml encoding="..."?> names an encoding Python does not know
        raise XMLRefused(f"the XML declares an encoding that is not known ({exc}); re-save it as UTF-8", 1) from None
