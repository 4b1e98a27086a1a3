"""Every ``mtqa gate --format`` checked for structure: JSON and SARIF parsed with their
required fields, JUnit parsed as XML, GitHub annotations with lines and columns that point
into the input file, and the job summary."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa.checks.registry import all_checks
from mtqa.cli.main import cli
from mtqa.gate.github import command, paragraph_lines

QUOTES = "Engineers called the power line repair «a real record» on Monday."  # QT03, major
CALQUE = "Crews repaired the line on the territory of the city."  # ID01, minor
ANNOTATION = re.compile(r"^::(error|warning|notice) (?P<props>[^:]*)::(?P<msg>.*)$")


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "budget.mt.en.txt").write_text("Kyiv City Council approved the new budget on Tuesday.\n",
                                             encoding="utf-8")
    # the failing paragraph spans two lines and is indented: line 4, column 3 onwards
    (folder / "power.mt.en.txt").write_text(
        f"Power line repaired.\n\n\n  The work took a week.\n  {QUOTES}\n\n{CALQUE}\n", encoding="utf-8")
    return folder


def run(*args, env=None):
    return CliRunner().invoke(cli, ["gate", *map(str, args), "--no-cache"], env=env)


def props(line: str) -> dict[str, str]:
    m = ANNOTATION.match(line)
    assert m, line
    return dict(p.split("=", 1) for p in m["props"].split(","))


def test_json(corpus):
    result = run(corpus, "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["kind"] == "mtqa-gate" and doc["passed"] is False and doc["mtqa"]
    assert doc["thresholds"]["fail-on"] == "major"
    assert doc["summary"]["articles"] == 2 and doc["summary"]["failed"] == 1
    assert doc["summary"]["scored"] == 2 and doc["summary"]["reused"] == 0
    power = next(a for a in doc["articles"] if a["id"] == "power")
    assert power["passed"] is False and power["reasons"]
    qt03 = next(f for f in power["findings"] if f["code"] == "QT03")
    assert {"fingerprint", "severity", "level", "status", "paragraph", "start", "end", "line", "col",
            "message", "text"} <= set(qt03)
    assert (qt03["level"], qt03["status"], qt03["text"], qt03["line"], qt03["col"]) == \
        ("error", "new", "«a real record»", 5, 3 + QUOTES.index("«"))
    assert "mtqa gate FAILED" in result.stderr  # the summary line goes to stderr, not into the JSON


def test_junit(corpus, tmp_path):
    out = tmp_path / "junit.xml"
    result = run(corpus, "--format", "junit", "-o", out)
    assert result.exit_code == 1
    assert "FAIL power" in result.stdout  # the terminal still gets the failing lines
    root = ET.parse(out).getroot()
    assert root.tag == "testsuites" and root.get("tests") == "2" and root.get("failures") == "1"
    suite = root.find("testsuite")
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert set(cases) == {"budget", "power"}
    assert cases["budget"].find("failure") is None
    failure = cases["power"].find("failure")
    assert "at or above major" in failure.get("message")
    assert f"QT03 major paragraph 1 chars {len('The work took a week. ') + QUOTES.index('«')}-" in failure.text
    assert "line 5, col" in failure.text
    assert "ID01" in cases["power"].find("system-out").text


def test_junit_corpus_and_input_error_cases(corpus, tmp_path):
    (corpus / "broken.mt.en.txt").write_bytes(b"\x00\x00\x00")
    out = tmp_path / "junit.xml"
    run(corpus, "--format", "junit", "-o", out, "--min-corpus-score", "10", "-q")
    suite = ET.parse(out).getroot().find("testsuite")
    names = [c.get("name") for c in suite.iter("testcase")]
    assert "corpus" in names and any("broken" in n for n in names)
    assert suite.get("errors") == "1"


def test_github_annotations_point_into_the_file(corpus, tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("# earlier step\n", encoding="utf-8")
    result = run(corpus, "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    errors = [ln for ln in lines if ln.startswith("::error")]
    warnings = [ln for ln in lines if ln.startswith("::warning")]
    assert len(errors) == 1 and len(warnings) >= 1
    p = props(errors[0])
    assert p["file"].endswith("news/power.mt.en.txt")
    assert (p["line"], p["col"], p["title"]) == ("5", str(3 + QUOTES.index("«")), "mtqa QT03")
    assert int(p["endColumn"]) == int(p["col"]) + len("«a real record»")
    source_line = (corpus / "power.mt.en.txt").read_text(encoding="utf-8").splitlines()[4]
    assert source_line[int(p["col"]) - 1:].startswith("«a real record»")
    w = props(next(ln for ln in warnings if "mtqa ID01" in ln))
    assert w["line"] == "7" and w["col"] == str(CALQUE.index("on the territory") + 1)
    assert lines[-1].startswith("mtqa gate FAILED")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# earlier step\n## mtqa gate ❌ failed")
    assert "| power |" in text


def test_github_score_failure_and_table_rows(tmp_path):
    table = tmp_path / "rows.tsv"
    table.write_text("doc_id\tmt\nd1\tThe budget was approved.\nd1\tOfficials of «Kyivenergo» agreed.\n",
                     encoding="utf-8")
    result = run(table, "--format", "github")
    p = props(next(ln for ln in result.stdout.splitlines() if ln.startswith("::error")))
    assert p["line"] == "3" and p["title"] == "mtqa QT03"


def test_github_command_escaping():
    line = command("error", "100% bad\nnext", file="a,b:c.txt", line=3, title="mtqa QT01")
    assert line == "::error file=a%2Cb%3Ac.txt,line=3,title=mtqa QT01::100%25 bad%0Anext"


def test_sarif(corpus):
    result = run(corpus, "--format", "sarif")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["version"] == "2.1.0" and doc["$schema"].endswith("sarif-2.1.0.json")
    run0 = doc["runs"][0]
    rules = run0["tool"]["driver"]["rules"]
    assert run0["tool"]["driver"]["name"] == "mtqa"
    assert [r["id"] for r in rules] == list(all_checks())
    qt01 = next(r for r in rules if r["id"] == "QT01")
    assert qt01["shortDescription"]["text"] == all_checks()["QT01"].summary
    assert qt01["fullDescription"]["text"] == all_checks()["QT01"].doc == qt01["help"]["text"]
    assert qt01["defaultConfiguration"]["level"] == "error"
    assert next(r for r in rules if r["id"] == "ID01")["defaultConfiguration"]["level"] == "warning"
    results = run0["results"]
    assert results and all({"ruleId", "level", "message", "locations"} <= set(r) for r in results)
    qt03 = next(r for r in results if r["ruleId"] == "QT03")
    assert qt03["level"] == "error" and rules[qt03["ruleIndex"]]["id"] == "QT03"
    region = qt03["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 5 and region["startColumn"] == 3 + QUOTES.index("«")
    assert qt03["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("power.mt.en.txt")
    assert next(r for r in results if r["ruleId"] == "ID01")["level"] == "warning"
    assert run0["invocations"][0]["properties"]["passed"] is False


def test_sarif_marks_baselined_and_suppressed(corpus, tmp_path):
    base = tmp_path / "b.json"
    CliRunner().invoke(cli, ["baseline", str(corpus), "-o", str(base), "--no-cache"])
    result = run(corpus, "--format", "sarif", "--baseline", base)
    assert result.exit_code == 0
    results = json.loads(result.stdout)["runs"][0]["results"]
    assert {r["baselineState"] for r in results} == {"unchanged"}
    assert {r["level"] for r in results} == {"note"}


def test_paragraph_lines_follow_split_paragraphs():
    from mtqa.segment import split_paragraphs

    text = "One\n  two words\n\n \t\nThree\n\n\n\nfour\n"
    paras = paragraph_lines(text)
    assert [" ".join(s for _, _, s in p) for p in paras] == split_paragraphs(text)
    assert paras[0] == [(1, 0, "One"), (2, 2, "two words")]
    assert paras[2] == [(9, 0, "four")]
