"""The layers in pyproject.toml cover every package of mtqa (lint-imports, run by the test
command, checks that imports follow them)."""
from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOP_LEVEL_OUTSIDE_LAYERS = {"__init__", "__main__"}  # the public API and `python -m mtqa`


def contracts() -> list[dict]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"]["contracts"]


def layered() -> set[str]:
    (layers,) = [c["layers"] for c in contracts() if c["type"] == "layers"]
    return {name.strip() for layer in layers for name in layer.split("|")}


def test_every_package_and_module_of_mtqa_is_in_a_layer():
    package = ROOT / "mtqa"
    found = {f"mtqa.{p.name}" for p in package.iterdir() if (p / "__init__.py").is_file()}
    found |= {f"mtqa.{p.stem}" for p in package.glob("*.py") if p.stem not in TOP_LEVEL_OUTSIDE_LAYERS}
    assert found - layered() == set(), "add new packages to [tool.importlinter] layers in pyproject.toml"
    assert layered() - found == set(), "a layer names a package that does not exist"


def test_every_check_family_is_declared_independent():
    families = {f"mtqa.checks.{p.name}" for p in (ROOT / "mtqa" / "checks").iterdir() if (p / "__init__.py").is_file()}
    (independent,) = [set(c["modules"]) for c in contracts() if c["type"] == "independence"]
    assert families == independent


def test_no_cycles_contract_covers_the_whole_package():
    assert any(c["type"] == "acyclic_siblings" and c["ancestors"] == ["mtqa"] for c in contracts())
