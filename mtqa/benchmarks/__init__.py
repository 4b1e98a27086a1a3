"""Benchmark scripts: each writes its figures under reports/ (run as python -m mtqa.benchmarks.NAME)."""
