"""Loading language knowledge kept as data files under ``mtqa/data``."""
from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources
from pathlib import Path


def data_path(name: str) -> Path:
    return Path(str(resources.files("mtqa") / "data" / name))


@lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """A set of lower-cased words, one per line; '#' starts a comment."""
    out = set()
    for line in data_path(name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.add(line.lower())
    return frozenset(out)


@lru_cache(maxsize=None)
def table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a tab-separated data file with a header; '#' lines are comments."""
    lines = [ln for ln in data_path(name).read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    return tuple(dict(r) for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
