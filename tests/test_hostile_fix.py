"""Issue 20, item 1: ``mtqa fix`` never writes through a link out of the input or output
tree, and writes through a temporary file and an atomic rename."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa.cli.fix import fix
from mtqa.io.atomic import OutsideTree, write_atomic

BAD = "He said «yes» to the plan.\n"
FIXED = "He said “yes” to the plan.\n"


def tree(tmp_path: Path) -> tuple[Path, Path]:
    news, outside = tmp_path / "news", tmp_path / "outside"
    news.mkdir()
    outside.mkdir()
    (news / "court-ruling.mt.en.txt").write_text(BAD, encoding="utf-8")
    return news, outside


def test_o_does_not_write_through_a_link_in_the_output_folder(tmp_path):
    news, outside = tree(tmp_path)
    victim = outside / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "court-ruling.mt.en.txt").symlink_to(victim)
    result = CliRunner().invoke(fix, [str(news), "-o", str(out)])
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    written = out / "court-ruling.mt.en.txt"
    assert not written.is_symlink() and written.read_text(encoding="utf-8") == FIXED  # the link was replaced
    assert result.exit_code == 0, result.output


def test_o_does_not_write_through_a_linked_subfolder(tmp_path):
    news, outside = tree(tmp_path)
    (news / "sub").mkdir()
    (news / "sub" / "a.mt.en.txt").write_text(BAD, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to(outside, target_is_directory=True)
    result = CliRunner().invoke(fix, [str(news), "-o", str(out)])
    assert list(outside.iterdir()) == []
    assert result.exit_code == 1 and "sub/a.mt.en.txt: not written" in result.output
    assert (out / "court-ruling.mt.en.txt").read_text(encoding="utf-8") == FIXED  # the rest is written


def test_in_place_does_not_follow_a_link_out_of_the_tree(tmp_path):
    news, outside = tree(tmp_path)
    script = outside / "deploy.sh"
    script.write_text('echo «x»\n', encoding="utf-8")
    (news / "notes.mt.en.txt").symlink_to(script)
    result = CliRunner().invoke(fix, [str(news), "--in-place"])
    assert script.read_text(encoding="utf-8") == 'echo «x»\n'
    assert (news / "notes.mt.en.txt").is_symlink()
    assert "notes.mt.en.txt: skipped: a symbolic link out of" in result.output and result.exit_code == 1
    assert (news / "court-ruling.mt.en.txt").read_text(encoding="utf-8") == FIXED


def test_in_place_through_a_link_inside_the_tree_edits_its_target_atomically(tmp_path):
    news, _ = tree(tmp_path)
    real = news / "court-ruling.mt.en.txt"
    os.chmod(real, 0o640)
    (news / "alias").mkdir()
    (news / "alias" / "same.mt.en.txt").symlink_to(real)
    before = os.stat(real).st_ino
    result = CliRunner().invoke(fix, [str(news), "--in-place"])
    assert result.exit_code == 0, result.output
    assert real.read_text(encoding="utf-8") == FIXED and (news / "alias" / "same.mt.en.txt").is_symlink()
    assert os.stat(real).st_ino != before  # a new file renamed into place, not rewritten in place
    assert oct(os.stat(real).st_mode & 0o777) == oct(0o640)
    assert not [p for p in news.rglob("*.tmp")]


def test_write_atomic_refuses_a_folder_outside_the_root(tmp_path):
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "up").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(OutsideTree):
        write_atomic(tmp_path / "root" / "up" / "x.txt", b"x", tmp_path / "root")
    assert not (tmp_path / "x.txt").exists()
