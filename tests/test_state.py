"""``--state FILE``: a second run scores nothing new, a changed item alone is rescored, and a
corrupt, foreign or locked state file is a clear error (exit 2) that leaves the file as it was."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import mtqa
from mtqa.cli.main import cli
from mtqa.gate.state import State, StateError, decode, encode

ITEMS = [
    {"id": "budget", "mt": "Kyiv City Council approved the new budget on Tuesday.\n\nWork starts in March."},
    {"id": "power", "mt": "Engineers of the company «Energo» repaired the power line."},
    {"id": "calque", "mt": "Each repaired line is a drop in the sea for the city."},
]


def write_feed(path: Path, items: list[dict]) -> Path:
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    return path


def gate_json(path: Path, state: Path, *args) -> tuple[int, dict]:
    result = CliRunner().invoke(cli, ["gate", str(path), "--state", str(state), "--no-cache", "--format", "json",
                                      *map(str, args)])
    assert result.exit_code in (0, 1), (result.stdout, result.stderr)
    return result.exit_code, json.loads(result.stdout)


def stored_rows(state: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(state) as db:
        return db.execute("SELECT item, hash FROM results ORDER BY item").fetchall()


@pytest.fixture
def feed(tmp_path) -> Path:
    return write_feed(tmp_path / "feed.jsonl", ITEMS)


def test_results_round_trip_through_json(tmp_path):
    report = mtqa.score(_folder(tmp_path), use_cache=False)
    for a in report.articles:
        assert decode(json.loads(json.dumps(encode(a)))) == a


def _folder(tmp: Path) -> Path:
    folder = tmp / "news"
    folder.mkdir(exist_ok=True)
    for item in ITEMS:
        (folder / f"{item['id']}.mt.en.txt").write_text(item["mt"], encoding="utf-8")
    return folder


def test_second_run_scores_nothing_and_a_change_rescores_only_that_item(feed, tmp_path):
    state = tmp_path / "state.sqlite"
    code1, first = gate_json(feed, state)
    assert (first["summary"]["scored"], first["summary"]["reused"]) == (3, 0)
    code2, second = gate_json(feed, state)
    assert (second["summary"]["scored"], second["summary"]["reused"]) == (0, 3)
    assert code1 == code2 == 1
    assert second["articles"] == first["articles"]  # the same verdicts from the stored results

    changed = [dict(ITEMS[0]), {"id": "power", "mt": "Engineers of the company “Energo” repaired the power line."},
               ITEMS[2], {"id": "new", "mt": "The port handled more ships this year."}]
    write_feed(feed, changed)
    code3, third = gate_json(feed, state)
    assert (third["summary"]["scored"], third["summary"]["reused"]) == (2, 2)
    assert code3 == 0
    assert [a["id"] for a in third["articles"]] == ["budget", "power", "calque", "new"]
    # earlier versions are kept: the old "power" is still stored beside the new one
    assert [item for item, _ in stored_rows(state)].count("power") == 2


def test_state_works_for_folders_and_thresholds_do_not_invalidate_it(tmp_path):
    folder = _folder(tmp_path)
    state = tmp_path / "s.db"
    gate_json(folder, state)
    code, doc = gate_json(folder, state, "--fail-on", "critical")
    assert code == 0 and doc["summary"]["reused"] == 3


def test_changed_check_config_rescores(feed, tmp_path):
    state = tmp_path / "s.db"
    gate_json(feed, state)
    (feed.parent / "mtqa.toml").write_text('disable = ["ID01"]\n', encoding="utf-8")
    _, doc = gate_json(feed, state)
    assert doc["summary"]["scored"] == 3


def test_corrupt_state_file_is_exit_2_and_left_untouched(feed, tmp_path):
    state = tmp_path / "state.sqlite"
    junk = b"this is not a database, it is an old log file\n" * 20
    state.write_bytes(junk)
    result = CliRunner().invoke(cli, ["gate", str(feed), "--state", str(state), "--no-cache"])
    assert result.exit_code == 2
    assert "state file is unreadable or corrupt" in result.stderr and str(state) in result.stderr
    assert "Traceback" not in result.output
    assert state.read_bytes() == junk


def test_a_foreign_sqlite_database_is_not_touched(feed, tmp_path):
    state = tmp_path / "app.db"
    with sqlite3.connect(state) as db:
        db.execute("CREATE TABLE users (name TEXT)")
    before = state.read_bytes()
    result = CliRunner().invoke(cli, ["gate", str(feed), "--state", str(state), "--no-cache"])
    assert result.exit_code == 2 and "not an mtqa state file" in result.stderr
    assert state.read_bytes() == before


def test_locked_state_file_is_exit_2(feed, tmp_path, monkeypatch):
    import mtqa.gate.state

    state = tmp_path / "state.sqlite"
    State(state).close()
    monkeypatch.setattr(mtqa.gate.state, "LOCK_TIMEOUT", 0.05)
    holder = sqlite3.connect(state, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = CliRunner().invoke(cli, ["gate", str(feed), "--state", str(state), "--no-cache"])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 2
    assert "locked" in result.stderr


def test_a_failed_run_keeps_earlier_results(feed, tmp_path, monkeypatch):
    import mtqa.gate.state

    state = tmp_path / "state.sqlite"
    gate_json(feed, state)
    before = stored_rows(state)
    write_feed(feed, [*ITEMS, {"id": "new", "mt": "The port handled more ships."}])

    def crash(*args, **kwargs):
        raise RuntimeError("model crashed")

    monkeypatch.setattr(mtqa.gate.state, "score_batch", crash)
    result = CliRunner().invoke(cli, ["gate", str(feed), "--state", str(state), "--no-cache"])
    assert result.exit_code == 3
    assert stored_rows(state) == before


def test_state_class_refuses_garbage_directly(tmp_path):
    path = tmp_path / "x.db"
    path.write_bytes(b"\x00garbage" * 100)
    with pytest.raises(StateError, match="corrupt"):
        State(path)
