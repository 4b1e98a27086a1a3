"""Golden-file test of the sample corpus report.

The jsonl records of `mtqa score corpora/sample` must match tests/golden/sample.jsonl:
texts, alignment, finding codes, spans and suggestions exactly; scores and metrics within a
small tolerance (embeddings may differ in the last digits between machines).
Regenerate after an intended change with:  MTQA_UPDATE_GOLDEN=1 pytest tests/test_golden.py
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa.cli.main import cli

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden" / "sample.jsonl"
FLOAT_TOLERANCE = 0.6  # score points / metric points; cosines are compared to 0.01


def _run(tmp_path: Path) -> list[dict]:
    out = tmp_path / "sample.jsonl"
    result = CliRunner().invoke(cli, ["score", str(REPO / "corpora" / "sample"), "--format", "jsonl",
                                      "-o", str(out), "--quiet", "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def _close(a, b, key: str) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        tol = 0.01 if "similarity" in key else FLOAT_TOLERANCE
        return a is not None and b is not None and abs(a - b) <= tol
    return a == b


@pytest.mark.models
def test_sample_corpus_matches_golden(tmp_path):
    records = _run(tmp_path)
    if os.environ.get("MTQA_UPDATE_GOLDEN"):
        GOLDEN.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    golden = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(golden)
    for got, want in zip(records, golden):
        where = f"{got['article']} ¶{got['paragraph']} s{got['sentence']}"
        assert set(got) == set(want), where
        for key in want:
            if key == "findings":
                strip = lambda fs: [(f["code"], f["start"], f["end"], f["severity"], f["suggestion"]) for f in fs]
                assert strip(got[key]) == strip(want[key]), where
            else:
                assert _close(got[key], want[key], key), f"{where}: {key} {got[key]!r} != {want[key]!r}"
