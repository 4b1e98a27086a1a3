"""Alignment of MT text to reference, source or back-translation text.

In the spirit of Vecalign/Bertalign: a dynamic programme over two sequences (paragraphs, or
sentences inside aligned paragraphs) that allows 1-1, 1-2, 2-1, 2-2, 1-3, 3-1 blocks and
gaps (1-0, 0-1). A block's value is its similarity minus a threshold, so only blocks that
are more alike than unrelated text are worth taking; merges pay a small penalty. Similarity
is the calibrated cosine of the blocks' mean embeddings, mixed with a length agreement term.

Pure functions over vectors and lengths: no model is called here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

MOVES = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (1, 0), (0, 1))
THRESHOLD = 0.3  # calibrated similarity below which a pair is no better than a gap
MERGE_PENALTY = 0.04  # per extra item in a block
LENGTH_WEIGHT = 0.25


@dataclass(frozen=True)
class Block:
    """One step of an alignment: indexes on the left (MT) and right (other) side."""

    left: tuple[int, ...]
    right: tuple[int, ...]
    similarity: float | None = None

    @property
    def kind(self) -> str:
        return f"{len(self.left)}-{len(self.right)}"


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v


def block_similarity(
    left: Sequence[np.ndarray | None], right: Sequence[np.ndarray | None],
    left_len: Sequence[int], right_len: Sequence[int],
    calibrate: Callable[[float], float], length_ratio: float = 1.0,
) -> float:
    """Calibrated similarity (0..1) of two blocks of items."""
    lv = [v for v in left if v is not None]
    rv = [v for v in right if v is not None]
    if lv and rv:
        cos = float(np.dot(_unit(np.sum(lv, axis=0)), _unit(np.sum(rv, axis=0))))
        emb = calibrate(cos)
    else:
        emb = 0.0
    a, b = sum(left_len) * length_ratio, sum(right_len)
    length = min(a, b) / max(a, b) if max(a, b) > 0 else 1.0
    return (1 - LENGTH_WEIGHT) * emb + LENGTH_WEIGHT * length


def align(
    left_vecs: Sequence[np.ndarray | None], right_vecs: Sequence[np.ndarray | None],
    left_len: Sequence[int], right_len: Sequence[int],
    calibrate: Callable[[float], float], length_ratio: float = 1.0,
    threshold: float = THRESHOLD,
) -> list[Block]:
    """Best monotone alignment of two sequences, as blocks in order (gaps included)."""
    n, m = len(left_vecs), len(right_vecs)
    if n == 0 or m == 0:
        return [Block((i,), ()) for i in range(n)] + [Block((), (j,)) for j in range(m)]
    if n == 1 and m == 1:
        sim = block_similarity(left_vecs, right_vecs, left_len, right_len, calibrate, length_ratio)
        return [Block((0,), (0,), sim)]
    best = np.full((n + 1, m + 1), -np.inf)
    back: dict[tuple[int, int], tuple[int, int, float | None]] = {}
    best[0, 0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            for a, b in MOVES:
                pi, pj = i - a, j - b
                if pi < 0 or pj < 0 or best[pi, pj] == -np.inf:
                    continue
                if a == 0 or b == 0:
                    value, sim = 0.0, None
                else:
                    sim = block_similarity(left_vecs[pi:i], right_vecs[pj:j], left_len[pi:i],
                                           right_len[pj:j], calibrate, length_ratio)
                    value = sim - threshold - MERGE_PENALTY * (a + b - 2)
                total = best[pi, pj] + value
                if total > best[i, j]:
                    best[i, j] = total
                    back[(i, j)] = (a, b, sim)
    blocks: list[Block] = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b, sim = back[(i, j)]
        blocks.append(Block(tuple(range(i - a, i)), tuple(range(j - b, j)), sim))
        i, j = i - a, j - b
    blocks.reverse()
    return blocks
