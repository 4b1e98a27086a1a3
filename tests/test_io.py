"""Readers: a folder of article files, tsv/csv/jsonl tables and DataFrames."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from mtqa.io.folder import read_folder
from mtqa.io.table import TableError, read_dataframe, read_rows, read_table, resolve_columns
from mtqa.segment import split_paragraphs

WMT = Path(__file__).parents[2] / "shared" / "eval" / "dev" / "da_uken_wmt22.dev.tsv"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---- folder ----------------------------------------------------------------------------

@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write(tmp_path / "top.mt.en.txt", "Headline\n\nFirst paragraph.\nStill first.\n\nSecond paragraph.\n")
    write(tmp_path / "top.ref.en.txt", "Headline\n\nFirst paragraph, still.\n")
    write(tmp_path / "top.src.uk.txt", "Заголовок\n\nПерший абзац.\n")
    write(tmp_path / "top.bt.uk.txt", "Заголовок\n\nПерший абзац ще.\n")
    write(tmp_path / "news" / "2024" / "deep.mt.en.md", "# Deep headline\n\nDeep text.\n")
    write(tmp_path / "news" / "2024" / "deep.src.ru.md", "Глубокий текст.\n")
    write(tmp_path / "news" / "orphan.ref.en.txt", "A reference with no translation.\n")
    write(tmp_path / "news" / "odd.xx.en.txt", "Unknown role.\n")
    write(tmp_path / "notes.txt", "not an article file, silently skipped\n")
    write(tmp_path / ".hidden" / "h.mt.en.txt", "Hidden folders are skipped.\n")
    return tmp_path


def test_folder_reads_articles_recursively_with_roles_and_languages(folder):
    batch = read_folder(folder)
    by_id = {a.id: a for a in batch.articles}
    assert sorted(by_id) == ["news/2024/deep", "top"]
    top = by_id["top"]
    assert dict(top.langs) == {"mt": "en", "ref": "en", "src": "uk", "bt": "uk"}
    assert top.raw["mt"] == tuple(split_paragraphs((folder / "top.mt.en.txt").read_text(encoding="utf-8")))
    assert top.raw["mt"] == ("Headline", "First paragraph. Still first.", "Second paragraph.")
    assert top.raw["src"] == ("Заголовок", "Перший абзац.")
    assert top.path == str(folder / "top.mt.en.txt")
    assert top.kind == "folder"


def test_md_files_and_languages_from_names(folder):
    deep = {a.id: a for a in read_folder(folder).articles}["news/2024/deep"]
    assert dict(deep.langs) == {"mt": "en", "src": "ru"}
    assert deep.raw["mt"] == ("# Deep headline", "Deep text.")
    assert deep.raw["src"] == ("Глубокий текст.",)


def test_folder_errors_are_reported_and_the_rest_still_read(folder):
    batch = read_folder(folder)
    messages = {e.path: e.message for e in batch.errors}
    orphan = str(folder / "news" / "orphan")
    assert orphan in messages and "no MT file" in messages[orphan]
    assert "orphan.ref.en.txt" in messages[orphan]
    odd = str(folder / "news" / "odd.xx.en.txt")
    assert odd in messages and "unknown role 'xx'" in messages[odd]
    assert len(batch.errors) == 2
    assert len(batch.articles) == 2  # the good articles are still there


def test_two_mt_files_for_one_article(tmp_path):
    write(tmp_path / "a.mt.en.md", "From md.\n")
    write(tmp_path / "a.mt.en.txt", "From txt.\n")
    batch = read_folder(tmp_path)
    assert len(batch.articles) == 1
    assert len(batch.errors) == 1
    assert "two mt files" in batch.errors[0].message


def test_bad_reference_keeps_the_article(tmp_path):
    write(tmp_path / "a.mt.en.txt", "Power is back.\n")
    (tmp_path / "a.ref.en.txt").write_bytes(b"")
    batch = read_folder(tmp_path)
    (article,) = batch.articles
    assert "ref" not in article.raw and article.raw["mt"] == ("Power is back.",)
    assert [e.path for e in batch.errors] == [str(tmp_path / "a.ref.en.txt")]


def test_whitespace_only_mt_file_is_an_error(tmp_path):
    write(tmp_path / "blank.mt.en.txt", "\n   \n\t\n")
    write(tmp_path / "ok.mt.en.txt", "Fine.\n")
    batch = read_folder(tmp_path)
    assert [a.id for a in batch.articles] == ["ok"]
    assert batch.errors and batch.errors[0].path == str(tmp_path / "blank.mt.en.txt")


# ---- WMT table with no options -----------------------------------------------------------

@pytest.mark.skipif(not WMT.exists(), reason="shared WMT dev file not present")
def test_wmt_tsv_reads_with_no_options():
    lines = [ln for ln in WMT.read_text(encoding="utf-8").split("\n") if ln.strip()]
    header = lines[0].split("\t")
    data_lines = len(lines) - 1
    batch = read_table(WMT, {}, {})
    assert batch.errors == []
    assert batch.rows == data_lines
    assert batch.columns == header
    parts = [part for a in batch.articles for p in a.paragraphs for part in p.parts]
    assert len(parts) == data_lines
    assert resolve_columns(header, {}, str(WMT)) == {
        "mt": "hypothesis", "ref": "reference", "src": "source", "doc": "doc_id", "para": "para_idx",
        "system": "system"}
    assert {a.langs["src"] for a in batch.articles} == {"uk"}
    assert {a.langs["mt"] for a in batch.articles} == {"en"}
    # rows of one article share document and system, and keep every column unchanged
    first = batch.articles[0]
    extras = [part.extra for p in first.paragraphs for part in p.parts]
    assert len({(e["doc_id"], e["system"]) for e in extras}) == 1
    assert first.id == f"{extras[0]['doc_id']}/{extras[0]['system']}"
    row1 = dict(zip(header, lines[1].split("\t")))
    assert batch.articles[0].paragraphs[0].parts[0].extra == row1
    assert batch.articles[0].paragraphs[0].parts[0].texts["mt"] == row1["hypothesis"].strip()


# ---- malformed rows ------------------------------------------------------------------------

def test_tsv_row_with_wrong_field_count(tmp_path):
    path = write(tmp_path / "t.tsv", "id\tmt\tref\n1\tHello there.\tHi there.\n2\tBad row\n3\tThird one.\tThird.\n")
    batch = read_table(path, {}, {})
    assert [(e.path, e.line) for e in batch.errors] == [(str(path), 3)]
    assert "2 fields" in batch.errors[0].message and "header has 3" in batch.errors[0].message
    kept = [(p.parts[0].line, p.parts[0].texts["mt"]) for a in batch.articles for p in a.paragraphs]
    assert kept == [(2, "Hello there."), (4, "Third one.")]
    assert batch.rows == 3


def test_csv_row_with_wrong_field_count(tmp_path):
    path = write(tmp_path / "t.csv", 'id,mt,ref\n1,"Hello, there.",Hi there.\n2,Bad,row,extra\n3,Third.,Third.\n')
    batch = read_table(path, {}, {})
    assert [e.line for e in batch.errors] == [3]
    assert str(path) in str(batch.errors[0]) and ":3:" in str(batch.errors[0])
    kept = [p.parts[0].texts for a in batch.articles for p in a.paragraphs]
    assert kept == [{"mt": "Hello, there.", "ref": "Hi there."}, {"mt": "Third.", "ref": "Third."}]


def test_csv_quoted_field_keeps_its_line_break(tmp_path):
    path = write(tmp_path / "t.csv", 'mt,ref\n"Multi\nline",ok\nNext.,Next.\n')
    batch = read_table(path, {}, {})
    assert batch.articles[0].paragraphs[0].parts[0].texts["mt"] == "Multi\nline"


def test_jsonl_bad_line_and_non_object(tmp_path):
    path = write(tmp_path / "t.jsonl", '{"id": 1, "mt": "One.", "ref": "One."}\n'
                                       '{"id": 2, "mt": "Two.",\n'
                                       '\n'
                                       '{"id": 3, "mt": "Three.", "ref": "Three.", "score_h": 0.5}\n'
                                       '[1, 2]\n')
    batch = read_table(path, {}, {})
    assert [(e.line, e.message.split(" (")[0]) for e in batch.errors] == [
        (2, "not valid JSON"), (5, "each line must be a JSON object")]
    parts = [p.parts[0] for a in batch.articles for p in a.paragraphs]
    assert [(part.line, part.texts["mt"]) for part in parts] == [(1, "One."), (4, "Three.")]
    assert parts[1].extra == {"id": 3, "mt": "Three.", "ref": "Three.", "score_h": 0.5}
    assert batch.columns == ["id", "mt", "ref", "score_h"]


# ---- columns -------------------------------------------------------------------------------

def test_explicit_column_names(tmp_path):
    path = tmp_path / "t.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["story", "target", "gold", "orig"])
        w.writerow(["s1", "Power is back.", "Power has been restored.", "Світло повернули."])
        w.writerow(["s1", "Crews worked.", "Crews worked all night.", "Бригади працювали."])
        w.writerow(["s2", "Other story.", "Another story.", "Інша історія."])
    columns = {"mt": "target", "ref": "gold", "src": "orig", "doc": "story"}
    assert resolve_columns(["story", "target", "gold", "orig"], columns, "t") == {
        "mt": "target", "ref": "gold", "src": "orig", "doc": "story"}
    batch = read_table(path, columns, {})
    assert [a.id for a in batch.articles] == ["s1", "s2"]
    s1 = batch.articles[0]
    assert [p.texts["mt"] for p in s1.paragraphs] == ["Power is back.", "Crews worked."]
    assert [p.texts["ref"] for p in s1.paragraphs] == ["Power has been restored.", "Crews worked all night."]
    assert s1.langs["src"] == "uk"


def test_language_override(tmp_path):
    path = write(tmp_path / "t.tsv", "mt\tsrc\nHello.\tПривет, как дела у вас сегодня? Всё хорошо.\n")
    assert read_table(path, {}, {}).articles[0].langs["src"] == "ru"
    assert read_table(path, {}, {"src": "uk"}).articles[0].langs["src"] == "uk"


def test_missing_mt_column_is_a_table_error(tmp_path):
    path = write(tmp_path / "t.tsv", "text\treference\nHello.\tHi.\n")
    with pytest.raises(TableError, match=r"t\.tsv: no MT column"):
        read_table(path, {}, {})
    with pytest.raises(TableError, match="no column 'target'"):
        read_table(path, {"mt": "target"}, {})
    assert read_table(path, {"mt": "text"}, {}).articles[0].paragraphs[0].texts == {"mt": "Hello.", "ref": "Hi."}


def test_unreadable_table_is_a_table_error(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_bytes(b"")
    with pytest.raises(TableError, match="empty"):
        read_rows(path)


# ---- paragraphs from a para column ----------------------------------------------------------

def test_para_column_groups_rows_with_exact_offsets(tmp_path):
    rows = [
        {"doc_id": "d1", "paragraph": 0, "mt": "Headline here", "ref": "A headline"},
        {"doc_id": "d1", "paragraph": 1, "mt": "First sentence.", "ref": "First."},
        {"doc_id": "d1", "paragraph": 1, "mt": "Second one, longer.", "ref": "Second."},
        {"doc_id": "d1", "paragraph": 1, "mt": "Third.", "ref": "Third."},
        {"doc_id": "d1", "paragraph": 2, "mt": "Last paragraph.", "ref": "Last."},
        {"doc_id": "d2", "paragraph": 0, "mt": "Other doc.", "ref": "Other."},
    ]
    path = write(tmp_path / "t.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    batch = read_table(path, {}, {})
    assert [a.id for a in batch.articles] == ["d1", "d2"]
    d1 = batch.articles[0]
    assert [len(p.parts) for p in d1.paragraphs] == [1, 3, 1]
    assert [p.index for p in d1.paragraphs] == [0, 1, 2]
    seen = []
    for p in d1.paragraphs:
        for part in p.parts:
            mt = part.texts["mt"]
            assert p.mt[part.offset:part.offset + len(mt)] == mt
            seen.append((part.line, mt))
    assert seen == [(i + 1, r["mt"]) for i, r in enumerate(rows[:5])]
    assert d1.paragraphs[1].texts["ref"] == "First. Second. Third."
    assert d1.raw["mt"][1] == d1.paragraphs[1].mt


def test_without_para_column_each_row_is_a_paragraph(tmp_path):
    path = write(tmp_path / "t.tsv", "doc_id\tmt\nd\tOne.\nd\tTwo.\nd\tThree.\n")
    (article,) = read_table(path, {}, {}).articles
    assert [p.mt for p in article.paragraphs] == ["One.", "Two.", "Three."]


def test_dataframe_reader_keeps_columns_and_order():
    df = pd.DataFrame([{"id": 7, "mt": "Hello.", "ref": "Hi."}, {"id": 8, "mt": "Bye.", "ref": "Bye now."}])
    batch = read_dataframe(df, {}, {})
    assert batch.columns == ["id", "mt", "ref"]
    parts = [p.parts[0] for a in batch.articles for p in a.paragraphs]
    assert [part.extra["id"] for part in parts] == [7, 8]
    assert [part.texts["mt"] for part in parts] == ["Hello.", "Bye."]


def test_dataframe_missing_value_is_no_text():
    df = pd.DataFrame([{"mt": "Hello there."}, {"mt": "Bye.", "ref": "Bye now."}])
    batch = read_dataframe(df, {}, {})
    assert batch.articles[0].paragraphs[0].texts["ref"] == ""
