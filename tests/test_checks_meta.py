"""Every registered check is documented and carries examples, and its examples behave:
each ``fail`` example yields a finding of the check's code, each ``passes`` example none."""
from __future__ import annotations

import re

import pandas as pd
import pytest

import mtqa
from mtqa.checks.registry import CODE_RE, Check, all_checks
from mtqa.checks.testing import example_context
from mtqa.config import Config
from mtqa.model import Severity

CHECKS = all_checks()
HEADINGS = ("What it does", "Why it matters", "Example", "Use instead", "Options")

# examples that show a bug in the check or the pipeline (see the reasons)
KNOWN_BUGS: dict = {}


def example_params():
    out = []
    for code, check in CHECKS.items():
        for kind, examples in (("fail", check.fail), ("passes", check.passes)):
            for i, ex in enumerate(examples):
                marks = [pytest.mark.models] if check.pipeline else []
                if (code, kind, i) in KNOWN_BUGS:
                    marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[(code, kind, i)]))
                out.append(pytest.param(code, kind, ex, id=f"{code}-{kind}-{i}", marks=marks))
    return out


@pytest.mark.parametrize("code", list(CHECKS))
def test_code_and_metadata(code):
    check = CHECKS[code]
    assert CODE_RE.match(code) and re.fullmatch(r"[A-Z]{2}\d{2}", code)
    assert check.code == code
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", check.name)
    assert isinstance(check.severity, Severity)
    assert re.fullmatch(r"[A-Z][A-Za-z ]+/[A-Z][A-Za-z ]+", check.mqm), check.mqm
    assert check.summary and len(check.summary) < 120


def test_codes_and_names_are_unique_and_families_share_a_prefix():
    names = [c.name for c in CHECKS.values()]
    assert len(set(names)) == len(names)
    prefixes: dict[str, set[str]] = {}
    for code, check in CHECKS.items():
        prefixes.setdefault(check.family, set()).add(code[:2])
    assert all(len(p) == 1 for p in prefixes.values()), prefixes


@pytest.mark.parametrize("code", list(CHECKS))
def test_docstring_has_every_heading(code):
    doc = CHECKS[code].doc
    for heading in HEADINGS:
        assert re.search(rf"^{heading}$", doc, re.MULTILINE), f"{code}: no '{heading}' heading"
        body = re.search(rf"^{heading}\n: (.+)", doc, re.MULTILINE)
        assert body and body.group(1).strip(), f"{code}: '{heading}' is empty"


@pytest.mark.parametrize("code", list(CHECKS))
def test_has_fail_and_pass_examples(code):
    check = CHECKS[code]
    assert len(check.fail) >= 1, f"{code} has no fail example"
    assert len(check.passes) >= 1, f"{code} has no passes example"


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("meta-cache"))


def findings_of(check: Check, example, cache_dir: str) -> list[str]:
    """Codes of the findings the example yields: directly for rule checks, through the whole
    pipeline for checks that need alignment or model scores."""
    if not check.pipeline:
        return [f.code for f in check.run(example_context(check, example))]
    ex = {"mt": example} if isinstance(example, str) else dict(example)
    options = ex.pop("options", {})
    row = {role: ex[role] for role in ("mt", "ref", "src", "bt") if ex.get(role) or role == "mt"}
    config = Config().with_core(**{"enable-only": [check.code]})
    if options:
        config = config.with_table(check.family, **options)
    report = mtqa.score(pd.DataFrame([row]), cache_dir=cache_dir, config=config)
    (record,) = report.to_records()
    return [f["code"] for f in record["findings"]]


@pytest.mark.parametrize("code, kind, example", example_params())
def test_examples(code, kind, example, cache_dir):
    check = CHECKS[code]
    found = findings_of(check, example, cache_dir)
    if kind == "fail":
        assert code in found, f"{code} does not flag its fail example {example!r}"
    else:
        assert code not in found, f"{code} flags its passes example {example!r}: {found}"
