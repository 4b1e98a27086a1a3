"""Hostile and careless input (issue 18): each case ends in a one-line error naming the file
(and line where there is one), exit 1 for unreadable input with the rest of the batch still
scored, exit 2 for usage and configuration, never a traceback, a hang or a silent pass."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa.cli.main import cli

MT_ONLY = 'mt\nThe cat sat on the mat.\nHe said "yes" .\n'


def invoke(*args: str):
    """Run ``mtqa`` in-process; an exception other than SystemExit is a traceback."""
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    return result


def errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(("mtqa: error", "Error:"))]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---- readers: the bad row or file is named, the rest is scored ------------------------------

@pytest.mark.parametrize("suffix,sep", [(".tsv", "\t"), (".csv", ",")])
def test_a_cell_over_the_csv_field_limit_is_read(tmp_path, suffix, sep):
    long = "Word " * 30_000  # 150,000 characters: over the csv module's default 131,072
    table = write(tmp_path / f"t{suffix}", f"mt{sep}note\nThe cat sat.{sep}x\n{long.strip()}{sep}y\nA dog ran.{sep}z\n")
    result = invoke("score", "--no-cache", "-q", "--format", "jsonl", table)
    assert result.exit_code == 0, result.stderr
    assert "The cat sat." in result.stdout and "A dog ran." in result.stdout
    assert '"article": "row3"' in result.stdout  # the long row itself is scored


def test_a_jsonl_row_nested_thousands_deep_costs_only_its_row(tmp_path):
    deep = "[" * 5000 + "]" * 5000
    table = write(tmp_path / "t.jsonl", '{"mt": "The cat sat."}\n{"mt": "x", "n": ' + deep + '}\n{"mt": "A dog ran."}\n')
    result = invoke("score", "--no-cache", "-q", "--format", "jsonl", table)
    assert result.exit_code == 1
    assert errors(result) == [f"mtqa: error: {table}:2: JSON nested more than 64 levels deep"]
    assert "The cat sat." in result.stdout and "A dog ran." in result.stdout


def test_fix_leaves_a_jsonl_row_nested_thousands_deep_as_it_is(tmp_path):
    deep = '{"mt": "x", "n": ' + "[" * 5000 + "]" * 5000 + "}"
    table = write(tmp_path / "t.jsonl", '{"mt": "He said \\"yes\\" today."}\n' + deep + "\n")
    result = invoke("fix", "-o", tmp_path / "out", table)
    assert result.exit_code == 1
    assert "t.jsonl:2: row not read, left as it is: JSON nested more than 64 levels deep" in result.stderr
    fixed = (tmp_path / "out" / "t.jsonl").read_text(encoding="utf-8").splitlines()
    assert fixed == ['{"mt": "He said \\"yes\\" today."}'.replace('\\"yes\\"', "“yes”"), deep]


def test_a_feed_whose_first_line_is_nested_deep_is_not_taken_for_a_crash(tmp_path):
    table = write(tmp_path / "t.jsonl", '{"id": 1, "mt": ' + "[" * 5000 + "]" * 5000 + '}\n{"mt": "A dog ran."}\n')
    result = invoke("score", "--no-cache", "-q", table)
    assert result.exit_code == 1 and errors(result) == [f"mtqa: error: {table}:1: JSON nested more than 64 levels deep"]


def remove_deep(top: Path) -> None:
    """Remove a tree without recursion: pytest's own clean-up of old temporary folders uses
    shutil.rmtree, which recurses once per level and would fail on it (in later sessions)."""
    stack = [(top, False)]
    while stack:
        path, emptied = stack.pop()
        if path.is_symlink() or not path.is_dir():
            path.unlink(missing_ok=True)
        elif emptied:
            path.rmdir()
        else:
            stack.append((path, True))
            stack.extend((child, False) for child in path.iterdir())


@pytest.fixture
def deep_tree(tmp_path):
    root, out = tmp_path / "tree", tmp_path / "fixed"
    try:
        yield root, out
    finally:
        for top in (root, out):
            if top.exists():
                remove_deep(top)


def test_a_folder_tree_thousands_deep_is_read_without_recursion(deep_tree):
    root, out = deep_tree
    write(root / "top.mt.en.txt", "The top article.\n")
    deep = root
    for _ in range(1200):  # os.makedirs would recurse once per level too
        deep = deep / "d"
        deep.mkdir()
    write(deep / "deep.mt.en.txt", "The deep article.\n")
    result = invoke("score", "--no-cache", "-q", "--format", "jsonl", root)
    assert result.exit_code == 0, result.stderr
    assert "The top article." in result.stdout and "The deep article." in result.stdout
    fixed = invoke("fix", "-o", out, root)
    assert fixed.exit_code == 0 and (out / Path(*["d"] * 1200) / "deep.mt.en.txt").is_file()


def test_a_link_loop_inside_a_folder_is_never_walked_round(tmp_path):
    root = tmp_path / "tree"
    write(root / "a.mt.en.txt", "The cat sat.\n")
    (root / "sub").mkdir()
    os.symlink("..", root / "sub" / "up")  # a loop back to the top
    os.symlink("x.mt.en.txt", root / "y.mt.en.txt")  # two links that lead to each other
    os.symlink("y.mt.en.txt", root / "x.mt.en.txt")
    result = invoke("score", "--no-cache", "-q", "--format", "jsonl", root)
    assert result.exit_code == 0 and result.stdout.count('"article": "a"') == 1


def test_a_feed_declaring_an_unknown_encoding_is_one_error(tmp_path):
    feed = write(tmp_path / "news.rss", '<?xml version="1.0" encoding="x-no-such"?>\n<rss version="2.0"><channel>'
                                        "<item><guid>1</guid><description>Hello.</description></item></channel></rss>")
    for command in ("score", "gate"):
        result = invoke(command, "--no-cache", "-q", feed)
        assert result.exit_code == 1
        assert any(f"{feed}:1: the XML declares an encoding that is not known" in line
                   for line in result.stderr.splitlines() + result.stdout.splitlines())


def test_a_fifo_given_as_a_table_is_refused_not_read(tmp_path):
    fifo = tmp_path / "t.tsv"
    os.mkfifo(fifo)
    for command in ("score", "gate", "fix"):
        result = invoke(command, "--no-cache", fifo) if command != "fix" else invoke("fix", "-o", tmp_path / "o", fifo)
        assert result.exit_code == 2, (command, result.output)
        assert "FIFO" in result.stderr and str(fifo) in result.stderr
    result = invoke("score", "--no-cache", "--config", fifo, write(tmp_path / "ok.tsv", MT_ONLY))
    assert result.exit_code == 2 and errors(result) == [
        f"mtqa: error: {fifo}: not a regular file; --config names a file (mtqa.toml or pyproject.toml)"]


def test_a_fifo_inside_a_folder_is_not_read(tmp_path):
    root = tmp_path / "tree"
    write(root / "a.mt.en.txt", "The cat sat.\n")
    os.mkfifo(root / "b.mt.en.txt")
    result = invoke("score", "--no-cache", "-q", "--format", "jsonl", root)
    assert result.exit_code == 0 and '"article": "a"' in result.stdout


def test_a_link_loop_given_as_input_is_a_usage_error(tmp_path):
    os.symlink(tmp_path / "b.tsv", tmp_path / "a.tsv")
    os.symlink(tmp_path / "a.tsv", tmp_path / "b.tsv")
    result = invoke("score", "--no-cache", tmp_path / "a.tsv")
    assert result.exit_code == 2 and "a.tsv" in result.stderr


# ---- configuration: usage errors, exit 2 ------------------------------------------------------

def test_a_toml_config_nested_thousands_deep_is_a_config_error(tmp_path):
    config = write(tmp_path / "mtqa.toml", "x = " + "[" * 5000 + "]" * 5000 + "\n")
    table = write(tmp_path / "t.tsv", MT_ONLY)
    for command in ("score", "gate"):
        result = invoke(command, "--no-cache", "--config", config, table)
        assert result.exit_code == 2
        assert errors(result) == [f"mtqa: error: {config}: not valid TOML: arrays or tables nested too deep"]
    found = invoke("score", "--no-cache", "-q", table)  # found next to the table, not named
    assert found.exit_code == 2 and str(config) in found.stderr


def test_config_naming_a_folder_is_a_usage_error(tmp_path):
    table = write(tmp_path / "t.tsv", MT_ONLY)
    for command in ("score", "gate"):
        result = invoke(command, "--no-cache", "--config", tmp_path, table)
        assert result.exit_code == 2
        assert errors(result) == [f"mtqa: error: {tmp_path}: is a folder; --config names a file "
                                  "(mtqa.toml or pyproject.toml)"]


def test_fix_in_place_on_a_read_only_file_names_it_and_fixes_the_rest(tmp_path):
    ro = write(tmp_path / "a.mt.en.txt", 'He said "yes" today.\n')
    rw = write(tmp_path / "b.mt.en.txt", 'She said "no" today.\n')
    ro.chmod(0o444)
    try:
        result = invoke("fix", "--in-place", tmp_path)
    finally:
        ro.chmod(0o644)
    assert result.exit_code == 1
    assert result.stderr.strip() == "a.mt.en.txt: not written: cannot write (the file is read-only)"
    assert ro.read_text(encoding="utf-8") == 'He said "yes" today.\n'
    assert rw.read_text(encoding="utf-8") == "She said “no” today.\n"


# ---- NaN and infinity thresholds: the gate must not pass silently -----------------------------

@pytest.mark.parametrize("option", [("--min-article-score", "nan"), ("--min-article-score", "NaN"),
                                    ("--min-corpus-score", "nan"), ("--min-article-score", "inf")])
def test_a_nan_or_infinite_score_option_is_a_usage_error(tmp_path, option):
    result = invoke("gate", "--no-cache", *option, write(tmp_path / "t.tsv", MT_ONLY))
    assert result.exit_code == 2 and f"'{option[0]}'" in result.stderr


@pytest.mark.parametrize("value", ["quotes=nan", "quotes=inf", "quotes=-inf", "quotes=-1"])
def test_a_nan_max_per_1k_is_a_usage_error(tmp_path, value):
    result = invoke("gate", "--no-cache", "--max-per-1k", value, write(tmp_path / "t.tsv", MT_ONLY))
    assert result.exit_code == 2
    assert errors(result) == [f"mtqa: error: --max-per-1k '{value}': the number should be finite and >= 0, e.g. garbled=5"]


@pytest.mark.parametrize("line,key", [("[gate]\nmin-article-score = nan", "gate.min-article-score"),
                                      ("[gate]\nmin-corpus-score = inf", "gate.min-corpus-score"),
                                      ("[gate]\nmax-per-1k-words = {quotes = nan}", "gate.max-per-1k-words.quotes"),
                                      ("[tool.mtqa.gate]\nmin-article-score = -inf", "gate.min-article-score")])
def test_a_nan_threshold_in_the_config_is_a_config_error_naming_the_key(tmp_path, line, key):
    name = "pyproject.toml" if "tool.mtqa" in line else "mtqa.toml"
    config = write(tmp_path / name, line + "\n")
    table = write(tmp_path / "t.tsv", MT_ONLY)
    for command in ("gate", "score"):
        result = invoke(command, "--no-cache", table)
        assert result.exit_code == 2, result.output
        (message,) = errors(result)
        assert message.startswith(f"mtqa: error: {config}: '{key}' should be a finite number")


def test_a_finite_threshold_still_fails_the_gate(tmp_path):
    """The guard is not a blanket refusal: a real threshold the MT misses still fails it."""
    result = invoke("gate", "--no-cache", "-q", "--min-article-score", "99.5", write(tmp_path / "t.tsv", MT_ONLY))
    assert result.exit_code == 1 and "below min-article-score 99.5" in result.output
