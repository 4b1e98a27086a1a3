"""Decoding text files: UTF-8 (with BOM), cp1251, CRLF; clear refusals naming the file."""
from __future__ import annotations

import codecs

import pytest

from mtqa.io.decode import DecodeError, decode_bytes, read_text
from mtqa.io.folder import read_folder
from mtqa.model import InputError

UK = "Міст збудували у 1957 р.\r\n\r\nЦе т. зв. «зелений коридор», ціна — 850 грн."


def test_cp1251_ukrainian_is_decoded():
    text, enc = decode_bytes(UK.encode("cp1251"), "a.src.uk.txt")
    assert enc == "cp1251"
    assert text == UK.replace("\r\n", "\n")


def test_utf8_bom_is_stripped():
    text, enc = decode_bytes(codecs.BOM_UTF8 + "Привіт, світ.".encode("utf-8"), "x")
    assert enc == "utf-8"
    assert text == "Привіт, світ."
    assert not text.startswith("\ufeff")


def test_utf16_with_bom_is_decoded():
    text, enc = decode_bytes("Київ\r\nсьогодні".encode("utf-16"), "x")
    assert (text, enc) == ("Київ\nсьогодні", "utf-16")


@pytest.mark.parametrize("raw", [b"One\r\nTwo\r\n\r\nThree", b"One\rTwo\r\rThree"])
def test_line_ends_are_normalised(raw):
    text, _ = decode_bytes(raw, "x")
    assert "\r" not in text
    assert text.split("\n")[:2] == ["One", "Two"]


@pytest.mark.parametrize("raw, words", [
    (b"", "empty"),
    (b"  \n\t\n", "empty"),
    (b"abc\x00def\x00", "binary"),
    (bytes(range(1, 30)) * 4, "binary"),
    (b"The price is \x80100 and \x98 more", "not UTF-8"),
])
def test_refused_bytes_name_the_file(raw, words):
    with pytest.raises(DecodeError) as err:
        decode_bytes(raw, "some/dir/article.mt.en.txt")
    assert "some/dir/article.mt.en.txt" in str(err.value)
    assert words in str(err.value)


def test_not_utf8_error_gives_the_line():
    raw = b"first line\nsecond line\nthird \x98 line\n"
    with pytest.raises(DecodeError, match=r"article\.txt:3: not UTF-8 \(byte 0x98"):
        decode_bytes(raw, "article.txt")


def test_latin1_text_is_not_taken_for_cp1251():
    raw = "Grüße aus Köln, schöne Straße".encode("latin-1")
    with pytest.raises(DecodeError):
        decode_bytes(raw, "x.mt.en.txt")


def test_read_text_of_a_missing_file_names_it(tmp_path):
    with pytest.raises(DecodeError, match="nothing.txt: cannot read"):
        read_text(tmp_path / "nothing.txt")


# ---- through the folder reader: InputError naming the file, the rest still read -------------

@pytest.mark.parametrize("name, raw, words", [
    ("empty.mt.en.txt", b"", "empty"),
    ("nul.mt.en.txt", b"Power is\x00 back\x00\x00", "binary"),
    ("garbage.mt.en.txt", bytes([0x81, 0x98, 0x41, 0x0a, 0x90, 0x98]) * 20, "not UTF-8"),
])
def test_bad_file_gives_input_error_naming_it(tmp_path, name, raw, words):
    (tmp_path / name).write_bytes(raw)
    (tmp_path / "good.mt.en.txt").write_text("Power is back.\n\nCrews worked all night.\n", encoding="utf-8")
    batch = read_folder(tmp_path)
    assert [a.id for a in batch.articles] == ["good"]
    assert batch.articles[0].raw["mt"] == ("Power is back.", "Crews worked all night.")
    assert len(batch.errors) == 1
    err = batch.errors[0]
    assert isinstance(err, InputError)
    assert err.path == str(tmp_path / name)
    assert name in str(err)
    assert words in err.message


def test_cp1251_and_bom_crlf_files_read_in_a_folder(tmp_path):
    (tmp_path / "a.mt.en.txt").write_bytes(codecs.BOM_UTF8 + b"Headline\r\n\r\nFirst line\r\nof text.\r\n")
    (tmp_path / "a.src.uk.txt").write_bytes(UK.encode("cp1251"))
    batch = read_folder(tmp_path)
    assert batch.errors == []
    (article,) = batch.articles
    assert article.raw["mt"] == ("Headline", "First line of text.")
    assert article.raw["src"] == ("Міст збудували у 1957 р.", "Це т. зв. «зелений коридор», ціна — 850 грн.")
