"""Bad input costs only itself: one bad byte, a duplicated column, a number where text belongs
each give an error naming the file and line, and every other row or file is still read.
``mtqa fix`` edits only MT text, and logs each change against the text it was made to."""
from __future__ import annotations

import codecs
import contextlib
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from mtqa.cli.main import cli
from mtqa.cli.fix import fix
from mtqa.fix.quotes import fix_text
from mtqa.io.decode import DecodeError, decode_bytes
from mtqa.io.folder import read_folder
from mtqa.io.table import read_dataframe, read_table
from mtqa.pipeline.runner import Options, read_input

SRC = ["Привіт, світе.", "Ціна — 850 грн.", "Міст збудували у 1957 р.", "Це т. зв. «зелений коридор».",
       "Він сказав «так».", "Бригади працювали всю ніч."]
MT = ["Hello, world.", "The price is 850 UAH.", "The bridge was built in 1957.",
      "This is the so-called green corridor.", "He said yes.", "Crews worked all night."]


def bad_byte_tsv(path: Path) -> tuple[Path, bytes]:
    """A 7-line TSV with a UTF-8 BOM and CRLF line ends; line 7 has one 0xff byte."""
    lines = ["doc_id\tsrc\tmt\tref"] + [f"d{i}\t{s}\t{m}\t{m}" for i, (s, m) in enumerate(zip(SRC, MT), 1)]
    data = codecs.BOM_UTF8 + "\r\n".join(lines).encode("utf-8") + b"\r\n"
    data = data.replace("Crews worked all night.\tCrews".encode(), b"Crews \xffworked all night.\tCrews")
    path.write_bytes(data)
    return path, data


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def mt_rows(batch) -> list[tuple[int, str]]:
    return [(part.line, part.texts["mt"]) for a in batch.articles for p in a.paragraphs for part in p.parts]


# ---- 1. one bad byte costs one row, and the error points at it ------------------------------

def test_one_bad_byte_in_a_table_costs_only_its_row(tmp_path):
    path, _ = bad_byte_tsv(tmp_path / "t.tsv")
    batch = read_table(path, {}, {})
    assert mt_rows(batch) == [(n, m) for n, m in zip(range(2, 7), MT[:5])]
    assert [(e.path, e.line) for e in batch.errors] == [(str(path), 7)]
    assert "not UTF-8 (byte 0xff at column 37" in batch.errors[0].message
    assert batch.rows == 6


def test_decode_error_offset_counts_the_bom_and_names_line_and_column():
    data = codecs.BOM_UTF8 + b"first\r\nsecond \xff line\r\n"
    with pytest.raises(DecodeError) as err:
        decode_bytes(data, "x.mt.en.txt")
    assert err.value.line == 2
    assert str(err.value).startswith("x.mt.en.txt:2: not UTF-8 (byte 0xff at column 8, ")
    offset = data.index(b"\xff")  # 18: the three BOM bytes count
    assert f"byte offset {offset} in the file" in str(err.value)


def test_mostly_utf8_table_is_decoded_line_by_line_but_a_legacy_table_as_a_whole():
    from mtqa.io.decode import decode_lines

    lines = [f"{s}\t{m}" for s, m in zip(SRC, MT)]
    utf8 = "\n".join(["src\tmt", *lines]).encode() + b"\nbad \x98 line\tx\n"
    decoded = decode_lines(utf8, "t.tsv")
    assert (decoded.encoding, list(decoded.bad_lines)) == ("utf-8", [8])
    assert decoded.text.split("\n")[1] == lines[0]
    legacy = decode_lines("\n".join(["src\tmt", *lines]).encode("cp1251"), "t.tsv")
    assert (legacy.encoding, legacy.bad_lines) == ("cp1251", {})
    with pytest.raises(DecodeError, match=r"t\.tsv:1: not UTF-8"):  # mostly bad: the file is refused
        decode_lines(b"\x98a\n\x98b\nc\n", "t.tsv")


def test_utf8_article_with_a_bad_byte_is_not_read_as_cp1251(tmp_path):
    text = "Міст збудували у 1957 р.\n\nЦе т. зв. «зелений коридор», ціна — 850 грн.\n"
    (tmp_path / "a.mt.en.txt").write_text("The bridge.\n", encoding="utf-8")
    (tmp_path / "a.src.uk.txt").write_bytes(text.encode() + b"\xff\n")
    batch = read_folder(tmp_path)
    assert "src" not in batch.articles[0].raw  # no mojibake scored as the source
    (err,) = batch.errors
    assert (err.path, err.line) == (str(tmp_path / "a.src.uk.txt"), 4)
    assert "not UTF-8 (byte 0xff at column 1" in err.message


def test_folder_decode_errors_carry_the_line(tmp_path):
    (tmp_path / "a.mt.en.txt").write_bytes(b"Line one.\n\nLine \x98 three.\n")
    (err,) = read_folder(tmp_path).errors
    assert err.line == 3
    assert str(err).startswith(f"{tmp_path / 'a.mt.en.txt'}:3: not UTF-8 (byte 0x98")


def test_jsonl_line_with_a_bad_byte_is_a_row_error(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_bytes(b'{"mt": "\xd0\x9f\xd1\x80\xd0\xb8."}\n{"mt": "Bad \xff."}\n{"mt": "Fine."}\n')
    batch = read_table(path, {}, {})
    assert mt_rows(batch) == [(1, "При."), (3, "Fine.")]
    assert [(e.line, e.message.split(" (")[0]) for e in batch.errors] == [(2, "not UTF-8")]


def test_bad_header_line_is_reported_with_its_line(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_bytes(b"m\xfft\tref\n" + "\n".join(f"{m}\t{m} Привіт" for m in MT).encode() + b"\n")
    batch = read_input(path, Options())
    assert batch.articles == []
    assert [(e.line, e.message.split(":")[0]) for e in batch.errors] == [(1, "the header line is unreadable")]


@pytest.mark.models
def test_cli_scores_every_other_row_and_reports_the_bad_one(tmp_path):
    path, _ = bad_byte_tsv(tmp_path / "t.tsv")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["score", str(path), "--format", "jsonl", "-o", str(out), "--no-cache"])
    assert result.exit_code == 1, result.output
    assert f"{path}:7: not UTF-8 (byte 0xff at column 37" in result.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r.get("doc_id") or r["line"] for r in records] == ["d1", "d2", "d3", "d4", "d5", 7]
    assert "not UTF-8" in records[-1]["error"]


# ---- 2. mtqa fix edits MT text only, and logs each change as made ---------------------------

def run_fix(args: list[str], cwd: Path):
    with contextlib.chdir(cwd):
        return CliRunner().invoke(fix, [str(a) for a in args], catch_exceptions=False)


def test_fix_on_a_tsv_edits_only_the_mt_column(tmp_path):
    table = 'doc_id\tsrc\tmt\tref\r\nd1\tВін сказав «привіт».\tHe said «hello».\tHe said "hello".\r\n'
    path = write(tmp_path / "t.tsv", table)
    result = run_fix([path, "-o", tmp_path / "fixed"], tmp_path)
    assert result.exit_code == 0, result.output
    fixed = (tmp_path / "fixed" / "t.tsv").read_bytes().decode()
    assert fixed == table.replace("He said «hello».", "He said “hello.”")
    assert "t.tsv:2: He said «hello». -> He said “hello”." in result.output
    run_fix([path, "--in-place"], tmp_path)
    assert path.read_text(encoding="utf-8").split("\n")[1].split("\t")[1] == "Він сказав «привіт»."


def test_fix_on_csv_and_jsonl_edits_only_the_mt_cells(tmp_path):
    csv_text = 'id,src,mt,ref\n1,"«так», ні","He said «yes», ok.","He said ""yes"""\n2,a,"multi\nline «q»",«r»\n'
    jsonl_text = ('{"id": 1, "src": "«так»", "mt": "He said \\u00abyes\\u00bb.", "ref": "«r»"}\n'
                  '{"id": 2, "mt": 5, "ref": "«x»"}\n')
    write(tmp_path / "t.csv", csv_text)
    write(tmp_path / "t.jsonl", jsonl_text)
    for name in ("t.csv", "t.jsonl"):
        assert run_fix([tmp_path / name, "-o", tmp_path / "out"], tmp_path).exit_code == 0
    assert (tmp_path / "out" / "t.csv").read_text(encoding="utf-8") == (
        'id,src,mt,ref\n1,"«так», ні","He said “yes,” ok.","He said ""yes"""\n2,a,"multi\nline “q”",«r»\n')
    assert (tmp_path / "out" / "t.jsonl").read_text(encoding="utf-8") == jsonl_text.replace(
        "\\u00abyes\\u00bb.", "\\u201cyes.\\u201d")


def test_fix_leaves_a_table_row_that_is_not_text_as_it_was(tmp_path):
    path, data = bad_byte_tsv(tmp_path / "t.tsv")
    path.write_bytes(data.replace(b"He said yes.\tHe", b'He said "yes".\tHe'))
    result = run_fix([path, "-o", tmp_path / "out"], tmp_path)
    assert result.exit_code == 1
    assert "t.tsv:7: row not read, left as it is: not UTF-8" in result.stderr
    out = (tmp_path / "out" / "t.tsv").read_bytes()
    assert out == path.read_bytes().replace(b'He said "yes".\tHe', "He said “yes.”\tHe".encode())


@pytest.mark.parametrize("name, words", [("a.ref.en.txt", "reference file"), ("a.src.uk.txt", "source file"),
                                         ("feed.rss", "XML feeds")])
def test_fix_refuses_what_is_not_mt_text(tmp_path, name, words):
    path = write(tmp_path / name, "«Так», сказав він.\n")
    result = run_fix([path, "--in-place"], tmp_path)
    assert result.exit_code == 2
    assert words in result.stderr and ".tsv, .csv, .jsonl" in result.stderr
    assert path.read_text(encoding="utf-8") == "«Так», сказав він.\n"


def test_each_logged_change_shows_the_text_it_was_made_to():
    line = ("At the same time, analysts warn against excessive optimism. «Prices for wheat on the world "
            "markets remain low, so agrarians often work „in zero“», said the analyst of the Association.")
    result = fix_text(line + "\n")
    assert len(result.changes) >= 3
    state = line
    for change in result.changes:  # replaying the log one change at a time gives the fixed text
        before, after = change.before.strip(), change.after.strip()
        assert before in state, (before, state)
        state = state.replace(before, after, 1)
    assert state + "\n" == result.text


# ---- 3. a column named twice ----------------------------------------------------------------

@pytest.mark.parametrize("name, text", [("dup.tsv", "doc_id\tmt\tmt\tref\nd\ta\tb\tc\n"),
                                        ("dup.csv", "doc_id,mt,ref,mt\nd,a,c,b\n")])
def test_duplicate_column_makes_the_table_unreadable_at_line_1(tmp_path, name, text):
    path = write(tmp_path / name, text)
    batch = read_input(path, Options())
    assert batch.articles == []
    (err,) = batch.errors
    assert (err.path, err.line) == (str(path), 1)
    assert "'mt' twice" in err.message


def test_duplicate_column_through_the_cli(tmp_path):
    path = write(tmp_path / "dup.tsv", "doc_id\tmt\tmt\tref\nd\ta\tb\tc\n")
    result = CliRunner().invoke(cli, ["score", str(path), "--format", "jsonl", "--no-cache"])
    assert result.exit_code == 1
    assert f"{path}:1: the header names column 'mt' twice (columns 2 and 3)" in result.stderr


def test_columns_differing_only_in_case_are_not_guessed_between(tmp_path):
    path = write(tmp_path / "t.tsv", "MT\tmt\nA.\tB.\n")
    (err,) = read_input(path, Options()).errors
    assert err.line == 1 and "'MT' and 'mt'" in err.message


def test_jsonl_key_given_twice_is_a_row_error(tmp_path):
    path = write(tmp_path / "t.jsonl", '{"mt": "a", "mt": "b"}\n{"mt": "c", "meta": {"x": 1}}\n')
    batch = read_table(path, {}, {})
    assert mt_rows(batch) == [(2, "c")]
    assert [(e.line, e.message) for e in batch.errors] == [(1, "key 'mt' is given twice in the object")]


# ---- 4. values that are not text ------------------------------------------------------------

def test_jsonl_null_or_missing_text_is_empty_and_other_values_are_row_errors(tmp_path):
    rows = [{"id": 1, "mt": None, "ref": "Power is back."}, {"id": 2, "mt": 123}, {"id": 3, "ref": "Hi."},
            {"id": 4, "mt": ["a"]}, {"id": 5, "mt": {"t": "a"}}, {"id": 6, "mt": True},
            {"id": 7, "mt": "Fine.", "ref": None}, {"id": 8, "mt": "Fine.", "ref": 7.5},
            {"id": 9, "mt": "Fine.", "src": ["x"]}, {"id": 10, "mt": "Fine.", "bt": 1}]
    path = write(tmp_path / "t.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    batch = read_table(path, {}, {})
    kept = [(p.parts[0].line, p.parts[0].texts["mt"], p.parts[0].texts.get("ref"))
            for a in batch.articles for p in a.paragraphs]
    assert kept == [(1, "", "Power is back."), (3, "", "Hi."), (7, "Fine.", "")]
    assert [(e.line, e.message) for e in batch.errors] == [
        (2, "'mt' should be a string, not 123"), (4, "'mt' should be a string, not a list"),
        (5, "'mt' should be a string, not an object"), (6, "'mt' should be a string, not True"),
        (8, "'ref' should be a string, not 7.5"), (9, "'src' should be a string, not a list"),
        (10, "'bt' should be a string, not 1")]
    assert batch.rows == 10


def test_dataframe_number_in_a_text_column_is_a_row_error_and_na_is_empty():
    df = pd.DataFrame({"mt": ["Hello.", 5, pd.NA], "ref": ["Hi.", "x", "y"]}, dtype=object)
    batch = read_dataframe(df, {}, {})
    assert mt_rows(batch) == [(1, "Hello."), (3, "")]
    assert [(e.line, e.message) for e in batch.errors] == [(2, "'mt' should be a string, not 5")]


# ---- 5. naming an article's reference, source or back-translation file --------------------------

def test_naming_a_reference_file_is_refused_pointing_at_the_mt_file(tmp_path):
    from mtqa.io.folder import read_article_file

    write(tmp_path / "x[1].mt.en.txt", "Power is back.\n")
    write(tmp_path / "x[1].ref.en.txt", "Power has been restored.\n")
    write(tmp_path / "y.ref.en.txt", "Only a reference.\n")
    with pytest.raises(ValueError, match=r"reference of article 'x\[1\]'.*name its MT file x\[1\]\.mt\.en\.txt"):
        read_article_file(tmp_path / "x[1].ref.en.txt")
    with pytest.raises(ValueError, match=r"has no MT file y\.mt\.<lang>\.txt"):
        read_article_file(tmp_path / "y.ref.en.txt")
    batch = read_article_file(tmp_path / "x[1].mt.en.txt")
    assert [(a.id, sorted(a.raw)) for a in batch.articles] == [("x[1]", ["mt", "ref"])]
    assert batch.errors == []


def test_score_of_a_reference_file_is_a_usage_error(tmp_path):
    write(tmp_path / "x.mt.en.txt", "Power is back.\n")
    ref = write(tmp_path / "x.ref.en.txt", "Power has been restored.\n")
    result = CliRunner().invoke(cli, ["score", str(ref), "--no-cache"])
    assert result.exit_code == 2
    assert "reference of article 'x'" in result.stderr and "x.mt.en.txt" in result.stderr


# ---- feeds: the same line-level errors ----------------------------------------------------------

def test_jsonl_feed_item_with_a_bad_byte_costs_only_that_item(tmp_path):
    from mtqa.io.feed import read_feed

    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'{"id": "a", "mt": "Bad \xff byte."}\n{"id": "b", "mt": "\xd0\x94\xd0\xbe\xd0\xb1\xd1\x80\xd0\xb5."}\n')
    batch = read_feed(path)
    assert [(a.id, a.raw["mt"]) for a in batch.articles] == [("b", ("Добре.",))]
    assert [(e.line, e.message.split(" (")[0]) for e in batch.errors] == [(1, "not UTF-8")]


def test_xml_feed_error_keeps_its_line(tmp_path):
    path = tmp_path / "feed.rss"
    path.write_bytes(b'<?xml version="1.0" encoding="utf-8"?>\n<rss><channel>\n<item><title>Bad \xff</title></item>\n'
                     b"</channel></rss>\n")
    (err,) = read_input(path, Options()).errors
    assert (err.path, err.line) == (str(path), 3)
    assert "not well-formed XML" in err.message
