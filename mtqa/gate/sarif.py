"""SARIF 2.1.0 (GitHub code scanning, VS Code SARIF viewer, Azure DevOps).

One rule per check code (id, name, short description from the check's summary, full
description and help from its documentation, default level from its severity). One result
per finding with its location in the input file; findings that fail the gate are ``error``,
new findings below the threshold ``warning`` or ``note``, baselined ones carry
``baselineState: unchanged`` and suppressed ones a ``suppressions`` entry.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mtqa.gate.verdicts import GateResult

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
DEFAULT_LEVEL = {"critical": "error", "major": "error", "minor": "warning"}


def rules() -> list[dict[str, Any]]:
    from mtqa.checks.registry import all_checks

    out = []
    for c in all_checks().values():
        out.append({
            "id": c.code,
            "name": "".join(w.capitalize() for w in c.name.replace("_", "-").split("-")),
            "shortDescription": {"text": c.summary or c.name},
            "fullDescription": {"text": c.doc or c.summary or c.name},
            "help": {"text": c.doc or c.summary or c.name, "markdown": c.doc or c.summary or c.name},
            "defaultConfiguration": {"level": DEFAULT_LEVEL[c.severity.value]},
            "properties": {"family": c.family, "mqm": c.mqm, "severity": c.severity.value,
                           "tags": [c.family, c.mqm]},
        })
    return out


def document(result: "GateResult", locator=None) -> dict[str, Any]:
    from mtqa.version import __version__
    from mtqa.gate.github import Locator, finding_message

    locator = locator or Locator()
    rule_list = rules()
    index = {r["id"]: i for i, r in enumerate(rule_list)}
    results = []
    for v in result.articles:
        a = v.result
        paragraphs = {p.paragraph.index: p for p in a.paragraphs}
        for g in v.findings:
            f = g.finding
            p = paragraphs[f.paragraph]
            line, col = locator.position(a, p, f.start)
            end_line, end_col = locator.position(a, p, f.end)
            region: dict[str, Any] = {"startLine": line, "startColumn": col}
            if (end_line, end_col) > (line, col):
                region.update(endLine=end_line, endColumn=end_col)
            region["snippet"] = {"text": g.text}
            item: dict[str, Any] = {
                "ruleId": f.code,
                "level": {"error": "error", "warning": "warning"}.get(g.level, "note"),
                "message": {"text": finding_message(g)},
                "locations": [{
                    "physicalLocation": {"artifactLocation": {"uri": locator.file(a)}, "region": region},
                    "logicalLocations": [{"name": a.article.id, "kind": "module"}],
                }],
                "partialFingerprints": {"mtqaFingerprint/v1": g.fingerprint},
                "baselineState": "unchanged" if g.status == "baselined" else "new",
                "properties": {"article": a.article.id, "paragraph": f.paragraph, "start": f.start, "end": f.end,
                               "severity": f.severity.value, "family": f.family, "status": g.status},
            }
            if f.code in index:
                item["ruleIndex"] = index[f.code]
            if f.suggestion:
                item["properties"]["suggestion"] = f.suggestion
            if g.status == "suppressed" and g.entry is not None:
                item["suppressions"] = [{"kind": "external", "status": "accepted",
                                         "justification": f"{g.entry.status}: {g.entry.note}".rstrip(": ")}]
            results.append(item)
    notifications = [{"level": "error", "message": {"text": str(e)}} for e in result.report.errors]
    notifications += [{"level": "warning", "message": {"text": f"suppression matches nothing: {e.describe()}"}}
                      for e in result.stale_suppressions]
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "mtqa", "version": __version__, "semanticVersion": __version__,
                            "rules": rule_list}},
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications,
                         "properties": {"passed": result.passed, "reasons": [*result.reasons,
                                        *(f"{v.id}: {r}" for v in result.failed_articles for r in v.reasons)]}}],
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {"summary": result.summary(), "thresholds": result.thresholds.as_config()},
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(result: "GateResult", locator=None) -> str:
    return json.dumps(document(result, locator), ensure_ascii=False, indent=2) + "\n"
