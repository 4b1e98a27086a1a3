"""Sentence and token embeddings (MiniLM, multilingual-e5-small), loaded lazily, and the
SQLite cache that keeps them, metrics and results between runs."""
