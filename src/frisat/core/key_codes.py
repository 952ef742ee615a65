"""Integer codes for the combinations of key columns, compared as text (missing as "").

The disclosure rules group a million rows by a few key columns (wave, område, enhed, gruppe, the
grouping). Building a MultiIndex of strings for that costs seconds; here each column is factorized
once (its distinct values turned into text), and the columns' codes are combined as integers. The
numbering is the sorted order of the key tuples, as ``MultiIndex.factorize(sort=True)`` of the texts
numbers them, so the atoms keep their numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def text_codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The code of each value as text (missing as ""), codes in the sorted order of the texts, and the
    sorted distinct texts (an object array of str). Equal texts (e.g. a missing value and "") share a code."""
    row_codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = pd.Series(uniques, dtype=object).astype("string").fillna("").to_numpy(dtype=object)
    if (row_codes < 0).any():
        texts = np.append(texts, "")
        row_codes = np.where(row_codes < 0, len(texts) - 1, row_codes)
    codes, distinct = pd.factorize(texts, sort=True)
    return codes.astype(np.int64)[row_codes], np.asarray(distinct, dtype=object)


def key_codes(frame: pd.DataFrame, columns: Sequence[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """The number of each row's combination of ``columns`` (0..m−1 in the sorted order of the key
    tuples as text) and the m distinct keys (object columns of str, in that order)."""
    combined = np.zeros(len(frame), dtype=np.int64)
    bound = 1
    parts: list[tuple[np.ndarray, np.ndarray]] = []
    for column in columns:
        codes, texts = text_codes(frame[column])
        parts.append((codes, texts))
        if bound * max(len(texts), 1) >= 2**62:  # renumber densely before the product could overflow
            distinct, combined = np.unique(combined, return_inverse=True)
            bound = len(distinct)
        combined = combined * max(len(texts), 1) + codes
        bound *= max(len(texts), 1)
    _distinct, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
    table = pd.DataFrame({column: texts[codes[first]] for column, (codes, texts) in zip(columns, parts, strict=True)})
    return inverse.reshape(-1).astype(np.int64), table


def class_sizes(frame: pd.DataFrame, columns: Sequence[str]) -> np.ndarray:
    """For each row, how many rows share its combination of ``columns`` (as text, missing as "")."""
    codes, _table = key_codes(frame, columns)
    return np.bincount(codes)[codes] if len(codes) else np.zeros(0, dtype=np.int64)
