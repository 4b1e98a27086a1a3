"""Issue 20, item 3: a DOCTYPE is refused wherever it stands and no entity reaches scored text
(UTF-8 BOM, BOM-less UTF-16, DOCTYPE after a comment longer than 64 KB)."""
from __future__ import annotations

import codecs

import pytest

from mtqa.io.feed import FeedError, read_xml_feed
from mtqa.io.xmlsafe import XMLRefused, parse_xml

ENTITY = ('<!DOCTYPE rss [<!ENTITY inj "INJECTED TEXT">]>\n'
          "<rss><channel><item><guid>a</guid><title>Budget &inj;</title>"
          "<description>The council met. It approved the plan.</description></item></channel></rss>")


@pytest.mark.parametrize("name, data", [
    ("plain", ENTITY.encode("utf-8")),
    ("utf-8 BOM", codecs.BOM_UTF8 + ENTITY.encode("utf-8")),
    ("utf-16 without BOM", ('<?xml version="1.0" encoding="UTF-16"?>\n' + ENTITY).encode("utf-16-le")),
    ("after a 70 KB comment", ("<!--" + "x" * 70_000 + "-->\n" + ENTITY).encode("utf-8")),
    ("external entity", b'<!DOCTYPE rss [<!ENTITY e SYSTEM "file:///etc/passwd">]><rss>&e;</rss>'),
    ("public DTD only", b'<!DOCTYPE rss PUBLIC "-//x//y" "http://example.com/x.dtd"><rss/>'),
])
def test_a_doctype_is_refused_wherever_it_stands(tmp_path, name, data):
    feed = tmp_path / "feed.rss"
    feed.write_bytes(data)
    with pytest.raises(FeedError, match="DTD") as caught:
        read_xml_feed(feed)
    assert caught.value.path == str(feed)
    with pytest.raises(XMLRefused):
        parse_xml(data)


def test_plain_feeds_still_parse_in_any_encoding():
    text = ("<rss><channel><item><guid>a</guid><title>Budget</title>"
            "<description>The council met.</description></item></channel></rss>")
    for data in (text.encode(), codecs.BOM_UTF8 + text.encode(),
                 ('<?xml version="1.0" encoding="UTF-16"?>' + text).encode("utf-16")):
        assert parse_xml(data).find("channel/item/title").text == "Budget"


def test_malformed_xml_names_its_line():
    with pytest.raises(XMLRefused, match="not well-formed") as caught:
        parse_xml(b"<rss>\n<channel>\n<item></channel></rss>")
    assert caught.value.line == 3
