"""An independent check of disclosure by combination, for tests: exact rank arithmetic, no audit code."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np


def leaks(cells: Sequence[Sequence[int]], sizes: Sequence[int], k: int) -> list[tuple[int, ...]]:
    """The sets T of small atoms (weight < k) on which a nonzero combination of ``cells`` (each a list
    of atom indices) is supported: rank(M) − rank(M without the columns T) > 0. Exponential in the
    number of small atoms: for small organisations only."""
    sizes = np.asarray(sizes)
    cells = [c for c in cells if len(c)]
    if not cells:
        return []
    matrix = np.zeros((len(cells), len(sizes)))
    for i, atoms in enumerate(cells):
        matrix[i, list(atoms)] = 1
    rank = np.linalg.matrix_rank(matrix)
    small = [a for a in range(len(sizes)) if 0 < sizes[a] < k]
    found = []
    for size in range(1, min(len(small), k - 1) + 1):  # every atom weighs ≥ 1: fewer than k atoms
        for subset in combinations(small, size):
            if sizes[list(subset)].sum() >= k:
                continue
            if np.linalg.matrix_rank(np.delete(matrix, list(subset), axis=1)) < rank:
                found.append(subset)
    return found
