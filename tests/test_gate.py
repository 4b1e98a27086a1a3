"""``mtqa gate`` and ``mtqa baseline`` end to end on small MT-only folders (no model loads):
exit codes, thresholds from config files and flags, baselines, suppressions."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa.cli.main import cli
from mtqa.config import Config, ConfigError, from_mapping
from mtqa.report.fingerprint import fingerprint
from mtqa.gate.verdicts import evaluate, thresholds

CLEAN = ["Kyiv City Council approved the new budget on Tuesday.",
         "The mayor said the money would go to schools and hospitals."]
QUOTES = "Engineers called the power line repair «a real record» on Monday."  # QT03, major
CALQUE = "Crews repaired the line on the territory of the city."  # ID01, minor


def write(folder: Path, stem: str, paragraphs: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.mt.en.txt"
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def gate(*args, env=None):
    return CliRunner().invoke(cli, ["gate", *[str(a) for a in args], "--no-cache"], env=env)


def assert_exit(result, code: int) -> None:
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.output


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "news"
    write(folder, "budget", CLEAN)
    write(folder, "power", [CLEAN[0], QUOTES, CLEAN[1]])
    return folder


# ---- exit codes and the terminal lines ---------------------------------------------------

def test_clean_folder_passes(tmp_path):
    write(tmp_path / "ok", "budget", CLEAN)
    result = gate(tmp_path / "ok")
    assert_exit(result, 0)
    assert result.stdout.strip().splitlines()[-1].startswith("mtqa gate passed: 0 of 1 article failed")


def test_failing_article_gets_one_line_saying_what_and_why(corpus):
    result = gate(corpus)
    assert_exit(result, 1)
    fails = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert len(fails) == 1
    assert fails[0].startswith("FAIL power ")
    assert "1 major finding at or above major" in fails[0] and "QT03" in fails[0] and "«a real record»" in fails[0]
    assert "mtqa gate FAILED: 1 of 2 articles failed" in result.stdout


def test_fail_on_flag_overrides_the_default(corpus):
    assert_exit(gate(corpus, "--fail-on", "critical"), 0)
    assert_exit(gate(corpus, "--fail-on", "none"), 0)


def test_minor_findings_are_warnings_unless_fail_on_minor(tmp_path):
    write(tmp_path / "n", "calque", [CALQUE])
    result = gate(tmp_path / "n")
    assert_exit(result, 0)
    assert "1 new finding below fail-on (a warning): calque ID01" in result.stdout
    assert_exit(gate(tmp_path / "n", "--fail-on", "minor"), 1)


def test_config_file_next_to_input_sets_thresholds(corpus):
    (corpus / "mtqa.toml").write_text('[gate]\nfail-on = "critical"\n', encoding="utf-8")
    assert_exit(gate(corpus), 0)
    assert_exit(gate(corpus, "--fail-on", "major"), 1)  # the flag wins


def test_pyproject_tool_mtqa_gate_table(corpus):
    (corpus / "pyproject.toml").write_text('[tool.mtqa.gate]\nfail-on = "none"\n', encoding="utf-8")
    assert_exit(gate(corpus), 0)


def test_max_per_1k_words_inline_table(corpus):
    (corpus / "mtqa.toml").write_text('[gate]\nfail-on = "none"\nmax-per-1k-words = { quotes = 10 }\n',
                                      encoding="utf-8")
    result = gate(corpus)
    assert_exit(result, 1)
    assert "1 quotes finding in 31 words = 32.3 per 1k words (max-per-1k-words 10)" in result.stdout
    assert_exit(gate(corpus, "--max-per-1k", "quotes=50"), 0)


@pytest.mark.parametrize("toml, named", [
    ('[gate]\nfail_on = "major"\n', "gate.fail_on"),
    ('[gate]\nmax-per-1k-words = { garbeld = 5 }\n', "gate.max-per-1k-words.garbeld"),
    ('[gate]\nmax-per-1k-words = { quotes = "many" }\n', "gate.max-per-1k-words.quotes"),
    ('[gate]\nfail-on = "severe"\n', "gate.fail-on"),
    ('[gate]\nmin-article-score = 120\n', "gate.min-article-score"),
    ('[gates]\nfail-on = "major"\n', "gates"),
])
def test_config_errors_exit_2_naming_the_key(corpus, toml, named):
    (corpus / "mtqa.toml").write_text(toml, encoding="utf-8")
    result = gate(corpus)
    assert_exit(result, 2)
    assert named in result.stderr
    assert result.stderr.count("\n") == 1


def test_usage_errors_exit_2(tmp_path):
    assert_exit(gate(tmp_path / "missing"), 2)
    (tmp_path / "empty").mkdir()
    result = gate(tmp_path / "empty")
    assert_exit(result, 2)
    assert "no articles found" in result.stderr
    assert_exit(gate(tmp_path / "empty", "--format", "xml"), 2)


def test_unreadable_input_fails_the_gate(corpus):
    (corpus / "broken.mt.en.txt").write_bytes(b"\x00\x01\x02binary")
    result = gate(corpus, "--fail-on", "none")
    assert_exit(result, 1)
    assert "broken.mt.en.txt" in result.stdout and "could not be read" in result.stdout


def test_internal_error_exits_3_with_a_hint(corpus, monkeypatch):
    import mtqa.gate.verdicts

    def boom(*args, **kwargs):
        raise RuntimeError("something broke")

    monkeypatch.setattr(mtqa.gate.verdicts, "evaluate", boom)
    result = gate(corpus)
    assert_exit(result, 3)
    assert "internal error: RuntimeError: something broke" in result.stderr
    assert "MTQA_DEBUG=1" in result.stderr
    debug = gate(corpus, env={"MTQA_DEBUG": "1"})
    assert debug.exit_code == 3 and "Traceback" in debug.stderr


def test_help_documents_exit_codes_and_options():
    result = CliRunner().invoke(cli, ["gate", "--help"])
    assert result.exit_code == 0
    for option in ("--fail-on", "--min-article-score", "--min-corpus-score", "--baseline", "--suppressions",
                   "--format", "--state", "--cache-dir", "--no-cache", "--config", "-q"):
        assert option in result.stdout
    assert "3 internal error" in result.stdout


# ---- score thresholds (pure functions) ---------------------------------------------------

def test_score_thresholds_fail_articles_and_corpus(corpus):
    import mtqa

    report = mtqa.score(corpus, use_cache=False)
    low = dataclasses.replace(report.articles[0], score=55.0)
    report.articles = [low, report.articles[1]]
    config = from_mapping({"gate": {"fail-on": "none", "min-article-score": 60, "min-corpus-score": 90}})
    result = evaluate(report, thresholds(config))
    assert not result.passed
    assert result.articles[0].reasons == ("score 55.0 is below min-article-score 60",)
    assert result.articles[1].passed
    assert any("below min-corpus-score 90" in r for r in result.reasons)


def test_thresholds_reject_bad_values():
    with pytest.raises(ConfigError, match="gate.max-per-1k-words.quotes"):
        thresholds(from_mapping({"gate": {"max-per-1k-words": {"quotes": -1}}}))
    th = thresholds(Config())
    assert th.fail_on.value == "major" and th.max_per_1k_words == {}


# ---- baselines ---------------------------------------------------------------------------

def baseline(path, out, *args):
    return CliRunner().invoke(cli, ["baseline", str(path), "-o", str(out), "--no-cache", *map(str, args)])


def test_baseline_then_only_new_findings_fail(corpus, tmp_path):
    out = tmp_path / "mtqa-baseline.json"
    result = baseline(corpus, out)
    assert_exit(result, 0)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["version"] == 1 and doc["kind"] == "mtqa-baseline" and doc["mtqa"] and doc["created"]
    assert [(f["article"], f["code"], f["severity"], f["text"]) for f in doc["findings"]] == \
        [("power", "QT03", "major", "«a real record»")]
    assert_exit(gate(corpus, "--baseline", out), 0)

    # an edit elsewhere in the article (other paragraphs) keeps the match
    write(corpus, "power", ["A new first paragraph.", CLEAN[0] + " Later edit.", QUOTES])
    assert_exit(gate(corpus, "--baseline", out), 0)

    # a new finding fails, and only it
    write(corpus, "budget", [CLEAN[0], "Officials of «Kyivenergo» agreed."])
    result = gate(corpus, "--baseline", out)
    assert_exit(result, 1)
    fails = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert len(fails) == 1 and fails[0].startswith("FAIL budget") and "«Kyivenergo»" in fails[0]
    assert "1 baselined" in result.stdout


def test_two_identical_findings_need_two_entries(corpus, tmp_path):
    out = tmp_path / "b.json"
    assert_exit(baseline(corpus, out), 0)
    write(corpus, "power", [CLEAN[0], QUOTES, CLEAN[1], QUOTES])
    result = gate(corpus, "--baseline", out)
    assert_exit(result, 1)
    assert "1 major finding" in result.stdout


def test_fixed_findings_leave_stale_baseline_entries_reported(corpus, tmp_path):
    out = tmp_path / "b.json"
    assert_exit(baseline(corpus, out), 0)
    write(corpus, "power", CLEAN)
    result = gate(corpus, "--baseline", out)
    assert_exit(result, 0)
    assert "1 baseline entry matches no finding any more" in result.stdout


def test_baseline_from_config_is_relative_to_the_config_file(corpus, tmp_path):
    assert_exit(baseline(corpus, corpus / "base.json"), 0)
    (corpus / "mtqa.toml").write_text('[gate]\nbaseline = "base.json"\n', encoding="utf-8")
    assert_exit(gate(corpus), 0)


def test_missing_or_bad_baseline_is_a_usage_error(corpus, tmp_path):
    result = gate(corpus, "--baseline", tmp_path / "nope.json")
    assert_exit(result, 2)
    assert "baseline" in result.stderr and "nope.json" in result.stderr
    bad = tmp_path / "bad.json"
    bad.write_text('{"kind": "something-else"}', encoding="utf-8")
    assert_exit(gate(corpus, "--baseline", bad), 2)


# ---- suppressions ------------------------------------------------------------------------

def suppressions(path: Path, items: list[dict]) -> Path:
    path.write_text(json.dumps({"version": 1, "kind": "mtqa-suppressions", "suppressions": items}), encoding="utf-8")
    return path


def power_fingerprint() -> str:
    text = QUOTES
    start = text.index("«")
    return fingerprint("power", "QT03", text, start, text.index("»") + 1)


def test_suppressions_and_stale_suppression_report(corpus, tmp_path):
    supp = suppressions(tmp_path / "s.json", [
        {"fingerprint": power_fingerprint(), "article": "power", "code": "QT03", "status": "false-alarm",
         "note": "a quoted claim", "text": "«a real record»"},
        {"fingerprint": "0123456789abcdef", "article": "budget", "code": "ID01", "status": "accepted",
         "note": "", "text": "gone"},
    ])
    result = gate(corpus, "--suppressions", supp)
    assert_exit(result, 0)
    assert "stale suppression: budget ID01 \"gone\" [0123456789abcdef]" in result.stdout
    assert "1 suppressed" in result.stdout


def test_suppressed_findings_are_left_out_of_a_new_baseline(corpus, tmp_path):
    supp = suppressions(tmp_path / "s.json", [{"fingerprint": power_fingerprint(), "article": "power",
                                               "code": "QT03", "status": "accepted", "note": "", "text": ""}])
    out = tmp_path / "b.json"
    assert_exit(baseline(corpus, out, "--suppressions", supp), 0)
    assert json.loads(out.read_text(encoding="utf-8"))["findings"] == []


def test_bad_suppression_status_is_a_usage_error(corpus, tmp_path):
    supp = suppressions(tmp_path / "s.json", [{"fingerprint": "ab", "status": "ignored"}])
    result = gate(corpus, "--suppressions", supp)
    assert_exit(result, 2)
    assert "status 'ignored'" in result.stderr


def test_gate_score_leaves_out_the_penalties_of_known_findings(corpus, monkeypatch):
    import mtqa
    import mtqa.scoring.combine as combine
    from mtqa.gate.verdicts import gate_score

    monkeypatch.setattr(combine, "sentence_score", lambda m, findings: 100.0 - 10 * len(list(findings)))
    report = mtqa.score(corpus, use_cache=False)
    power = next(a for a in report.articles if a.article.id == "power")
    assert power.score < 100.0 and gate_score(power, []) == power.score
    assert gate_score(power, power.findings) == 100.0
