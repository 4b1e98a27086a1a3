"""Issue 20: one bad row costs only that row, and its error names the line: a NUL byte in a
TSV row, a JSONL integer over 4,300 digits, a lone surrogate, a bare NaN."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mtqa.cli.main import cli
from mtqa.io.table import read_table

HEADER = "doc_id\tmt\n"


def table_errors(path: Path) -> tuple[list[str], list[str]]:
    batch = read_table(path, {}, {})
    ids = [a.id for a in batch.articles]
    return ids, [str(e) for e in batch.errors]


def test_a_nul_byte_in_one_tsv_row_loses_only_that_row(tmp_path):
    t = tmp_path / "t.tsv"
    t.write_bytes((HEADER + "d1\tThe council met.\nd2\tThe mayor\x00 spoke.\nd3\tThe plan passed.\n").encode())
    ids, errors = table_errors(t)
    assert ids == ["d1", "d3"]
    assert errors == [f"{t}:3: NUL byte at byte 13 of the line (not text)"]


def test_a_file_of_nul_bytes_is_still_binary(tmp_path):
    t = tmp_path / "t.tsv"
    t.write_bytes("doc_id\tmt\nd1\tx\n".encode("utf-16-le"))  # UTF-16 without a BOM: NULs everywhere
    result = CliRunner().invoke(cli, ["score", str(t), "--no-cache", "-q"])
    assert result.exit_code == 1 and "binary" in result.output


def jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_rows_that_json_refuses_cost_only_their_line(tmp_path):
    t = jsonl(tmp_path / "t.jsonl", [
        json.dumps({"doc_id": "d1", "mt": "The council met."}),
        '{"doc_id": "d2", "mt": "x", "n": ' + "9" * 5000 + "}",
        '{"doc_id": "d3", "mt": "broken \\ud800 text"}',
        '{"doc_id": "d4", "mt": NaN}',
        '{"doc_id": "d5", "mt": "ok", "score": Infinity}',
        json.dumps({"doc_id": "d6", "mt": "A valid pair \ud83d\ude00 stays."}, ensure_ascii=True),
    ])
    ids, errors = table_errors(t)
    assert ids == ["d1", "d6"]
    assert [e.split(": ", 1)[0] for e in errors] == [f"{t}:2", f"{t}:3", f"{t}:4", f"{t}:5"]
    assert "4300" in errors[0] and "surrogate" in errors[1] and "NaN" in errors[2] and "Infinity" in errors[3]


def test_score_jsonl_output_stays_valid_json(tmp_path):
    t = jsonl(tmp_path / "t.jsonl", ['{"doc_id": "d1", "mt": "The council met on Monday."}',
                                     '{"doc_id": "d2", "mt": NaN}'])
    result = CliRunner().invoke(cli, ["score", str(t), "--no-cache", "-q", "--format", "jsonl"])
    assert result.exit_code == 1
    records = [json.loads(line, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
               for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(records) == 2 and records[1]["line"] == 2 and "NaN" in records[1]["error"]
    assert f"{t}:2:" in result.output
