"""Issue 20: the --state file under concurrency and hostile content: several gates creating
one new state file at once; a row or baseline nested 100,000 deep; read-only files and
folders refused before scoring; a baseline entry with a list for its article."""
from __future__ import annotations

import json
import multiprocessing as mp
import os
import sqlite3
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa.gate.baseline import BaselineError, read_entries
from mtqa.cli.main import cli
from mtqa.gate.state import State, StateError

DEEP = "[" * 100_000 + "]" * 100_000


def _open(path: str, barrier, errors) -> None:
    barrier.wait()
    try:
        with State(path):
            pass
    except Exception as exc:  # noqa: BLE001 - reported to the parent
        errors.put(f"{type(exc).__name__}: {exc}")


class _SlowFirstLook(sqlite3.Connection):
    """A connection that dawdles after its first look at the tables, so every run starting at
    once sees a file without tables (the window in which 3 of 60 real gates failed)."""

    looked = False

    def execute(self, sql, *args):  # type: ignore[override]
        cursor = super().execute(sql, *args)
        if sql.startswith("SELECT name FROM sqlite_master") and not self.looked:
            self.looked = True
            rows = cursor.fetchall()
            time.sleep(0.3)
            return iter(rows)
        return cursor


def test_many_runs_creating_one_new_state_file_at_once(tmp_path, monkeypatch):
    import mtqa.gate.state

    real = sqlite3.connect
    monkeypatch.setattr(mtqa.gate.state.sqlite3, "connect", lambda *a, **kw: real(*a, factory=_SlowFirstLook, **kw))
    ctx = mp.get_context("fork")
    workers = 6
    for k in range(3):
        path = str(tmp_path / f"state{k}.sqlite")
        barrier, errors = ctx.Barrier(workers), ctx.Queue()
        procs = [ctx.Process(target=_open, args=(path, barrier, errors)) for _ in range(workers)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        found = []
        while not errors.empty():
            found.append(errors.get())
        assert found == [] and all(p.exitcode == 0 for p in procs)
        db = sqlite3.connect(path)
        assert dict(db.execute("SELECT key, value FROM meta")) == {"kind": "mtqa-state", "version": "1"}
        db.close()


def feed(tmp_path: Path) -> Path:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "a1", "mt": "The council met on Monday."}) + "\n", encoding="utf-8")
    return path


def gate(*args: object):
    return CliRunner().invoke(cli, ["gate", *map(str, args), "--no-cache"])


def test_a_state_row_nested_100000_deep_is_scored_again(tmp_path):
    state = tmp_path / "s.sqlite"
    assert gate(feed(tmp_path), "--state", state).exit_code == 0
    db = sqlite3.connect(state)
    db.execute("UPDATE results SET result = ?", (DEEP,))
    db.execute("UPDATE meta SET value = ? WHERE key = 'signatures'", (DEEP,))
    db.commit()
    db.close()
    result = gate(feed(tmp_path), "--state", state, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["articles"] == 1


def test_a_baseline_nested_100000_deep_exits_2_naming_it(tmp_path):
    baseline = tmp_path / "b.json"
    baseline.write_text(DEEP, encoding="utf-8")
    with pytest.raises(BaselineError, match="nested too deeply"):
        read_entries(baseline)
    result = gate(feed(tmp_path), "--baseline", baseline)
    assert result.exit_code == 2 and str(baseline) in result.output


def test_a_baseline_entry_whose_article_is_a_list_is_reported(tmp_path):
    baseline = tmp_path / "b.json"
    baseline.write_text(json.dumps({"version": 1, "kind": "mtqa-baseline", "findings": [
        {"fingerprint": "abc", "article": ["a1"], "code": "QT01"}]}), encoding="utf-8")
    result = gate(feed(tmp_path), "--baseline", baseline)
    assert result.exit_code == 2
    assert f"{baseline}: findings[0]: 'article' should be a string, not list" in result.output


def refuse_writes(monkeypatch, refused: Path) -> None:
    """Tests run as root, which may write anywhere: make os.access answer as for another user."""
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == refused and mode & os.W_OK
                        else real(p, mode, **kw))


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_state_is_refused_before_scoring(tmp_path, monkeypatch, what):
    folder = tmp_path / "state"
    folder.mkdir()
    state = folder / "s.sqlite"
    with State(state):
        pass
    refuse_writes(monkeypatch, state if what == "file" else folder)
    import mtqa.gate.state

    monkeypatch.setattr(mtqa.gate.state, "score_batch", lambda *a: pytest.fail("scored before the state was checked"))
    result = gate(feed(tmp_path), "--state", state)
    assert result.exit_code == 2, result.output
    assert "read-only" in result.output and str(state) in result.output and "corrupt" not in result.output
