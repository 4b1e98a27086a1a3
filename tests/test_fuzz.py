"""Property-based fuzzing of every reader and the config loader (issue 18): random bytes,
encodings, table rows, JSON lines, feeds, TOML and folder shapes. For each example: no
traceback, an exit code from the documented set (0, 1, 2), every readable input paragraph in
the output (or its row or file named in an error), and the same output cold or warm cache.

The ``ci`` profile (the default) runs a fixed, derandomised handful of examples per property
so the suite stays fast; ``HYPOTHESIS_PROFILE=thorough`` runs more, and
``python -m mtqa.benchmarks.fuzz`` many more, writing the counts to reports/fuzz.md. The cases
themselves live in mtqa/benchmarks/fuzz_cases.py, shared by both.
"""
from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtqa.benchmarks import fuzz_cases as fc

settings.register_profile("ci", max_examples=8, deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("thorough", max_examples=150, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def check(verdict: fc.Verdict) -> None:
    assert verdict.ok, verdict.explain()


@given(st.binary(max_size=400), st.sampled_from(fc.SUFFIXES))
def test_random_bytes_at_every_reader(data, suffix):
    check(fc.case_bytes(data, suffix))


@given(fc.table_rows(), st.sampled_from(["tsv", "csv", "jsonl"]), st.sampled_from(fc.ENCODINGS), st.booleans(),
       fc.junk_lines())
def test_table_rows_in_any_encoding(rows, kind, encoding, crlf, junk):
    check(fc.case_table(rows, kind, encoding, crlf, junk if kind == "jsonl" else []))


@given(fc.folder_shapes())
def test_folder_shapes(files):
    check(fc.case_folder(files))


@given(fc.feeds(), st.sampled_from(["utf-8", "utf-16", "latin-1"]))
def test_feeds(feed, encoding):
    check(fc.case_feed(*feed, encoding))


def test_a_feed_item_lost_is_caught(monkeypatch):
    """The feed property fails when the reader drops an item."""
    from mtqa.io import feed

    rss = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><item><guid>a</guid>'
           "<description>&lt;p&gt;The cat sat.&lt;/p&gt;</description></item><item><guid>b</guid>"
           "<description>&lt;p&gt;A dog ran.&lt;/p&gt;</description></item></channel></rss>")
    expected = {"a": ["The cat sat."], "b": ["A dog ran."]}
    assert fc.case_feed(".rss", rss, expected, "utf-8").ok
    real = feed.read_xml_feed

    def drop_first(path):
        batch = real(path)
        batch.articles = batch.articles[1:]
        return batch

    monkeypatch.setattr(feed, "read_xml_feed", drop_first)
    assert fc.case_feed(".rss", rss, expected, "utf-8").lost == ["item 'a': 'The cat sat.'"]


@given(fc.toml_documents(), st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_config_loader(text, encoding):
    check(fc.case_config(text, encoding))


def test_the_properties_catch_what_they_claim_to(monkeypatch):
    """The checks themselves: a reader that drops a row is caught as a loss, one that raises
    is caught as a traceback (so a green run of the fuzz tests means something)."""
    from mtqa.io import table

    rows = [{"mt": "The cat sat."}, {"mt": "A dog ran."}]
    assert fc.case_table(rows, "tsv", "utf-8", False, []).ok
    real = table._delimited_rows

    def drop_last(*args, **kwargs):
        header, got, errors = real(*args, **kwargs)
        return header, got[:-1], errors

    monkeypatch.setattr(table, "_delimited_rows", drop_last)
    lost = fc.case_table(rows, "tsv", "utf-8", False, [])
    assert lost.lost == ["tsv:3: 'A dog ran.'"]

    def boom(*args, **kwargs):
        raise RecursionError("simulated")

    monkeypatch.setattr(table, "_delimited_rows", boom)
    assert "RecursionError" in fc.case_table(rows, "tsv", "utf-8", False, []).traceback
