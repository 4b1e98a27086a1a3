"""Scores: sacrebleu metrics, sentence embeddings (lazy heavy imports), the combined score."""
